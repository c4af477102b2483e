import { NextResponse } from "next/server";
import { withRoom } from "@/lib/authz/door";
import { channelsOf } from "@/lib/realtime/room-channels";

export const runtime = "nodejs";

/**
 * The room's current channel names (members only). A client refused on the names it holds asks
 * here: new names mean the room moved to a new generation (someone was removed); 403/404 mean it
 * lost the room itself.
 */
export const GET = withRoom(async (_request, { authorize }) => {
  const { room, context } = authorize({ type: "message.read" });
  return NextResponse.json({ channels: channelsOf({ id: room.id, channelKey: context.channelKey }) }, { headers: { "Cache-Control": "no-store" } });
});
