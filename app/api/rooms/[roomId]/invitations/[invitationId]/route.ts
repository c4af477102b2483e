import { NextResponse } from "next/server";
import { authorizeRoomAction, withUser } from "@/lib/authz/door";
import { revokeInvitation } from "@/lib/invitations";

export const runtime = "nodejs";

/** Revokes a link: it stops working at once. */
export const DELETE = withUser<{ roomId: string; invitationId: string }>(async (_request, { ids: { roomId, invitationId }, user }) => {
  await authorizeRoomAction({ user, where: { id: roomId }, action: { type: "member.invite" } });
  await revokeInvitation({ roomId, invitationId, actorId: user.id });
  return new NextResponse(null, { status: 204 });
});
