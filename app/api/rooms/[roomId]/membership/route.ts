import { NextResponse } from "next/server";
import { enforce, loadRoomContext, withUser } from "@/lib/authz/door";
import { decide } from "@/lib/authz/policy";
import { cutLiveAccess } from "@/lib/moderation";
import { countOwners, removeMember } from "@/lib/rooms";

export const runtime = "nodejs";

/**
 * Leaves a room (the only owner cannot). Then every realtime connection of the user is closed:
 * hosted Pusher cannot unsubscribe a client from one channel, so its clients reconnect and
 * re-authorize only the channels they may still have.
 */
export const DELETE = withUser<{ roomId: string }>(async (_request, { ids: { roomId }, user }) => {
  const loaded = await loadRoomContext({ userId: user.id, where: { id: roomId } });
  const ownerCount = loaded?.context.role === "OWNER" ? await countOwners({ roomId }) : 0;
  enforce(decide({ caller: { userId: user.id }, room: loaded?.context ?? null, action: { type: "room.leave", ownerCount } }));
  await removeMember({ roomId, userId: user.id });
  await cutLiveAccess({ userId: user.id, roomId, reason: "left" });
  return new NextResponse(null, { status: 204 });
});
