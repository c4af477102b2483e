import { NextResponse } from "next/server";
import { withRoom } from "@/lib/authz/door";
import { AppError } from "@/lib/errors";
import { parseBody } from "@/lib/http";
import { broadcastMessageEvent, deleteMessage, editMessage, getMessageInRoom, toMessageDto } from "@/lib/messages";
import { editMessageBodySchema } from "@/lib/schemas/messages";

export const runtime = "nodejs";

type Params = { roomId: string; messageId: string };

// The caller must be able to read the room before anything is said about a message in it.
const readable = { action: { type: "message.read" } } as const;

/** Edits one's own message (marked edited). */
export const PATCH = withRoom<Params>(async (request, { ids: { roomId, messageId }, authorize }) => {
  const body = await parseBody(request, editMessageBodySchema);
  const message = await getMessageInRoom({ roomId, messageId });
  authorize({ type: "message.edit", authorId: message.author.id });
  if (message.deletedAt) throw new AppError("conflict", "This message was deleted.");
  const updated = await editMessage({ messageId: message.id, body: body.body });
  await broadcastMessageEvent({ event: "message.updated", ...updated, socketId: request.headers.get("x-socket-id") });
  return NextResponse.json({ message: updated.message });
}, readable);

/** Deletes one's own message, or anyone's for owners and admins; shown as "message deleted". */
export const DELETE = withRoom<Params>(async (request, { ids: { roomId, messageId }, authorize }) => {
  const message = await getMessageInRoom({ roomId, messageId });
  authorize({ type: "message.delete", authorId: message.author.id });
  if (message.deletedAt) return NextResponse.json({ message: toMessageDto(message) }); // deleting twice is harmless
  const deleted = await deleteMessage({ messageId: message.id });
  await broadcastMessageEvent({ event: "message.deleted", ...deleted, socketId: request.headers.get("x-socket-id") });
  return NextResponse.json({ message: deleted.message });
}, readable);
