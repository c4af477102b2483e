import { NextResponse } from "next/server";
import { withRoom } from "@/lib/authz/door";
import { getBanOrThrow, unban } from "@/lib/moderation";

export const runtime = "nodejs";

/** Lifts a ban (owners; admins for former members only); the person may then join again. */
export const DELETE = withRoom<{ roomId: string; userId: string }>(
  async (_request, { ids: { roomId, userId }, user, authorize }) => {
    // The door checked the caller may ban anyone here at all; only then say whether this person is banned.
    const ban = await getBanOrThrow({ roomId, userId });
    authorize({ type: "member.ban", targetRole: ban.formerRole });
    await unban({ roomId, actorId: user.id, userId });
    return new NextResponse(null, { status: 204 });
  },
  { action: { type: "member.ban", targetRole: null } },
);
