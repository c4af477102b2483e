-- AlterTable
ALTER TABLE "Invitation" ADD COLUMN     "declinedAt" TIMESTAMPTZ(3),
ADD COLUMN     "email" TEXT,
ADD COLUMN     "inviteeId" TEXT,
ALTER COLUMN "tokenHash" DROP NOT NULL;

-- CreateIndex
CREATE INDEX "Invitation_inviteeId_idx" ON "Invitation"("inviteeId");

-- AddForeignKey
ALTER TABLE "Invitation" ADD CONSTRAINT "Invitation_inviteeId_fkey" FOREIGN KEY ("inviteeId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written: every invitation is either a token (link or emailed link) or addressed to a user.
ALTER TABLE "Invitation" ADD CONSTRAINT "Invitation_token_or_invitee" CHECK ("tokenHash" IS NOT NULL OR "inviteeId" IS NOT NULL);
