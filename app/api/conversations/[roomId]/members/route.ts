import { NextResponse } from "next/server";
import { withRoom } from "@/lib/authz/door";
import { addToConversation, loadAddition } from "@/lib/conversations";
import { parseBody } from "@/lib/http";
import { addToConversationBodySchema } from "@/lib/schemas/conversations";

export const runtime = "nodejs";

/**
 * Adds someone to a group conversation. Any member may, for a person they share a room with who
 * has not blocked them, up to nine people. 201 when added, 200 when they were already in it.
 */
export const POST = withRoom(async (request, { ids: { roomId }, user, authorize }) => {
  const body = await parseBody(request, addToConversationBodySchema);
  // Members only, before anything about the person is looked up.
  authorize({ type: "message.read" });
  const { target, memberCount } = await loadAddition({ callerId: user.id, roomId, userId: body.userId });
  authorize({ type: "conversation.add", target, memberCount });
  const added = await addToConversation({ roomId, userId: body.userId });
  return NextResponse.json({ member: { id: body.userId } }, { status: added ? 201 : 200 });
});
