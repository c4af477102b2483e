import { NextResponse } from "next/server";
import { authorizeRoomAction, withUser } from "@/lib/authz/door";
import { unban } from "@/lib/moderation";

export const runtime = "nodejs";

/** Lifts a ban (owners and admins); the person may then join again. */
export const DELETE = withUser<{ roomId: string; userId: string }>(async (_request, { ids: { roomId, userId }, user }) => {
  await authorizeRoomAction({ user, where: { id: roomId }, action: { type: "member.ban", targetRole: null } });
  await unban({ roomId, actorId: user.id, userId });
  return new NextResponse(null, { status: 204 });
});
