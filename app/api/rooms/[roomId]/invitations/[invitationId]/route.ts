import { NextResponse } from "next/server";
import { withRoom } from "@/lib/authz/door";
import { revokeInvitation } from "@/lib/invitations";

export const runtime = "nodejs";

/** Revokes a link: it stops working at once. */
export const DELETE = withRoom<{ roomId: string; invitationId: string }>(
  async (_request, { ids: { roomId, invitationId }, user }) => {
    await revokeInvitation({ roomId, invitationId, actorId: user.id });
    return new NextResponse(null, { status: 204 });
  },
  { action: { type: "member.invite" } },
);
