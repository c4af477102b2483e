import { NextResponse } from "next/server";
import { withRoom } from "@/lib/authz/door";
import { parseBody } from "@/lib/http";
import { markRead } from "@/lib/read-state";
import { markReadBodySchema } from "@/lib/schemas/conversations";

export const runtime = "nodejs";

/**
 * Marks the room read up to `messageId` (never moves back), and answers what is still unread. The
 * person's other tabs and devices hear it on their user channel (read.updated).
 */
export const POST = withRoom(
  async (request, { ids: { roomId }, user }) => {
    const body = await parseBody(request, markReadBodySchema);
    return NextResponse.json(await markRead({ roomId, userId: user.id, messageId: body.messageId }));
  },
  { action: { type: "message.read" } },
);
