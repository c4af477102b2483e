import { NextResponse } from "next/server";
import { withRoom } from "@/lib/authz/door";
import { env } from "@/lib/env";
import { parseBody } from "@/lib/http";
import { createInvitationLink, inviteByEmail, listInvitations } from "@/lib/invitations";
import { consumeOrThrow, limiters } from "@/lib/rate-limit";
import { createInvitationBodySchema } from "@/lib/schemas/invitations";

export const runtime = "nodejs";

/** The room's invitations (never their tokens), for owners and admins. */
export const GET = withRoom(async (_request, { ids: { roomId } }) => NextResponse.json({ invitations: await listInvitations({ roomId }) }), {
  action: { type: "member.invite" },
});

/**
 * `{email}`: invites an address (a single-use link, emailed or handed back here; an account with
 * that address also sees it live). Otherwise a new shareable link; its URL (with the token) is in
 * this response only. Limited per inviter and hour: an invitation lands on someone else's screen.
 */
export const POST = withRoom(async (request, { ids: { roomId }, user, authorize }) => {
  const body = await parseBody(request, createInvitationBodySchema);
  const { room } = authorize({ type: "member.invite" });
  await consumeOrThrow([[limiters.invitationsByInviter, user.id]], "You have sent a lot of invitations. Try again in {seconds} seconds.");
  const origin = env.NEXTAUTH_URL ?? new URL(request.url).origin;
  if (body.kind === "email") {
    return NextResponse.json({ invitation: await inviteByEmail({ room, actor: user, email: body.email, origin }) }, { status: 201 });
  }
  const invitation = await createInvitationLink({ roomId, actorId: user.id, expiresInHours: body.expiresInHours, maxUses: body.maxUses });
  const { token, ...rest } = invitation;
  return NextResponse.json({ invitation: { ...rest, url: `${origin}/invite/${token}` } }, { status: 201 });
});
