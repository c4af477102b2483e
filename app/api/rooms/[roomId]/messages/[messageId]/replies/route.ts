import { NextResponse } from "next/server";
import { withRoom } from "@/lib/authz/door";
import { AppError } from "@/lib/errors";
import { validationError } from "@/lib/http";
import { listThread } from "@/lib/messages";
import { listRepliesQuerySchema } from "@/lib/schemas/messages";

export const runtime = "nodejs";

/** A thread: `{parent, replies (oldest first), nextCursor}`; `?after=<replyId>` pages on. Reply with POST …/messages `{parentId}`. */
export const GET = withRoom<{ roomId: string; messageId: string }>(
  async (request, { ids: { roomId, messageId } }) => {
    const query = listRepliesQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!query.success) throw validationError(query.error);
    const thread = await listThread({ roomId, parentId: messageId, afterId: query.data.after ?? "", limit: query.data.limit });
    if (!thread) throw new AppError("not_found", "That thread's message is not in this room.");
    return NextResponse.json(thread);
  },
  { action: { type: "message.read" } },
);
