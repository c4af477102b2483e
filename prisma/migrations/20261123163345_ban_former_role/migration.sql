-- AlterTable
ALTER TABLE "Ban" ADD COLUMN     "formerRole" "Role" NOT NULL DEFAULT 'MEMBER';
