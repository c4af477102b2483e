import { NextResponse } from "next/server";
import { authorizeRoomAction, withUser } from "@/lib/authz/door";
import { parseBody } from "@/lib/http";
import { updateRoomSettings } from "@/lib/moderation";
import { broadcastRoomEvent } from "@/lib/messages";
import { roomSettingsBodySchema } from "@/lib/schemas/rooms";

export const runtime = "nodejs";

/** The room (members; anyone for a public room). */
export const GET = withUser<{ roomId: string }>(async (_request, { ids: { roomId }, user }) => {
  const { room, context } = await authorizeRoomAction({ user, where: { id: roomId }, action: { type: "room.view" } });
  return NextResponse.json({ room: { ...room, role: context.role } });
});

/** Changes the name, description or visibility (owners and admins); audit-logged; open pages update live. */
export const PATCH = withUser<{ roomId: string }>(async (request, { ids: { roomId }, user }) => {
  const changes = await parseBody(request, roomSettingsBodySchema);
  const { room } = await authorizeRoomAction({ user, where: { id: roomId }, action: { type: "room.editSettings" } });
  const updated = await updateRoomSettings({ room, actorId: user.id, changes });
  if (updated !== room) await broadcastRoomEvent(room.id, "room.updated", { id: room.id, name: updated.name, description: updated.description, visibility: updated.visibility });
  return NextResponse.json({ room: updated });
});
