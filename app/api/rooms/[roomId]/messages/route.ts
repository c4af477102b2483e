import { NextResponse } from "next/server";
import { authorizeRoomAction, withUser } from "@/lib/authz/door";
import { parseBody, validationError } from "@/lib/http";
import { broadcastMessageEvent, createMessage, listMessages } from "@/lib/messages";
import { consumeOrThrow, limiters } from "@/lib/rate-limit";
import { listMessagesQuerySchema, sendMessageBodySchema } from "@/lib/schemas/messages";

export const runtime = "nodejs";

/** History, newest first, 50 a page: `?before=<nextCursor>` for the next (older) page. */
export const GET = withUser<{ roomId: string }>(async (request, { ids: { roomId }, user }) => {
  const query = listMessagesQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) throw validationError(query.error);
  await authorizeRoomAction({ user, where: { id: roomId }, action: { type: "message.read" } });
  return NextResponse.json(await listMessages({ roomId, ...query.data }));
});

/**
 * Sends a message: written first, then broadcast to the room (not to the sender's own socket,
 * named in X-Socket-ID). A retry with the same clientId answers 200 with the same message.
 */
export const POST = withUser<{ roomId: string }>(async (request, { ids: { roomId }, user }) => {
  const body = await parseBody(request, sendMessageBodySchema);
  // Independent round trips, run together: a refusal still wins (it is awaited first).
  const authorized = authorizeRoomAction({ user, where: { id: roomId }, action: { type: "message.send" } });
  const limited = consumeOrThrow([[limiters.sendMessage, `${user.id}:${roomId}`]], "You are sending messages too fast. Try again in {seconds} seconds.");
  await Promise.allSettled([authorized, limited]);
  await authorized;
  await limited;
  const { message, created } = await createMessage({ roomId, author: user, body: body.body, clientId: body.clientId });
  if (created) await broadcastMessageEvent({ event: "message.created", message, socketId: request.headers.get("x-socket-id") });
  return NextResponse.json({ message }, { status: created ? 201 : 200 });
});
