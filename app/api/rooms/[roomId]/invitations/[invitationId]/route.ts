import { NextResponse } from "next/server";
import { authorizeRoomAction, withUser } from "@/lib/authz/door";
import { AppError } from "@/lib/errors";
import { revokeInvitation } from "@/lib/invitations";
import { roomIdParamSchema } from "@/lib/schemas/rooms";

export const runtime = "nodejs";

/** Revokes a link: it stops working at once. */
export const DELETE = withUser<{ roomId: string; invitationId: string }>(async (_request, { params, user }) => {
  const raw = await params;
  const roomId = roomIdParamSchema.safeParse(raw.roomId);
  const invitationId = roomIdParamSchema.safeParse(raw.invitationId);
  if (!roomId.success || !invitationId.success) throw new AppError("not_found", "Not found.");
  await authorizeRoomAction({ user, where: { id: roomId.data }, action: { type: "member.invite" } });
  await revokeInvitation({ roomId: roomId.data, invitationId: invitationId.data, actorId: user.id });
  return new NextResponse(null, { status: 204 });
});
