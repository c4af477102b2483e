import { NextResponse } from "next/server";
import { authorizeRoomAction, withUser } from "@/lib/authz/door";
import { AppError } from "@/lib/errors";
import { acceptInvitation, findInvitationFor, invitationState } from "@/lib/invitations";
import { notifyUser } from "@/lib/realtime/notify-user";

export const runtime = "nodejs";

const refusals = {
  expired: "This invitation has expired. Ask a room admin to invite you again.",
  revoked: "This invitation was withdrawn.",
  declined: "You declined this invitation. Ask a room admin to invite you again.",
  used_up: "You already answered this invitation.",
} as const;

/** Accepts an invitation addressed to me: joins the room (a banned user is refused). */
export const POST = withUser<{ invitationId: string }>(async (_request, { ids: { invitationId }, user }) => {
  const invitation = await findInvitationFor({ invitationId, userId: user.id });
  const { room, context } = await authorizeRoomAction({ user, where: { id: invitation.roomId }, action: { type: "invitation.accept" } });
  const state = invitationState(invitation);
  if (state !== "valid" && !context.role) throw new AppError("conflict", refusals[state]);
  const { joined } = await acceptInvitation({ invitationId, roomId: room.id, userId: user.id });
  // Other open pages of mine drop it from their pending list.
  await notifyUser(user.id, "invitation.withdrawn", { id: invitationId });
  return NextResponse.json({ room: { id: room.id, slug: room.slug, name: room.name }, joined });
});
