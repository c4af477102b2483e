import { NextResponse } from "next/server";
import { withRoom } from "@/lib/authz/door";
import { listBans } from "@/lib/moderation";

export const runtime = "nodejs";

/** Who is banned from the room (owners and admins, who may lift bans). */
export const GET = withRoom(async (_request, { ids: { roomId } }) => NextResponse.json({ bans: await listBans({ roomId }) }), {
  action: { type: "member.ban", targetRole: null },
});
