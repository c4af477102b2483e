import { NextResponse } from "next/server";
import { withUser } from "@/lib/authz/door";
import { declineInvitation, findInvitationFor } from "@/lib/invitations";

export const runtime = "nodejs";

/** Declines an invitation addressed to me (harmless twice); the room's admins see it in the audit log. */
export const POST = withUser<{ invitationId: string }>(async (_request, { ids: { invitationId }, user }) => {
  const invitation = await findInvitationFor({ invitationId, userId: user.id });
  await declineInvitation({ invitation, userId: user.id });
  return new NextResponse(null, { status: 204 });
});
