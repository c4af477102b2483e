import { NextResponse } from "next/server";
import { authorizeRoomAction, withUser } from "@/lib/authz/door";
import { env } from "@/lib/env";
import { parseBody } from "@/lib/http";
import { createInvitationLink, listInvitations } from "@/lib/invitations";
import { createInvitationBodySchema } from "@/lib/schemas/invitations";

export const runtime = "nodejs";

/** The room's invitation links (never their tokens), for owners and admins. */
export const GET = withUser<{ roomId: string }>(async (_request, { ids: { roomId }, user }) => {
  await authorizeRoomAction({ user, where: { id: roomId }, action: { type: "member.invite" } });
  return NextResponse.json({ invitations: await listInvitations({ roomId }) });
});

/** A new shareable link; the URL (with its token) is in this response only. */
export const POST = withUser<{ roomId: string }>(async (request, { ids: { roomId }, user }) => {
  const body = await parseBody(request, createInvitationBodySchema);
  await authorizeRoomAction({ user, where: { id: roomId }, action: { type: "member.invite" } });
  const invitation = await createInvitationLink({ roomId, actorId: user.id, ...body });
  const origin = env.NEXTAUTH_URL ?? new URL(request.url).origin;
  const { token, ...rest } = invitation;
  return NextResponse.json({ invitation: { ...rest, url: `${origin}/invite/${token}` } }, { status: 201 });
});
