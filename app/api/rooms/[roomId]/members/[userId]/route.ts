import { NextResponse } from "next/server";
import { withRoom, type RoomDoorContext } from "@/lib/authz/door";
import type { Action } from "@/lib/authz/policy";
import { AppError } from "@/lib/errors";
import { parseBody } from "@/lib/http";
import { getMemberOrThrow, removeMemberAsAdmin, setRole } from "@/lib/moderation";
import { setRoleBodySchema } from "@/lib/schemas/members";

export const runtime = "nodejs";

type Params = { roomId: string; userId: string };

/** Loads the target member and asks the policy about `action` on them (the door has checked the caller may act in this room at all). */
async function authorizeOnTarget({ ids: { roomId, userId }, user, authorize }: RoomDoorContext<Params>, action: (targetRole: "OWNER" | "ADMIN" | "MEMBER") => Action) {
  if (userId === user.id) throw new AppError("conflict", "Use Leave to leave a room yourself.");
  const target = await getMemberOrThrow({ roomId, userId });
  authorize(action(target.role));
  return { roomId, target: { id: target.user.id, name: target.user.name, role: target.role } };
}

// Before saying anything about the target, the caller must be able to read the room.
const readable = { action: { type: "message.read" } } as const;

/** Removes a member; `?ban=true` also bans them. Their open pages lose the room at once. */
export const DELETE = withRoom<Params>(async (request, context) => {
  const ban = new URL(request.url).searchParams.get("ban") === "true";
  const { roomId, target } = await authorizeOnTarget(context, (targetRole) => (ban ? { type: "member.ban", targetRole } : { type: "member.remove", targetRole }));
  await removeMemberAsAdmin({ roomId, actorId: context.user.id, target, ban });
  return new NextResponse(null, { status: 204 });
}, readable);

/** Changes a member's role between ADMIN and MEMBER (owners only). */
export const PATCH = withRoom<Params>(async (request, context) => {
  const body = await parseBody(request, setRoleBodySchema);
  const { roomId, target } = await authorizeOnTarget(context, (targetRole) => ({ type: "member.setRole", targetRole, newRole: body.role }));
  await setRole({ roomId, actorId: context.user.id, target, role: body.role });
  return NextResponse.json({ member: { id: target.id, role: body.role } });
}, readable);
