import { NextResponse } from "next/server";
import { withUser } from "@/lib/authz/door";
import { parseBody } from "@/lib/http";
import { listSidebarRooms } from "@/lib/read-state";
import { createRoom } from "@/lib/rooms";
import { createRoomBodySchema } from "@/lib/schemas/rooms";

export const runtime = "nodejs";

/** The signed-in user's rooms and conversations, with their channel names and unread counts. */
export const GET = withUser(async (_request, { user }) => NextResponse.json({ rooms: await listSidebarRooms({ userId: user.id }) }));

/** Creates a room; the creator becomes its owner. */
export const POST = withUser(async (request, { user }) => {
  const body = await parseBody(request, createRoomBodySchema);
  const room = await createRoom({ userId: user.id, body });
  return NextResponse.json({ room }, { status: 201 });
});
