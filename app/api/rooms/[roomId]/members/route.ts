import { NextResponse } from "next/server";
import { withRoom } from "@/lib/authz/door";
import { listMembers } from "@/lib/moderation";

export const runtime = "nodejs";

/** The room's members and their roles (members only). */
export const GET = withRoom(async (_request, { ids: { roomId } }) => NextResponse.json({ members: await listMembers({ roomId }) }), {
  action: { type: "message.read" },
});
