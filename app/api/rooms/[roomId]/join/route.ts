import { NextResponse } from "next/server";
import { authorizeRoomAction, withUser } from "@/lib/authz/door";
import { AppError } from "@/lib/errors";
import { addMember } from "@/lib/rooms";
import { roomIdParamSchema } from "@/lib/schemas/rooms";

export const runtime = "nodejs";

/** Joins a public room (a private one answers 404, as if it did not exist). */
export const POST = withUser<{ roomId: string }>(async (_request, { params, user }) => {
  const roomId = roomIdParamSchema.safeParse((await params).roomId);
  if (!roomId.success) throw new AppError("not_found", "Room not found.");
  const { room } = await authorizeRoomAction({ user, where: { id: roomId.data }, action: { type: "room.join" } });
  await addMember({ roomId: room.id, userId: user.id });
  return NextResponse.json({ room });
});
