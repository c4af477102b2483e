import { NextResponse } from "next/server";
import { authorizeRoomAction, withUser } from "@/lib/authz/door";
import { listMembers } from "@/lib/moderation";

export const runtime = "nodejs";

/** The room's members and their roles (members only). */
export const GET = withUser<{ roomId: string }>(async (_request, { ids: { roomId }, user }) => {
  await authorizeRoomAction({ user, where: { id: roomId }, action: { type: "message.read" } });
  return NextResponse.json({ members: await listMembers({ roomId }) });
});
