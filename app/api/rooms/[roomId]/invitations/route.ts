import { NextResponse } from "next/server";
import { authorizeRoomAction, withUser } from "@/lib/authz/door";
import { env } from "@/lib/env";
import { parseBody } from "@/lib/http";
import { createInvitationLink, inviteByEmail, listInvitations } from "@/lib/invitations";
import { createInvitationBodySchema } from "@/lib/schemas/invitations";

export const runtime = "nodejs";

/** The room's invitation links (never their tokens), for owners and admins. */
export const GET = withUser<{ roomId: string }>(async (_request, { ids: { roomId }, user }) => {
  await authorizeRoomAction({ user, where: { id: roomId }, action: { type: "member.invite" } });
  return NextResponse.json({ invitations: await listInvitations({ roomId }) });
});

/**
 * `{email}`: invites a person (a registered user sees it live; anyone else gets a single-use link,
 * emailed or handed back here). Otherwise a new shareable link; its URL (with the token) is in
 * this response only.
 */
export const POST = withUser<{ roomId: string }>(async (request, { ids: { roomId }, user }) => {
  const body = await parseBody(request, createInvitationBodySchema);
  const { room } = await authorizeRoomAction({ user, where: { id: roomId }, action: { type: "member.invite" } });
  const origin = env.NEXTAUTH_URL ?? new URL(request.url).origin;
  if (body.kind === "email") {
    const invitation = await inviteByEmail({ room, actor: user, email: body.email, origin });
    return NextResponse.json({ invitation }, { status: invitation.kind === "user" && invitation.alreadyPending ? 200 : 201 });
  }
  const invitation = await createInvitationLink({ roomId, actorId: user.id, expiresInHours: body.expiresInHours, maxUses: body.maxUses });
  const { token, ...rest } = invitation;
  return NextResponse.json({ invitation: { ...rest, url: `${origin}/invite/${token}` } }, { status: 201 });
});
