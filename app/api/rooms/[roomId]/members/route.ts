import { NextResponse } from "next/server";
import { authorizeRoomAction, withUser } from "@/lib/authz/door";
import { AppError } from "@/lib/errors";
import { listMembers } from "@/lib/moderation";
import { roomIdParamSchema } from "@/lib/schemas/rooms";

export const runtime = "nodejs";

/** The room's members and their roles (members only). */
export const GET = withUser<{ roomId: string }>(async (_request, { params, user }) => {
  const roomId = roomIdParamSchema.safeParse((await params).roomId);
  if (!roomId.success) throw new AppError("not_found", "Room not found.");
  await authorizeRoomAction({ user, where: { id: roomId.data }, action: { type: "message.read" } });
  return NextResponse.json({ members: await listMembers({ roomId: roomId.data }) });
});
