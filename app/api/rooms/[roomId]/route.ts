import { NextResponse } from "next/server";
import { withRoom } from "@/lib/authz/door";
import { parseBody } from "@/lib/http";
import { updateRoomSettings } from "@/lib/moderation";
import { broadcastRoomEvent } from "@/lib/messages";
import { roomSettingsBodySchema } from "@/lib/schemas/rooms";

export const runtime = "nodejs";

/** The room (members; anyone for a public room). */
export const GET = withRoom(async (_request, { authorize }) => {
  const { room, context } = authorize({ type: "room.view" });
  return NextResponse.json({ room: { ...room, role: context.role } });
});

/** Changes the name, description or visibility (owners and admins); audit-logged; open pages update live. */
export const PATCH = withRoom(async (request, { user, authorize }) => {
  const changes = await parseBody(request, roomSettingsBodySchema);
  const { room } = authorize({ type: "room.editSettings" });
  const { room: updated, channelKey } = await updateRoomSettings({ room, actorId: user.id, changes });
  if (channelKey) await broadcastRoomEvent({ roomId: room.id, channelKey }, "room.updated", { id: room.id, name: updated.name, description: updated.description, visibility: updated.visibility });
  return NextResponse.json({ room: updated });
});
