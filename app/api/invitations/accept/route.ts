import { NextResponse } from "next/server";
import { authorizeRoomAction, withUser } from "@/lib/authz/door";
import { AppError } from "@/lib/errors";
import { parseBody } from "@/lib/http";
import { acceptInvitation, findInvitation, invitationState } from "@/lib/invitations";
import { acceptInvitationBodySchema } from "@/lib/schemas/invitations";

export const runtime = "nodejs";

const refusals = {
  expired: "This invitation has expired. Ask for a new link.",
  revoked: "This invitation was revoked. Ask for a new link.",
  declined: "This invitation was declined. Ask for a new link.",
  used_up: "This invitation has been used up. Ask for a new link.",
} as const;

/** Joins the room of a valid link; accepting twice is harmless; a banned user is refused. */
export const POST = withUser(async (request, { user }) => {
  const { token } = await parseBody(request, acceptInvitationBodySchema);
  const invitation = await findInvitation({ token });
  if (!invitation) throw new AppError("not_found", "This invitation link is not valid.");
  const { room, context } = await authorizeRoomAction({ user, where: { id: invitation.room.id }, action: { type: "invitation.accept" } });
  const state = invitationState(invitation);
  let joined = false;
  if (state === "valid") {
    ({ joined } = await acceptInvitation({ invitationId: invitation.id, roomId: room.id, userId: user.id }));
  } else if (!context.role) {
    // A member following an old link is simply let in; anyone else is told why the link is dead.
    throw new AppError("conflict", refusals[state]);
  }
  return NextResponse.json({ room: { id: room.id, slug: room.slug, name: room.name }, joined });
});
