import { NextResponse } from "next/server";
import { authorizeRoomAction, withUser } from "@/lib/authz/door";
import { listBans } from "@/lib/moderation";

export const runtime = "nodejs";

/** Who is banned from the room (owners and admins, who may lift bans). */
export const GET = withUser<{ roomId: string }>(async (_request, { ids: { roomId }, user }) => {
  await authorizeRoomAction({ user, where: { id: roomId }, action: { type: "member.ban", targetRole: null } });
  return NextResponse.json({ bans: await listBans({ roomId }) });
});
