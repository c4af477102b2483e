import { NextResponse } from "next/server";
import { withRoom } from "@/lib/authz/door";
import { addToConversation } from "@/lib/conversations";
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
  const added = await addToConversation({ roomId, callerId: user.id, userId: body.userId, check: (facts) => authorize({ type: "conversation.add", ...facts }) });
  return NextResponse.json({ member: { id: body.userId } }, { status: added ? 201 : 200 });
});
