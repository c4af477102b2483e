import { NextResponse } from "next/server";
import { enforce, loadRoomContext, withUser } from "@/lib/authz/door";
import { decide } from "@/lib/authz/policy";
import { getBanOrThrow, unban } from "@/lib/moderation";

export const runtime = "nodejs";

/** Lifts a ban (owners; admins for former members only); the person may then join again. */
export const DELETE = withUser<{ roomId: string; userId: string }>(async (_request, { ids: { roomId, userId }, user }) => {
  const loaded = await loadRoomContext({ userId: user.id, where: { id: roomId } });
  const caller = { userId: user.id };
  // May the caller ban anyone here at all? Only then say whether this person is banned.
  enforce(decide({ caller, room: loaded?.context ?? null, action: { type: "member.ban", targetRole: null } }));
  const ban = await getBanOrThrow({ roomId, userId });
  enforce(decide({ caller, room: loaded!.context, action: { type: "member.ban", targetRole: ban.formerRole } }));
  await unban({ roomId, actorId: user.id, userId });
  return new NextResponse(null, { status: 204 });
});
