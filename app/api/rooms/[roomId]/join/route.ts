import { NextResponse } from "next/server";
import { authorizeRoomAction, withUser } from "@/lib/authz/door";
import { addMember } from "@/lib/rooms";

export const runtime = "nodejs";

/** Joins a public room (a private one answers 404, as if it did not exist). */
export const POST = withUser<{ roomId: string }>(async (_request, { ids: { roomId }, user }) => {
  const { room } = await authorizeRoomAction({ user, where: { id: roomId }, action: { type: "room.join" } });
  await addMember({ roomId: room.id, userId: user.id });
  return NextResponse.json({ room });
});
