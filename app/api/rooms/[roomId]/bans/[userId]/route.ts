import { NextResponse } from "next/server";
import { authorizeRoomAction, withUser } from "@/lib/authz/door";
import { AppError } from "@/lib/errors";
import { unban } from "@/lib/moderation";
import { userIdParamSchema } from "@/lib/schemas/members";
import { roomIdParamSchema } from "@/lib/schemas/rooms";

export const runtime = "nodejs";

/** Lifts a ban (owners and admins); the person may then join again. */
export const DELETE = withUser<{ roomId: string; userId: string }>(async (_request, { params, user }) => {
  const raw = await params;
  const roomId = roomIdParamSchema.safeParse(raw.roomId);
  const userId = userIdParamSchema.safeParse(raw.userId);
  if (!roomId.success || !userId.success) throw new AppError("not_found", "Not found.");
  await authorizeRoomAction({ user, where: { id: roomId.data }, action: { type: "member.ban", targetRole: null } });
  await unban({ roomId: roomId.data, actorId: user.id, userId: userId.data });
  return new NextResponse(null, { status: 204 });
});
