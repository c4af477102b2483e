import { after, NextResponse } from "next/server";
import { withRoom } from "@/lib/authz/door";
import { parseBody, validationError } from "@/lib/http";
import { broadcastMessageEvent, broadcastThreadUpdate, createMessage, listMessages, listMessagesAfter, threadParticipants } from "@/lib/messages";
import { deliverMessageNotifications } from "@/lib/notifications";
import { limiters } from "@/lib/rate-limit";
import { countMembers } from "@/lib/rooms";
import { everyoneMentionPattern, listMessagesQuerySchema, sendMessageBodySchema } from "@/lib/schemas/messages";

export const runtime = "nodejs";

/**
 * History, newest first, 50 a page: `?before=<nextCursor>` for the next (older) page. Or forward,
 * oldest first: `?after=<messageId>` (empty: from the first message), `nextCursor` being the
 * `after` of the next page.
 */
export const GET = withRoom(async (request, { ids: { roomId }, authorize }) => {
  const query = listMessagesQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) throw validationError(query.error);
  authorize({ type: "message.read" });
  const { after, before, limit } = query.data;
  return NextResponse.json(after !== undefined ? await listMessagesAfter({ roomId, afterId: after, limit }) : await listMessages({ roomId, before, limit }));
});

/**
 * Sends a message: written first, then broadcast to the room (not to the sender's own socket,
 * named in X-Socket-ID). A retry with the same clientId answers 200 with the same message.
 */
export const POST = withRoom(
  async (request, { ids: { roomId }, user, loaded, authorize }) => {
    const body = await parseBody(request, sendMessageBodySchema);
    // @room is checked against the room's size only when used: the common send stays one statement.
    const everyone = everyoneMentionPattern.test(body.body);
    if (everyone) authorize({ type: "message.send", everyone: { memberCount: await countMembers({ roomId }) } });
    const { message, created, channelKey, mentionedUserIds, thread } = await createMessage({
      roomId,
      author: user,
      body: body.body,
      clientId: body.clientId,
      mentionIds: body.mentions,
      everyone,
      parentId: body.parentId ?? null,
      attachmentIds: body.attachmentIds,
    });
    if (created) {
      // A reply notifies the thread's followers (its author, those who replied or were mentioned in it) like a mention.
      const followers = message.parentId ? (await threadParticipants({ parentId: message.parentId })).filter((id) => id !== user.id) : [];
      await broadcastMessageEvent({ event: "message.created", message, channelKey, socketId: request.headers.get("x-socket-id"), notifyIds: followers });
      if (message.parentId && thread) await broadcastThreadUpdate({ event: { roomId, parentId: message.parentId, ...thread }, channelKey });
      // Web Push for those with no page open: after the answer, so sending never waits on push services.
      const { id, slug, name, kind } = loaded!.room;
      after(() => deliverMessageNotifications({ message, room: { id, slug, name, kind }, mentionedUserIds: [...new Set([...mentionedUserIds, ...followers])] }));
    }
    return NextResponse.json({ message }, { status: created ? 201 : 200 });
  },
  {
    action: { type: "message.send" },
    // The flood limit's round trip runs beside the door's own.
    rateLimit: { limits: (user, { roomId }) => [[limiters.sendMessage, `${user.id}:${roomId}`]], message: "You are sending messages too fast. Try again in {seconds} seconds." },
  },
);
