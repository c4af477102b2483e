import { NextResponse } from "next/server";
import { withRoom } from "@/lib/authz/door";
import { addMember } from "@/lib/rooms";

export const runtime = "nodejs";

/** Joins a public room (a private one answers 404, as if it did not exist). */
export const POST = withRoom(async (_request, { user, authorize }) => {
  const { room } = authorize({ type: "room.join" });
  await addMember({ roomId: room.id, userId: user.id });
  return NextResponse.json({ room });
});
