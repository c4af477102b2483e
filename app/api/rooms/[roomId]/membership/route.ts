import { NextResponse } from "next/server";
import { withRoom } from "@/lib/authz/door";
import { removeMembership } from "@/lib/moderation";
import { countOwners } from "@/lib/rooms";

export const runtime = "nodejs";

/**
 * Leaves a room (the only owner cannot). Like a removal, it retires the room's channel names, so
 * nothing published afterwards reaches any connection of the person who left.
 */
export const DELETE = withRoom(async (_request, { ids: { roomId }, user, loaded, authorize }) => {
  const ownerCount = loaded?.context.role === "OWNER" ? await countOwners({ roomId }) : 0;
  authorize({ type: "room.leave", ownerCount });
  await removeMembership({ roomId, userId: user.id, reason: "left" });
  return new NextResponse(null, { status: 204 });
});
