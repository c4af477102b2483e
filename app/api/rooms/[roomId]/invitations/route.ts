import { NextResponse } from "next/server";
import { authorizeRoomAction, withUser } from "@/lib/authz/door";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { parseBody } from "@/lib/http";
import { createInvitationLink, listInvitations } from "@/lib/invitations";
import { createInvitationBodySchema } from "@/lib/schemas/invitations";
import { roomIdParamSchema } from "@/lib/schemas/rooms";

export const runtime = "nodejs";

async function roomIdFrom(params: Promise<{ roomId: string }>) {
  const roomId = roomIdParamSchema.safeParse((await params).roomId);
  if (!roomId.success) throw new AppError("not_found", "Room not found.");
  return roomId.data;
}

/** The room's invitation links (never their tokens), for owners and admins. */
export const GET = withUser<{ roomId: string }>(async (_request, { params, user }) => {
  const roomId = await roomIdFrom(params);
  await authorizeRoomAction({ user, where: { id: roomId }, action: { type: "member.invite" } });
  return NextResponse.json({ invitations: await listInvitations({ roomId }) });
});

/** A new shareable link; the URL (with its token) is in this response only. */
export const POST = withUser<{ roomId: string }>(async (request, { params, user }) => {
  const roomId = await roomIdFrom(params);
  const body = await parseBody(request, createInvitationBodySchema);
  await authorizeRoomAction({ user, where: { id: roomId }, action: { type: "member.invite" } });
  const invitation = await createInvitationLink({ roomId, actorId: user.id, ...body });
  const origin = env.NEXTAUTH_URL ?? new URL(request.url).origin;
  const { token, ...rest } = invitation;
  return NextResponse.json({ invitation: { ...rest, url: `${origin}/invite/${token}` } }, { status: 201 });
});
