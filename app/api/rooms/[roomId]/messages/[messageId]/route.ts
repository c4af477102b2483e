import { NextResponse } from "next/server";
import { authorizeRoomAction, enforce, withUser } from "@/lib/authz/door";
import { decide } from "@/lib/authz/policy";
import { AppError } from "@/lib/errors";
import { parseBody } from "@/lib/http";
import { broadcastMessageEvent, deleteMessage, editMessage, getMessageInRoom, toMessageDto } from "@/lib/messages";
import { editMessageBodySchema } from "@/lib/schemas/messages";
import type { SessionUser } from "@/lib/users";

export const runtime = "nodejs";

type Params = { roomId: string; messageId: string };

/** Loads the room (caller must be able to read it) and the message in it. */
async function load({ roomId, messageId }: Params, user: SessionUser) {
  const { context } = await authorizeRoomAction({ user, where: { id: roomId }, action: { type: "message.read" } });
  const message = await getMessageInRoom({ roomId, messageId });
  return { context, message, caller: { userId: user.id } };
}

/** Edits one's own message (marked edited). */
export const PATCH = withUser<Params>(async (request, { ids, user }) => {
  const body = await parseBody(request, editMessageBodySchema);
  const { context, message, caller } = await load(ids, user);
  enforce(decide({ caller, room: context, action: { type: "message.edit", authorId: message.author.id } }));
  if (message.deletedAt) throw new AppError("conflict", "This message was deleted.");
  const updated = await editMessage({ messageId: message.id, body: body.body });
  await broadcastMessageEvent({ event: "message.updated", message: updated, socketId: request.headers.get("x-socket-id") });
  return NextResponse.json({ message: updated });
});

/** Deletes one's own message, or anyone's for owners and admins; shown as "message deleted". */
export const DELETE = withUser<Params>(async (request, { ids, user }) => {
  const { context, message, caller } = await load(ids, user);
  enforce(decide({ caller, room: context, action: { type: "message.delete", authorId: message.author.id } }));
  if (message.deletedAt) return NextResponse.json({ message: toMessageDto(message) }); // deleting twice is harmless
  const deleted = await deleteMessage({ messageId: message.id });
  await broadcastMessageEvent({ event: "message.deleted", message: deleted, socketId: request.headers.get("x-socket-id") });
  return NextResponse.json({ message: deleted });
});
