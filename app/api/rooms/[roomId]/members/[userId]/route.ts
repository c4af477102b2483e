import { NextResponse } from "next/server";
import { enforce, loadRoomContext, withUser } from "@/lib/authz/door";
import { decide, type Action } from "@/lib/authz/policy";
import { AppError } from "@/lib/errors";
import { parseBody } from "@/lib/http";
import { getMemberOrThrow, removeMemberAsAdmin, setRole } from "@/lib/moderation";
import { setRoleBodySchema } from "@/lib/schemas/members";
import type { SessionUser } from "@/lib/users";

export const runtime = "nodejs";

type Params = { roomId: string; userId: string };

/** Loads the caller's context and the target member, and asks the policy about `action`. */
async function authorize({ roomId, userId }: Params, user: SessionUser, action: (targetRole: "OWNER" | "ADMIN" | "MEMBER") => Action) {
  const loaded = await loadRoomContext({ userId: user.id, where: { id: roomId } });
  // Check the caller may act in this room at all before saying anything about the target.
  enforce(decide({ caller: { userId: user.id }, room: loaded?.context ?? null, action: { type: "message.read" } }));
  if (userId === user.id) throw new AppError("conflict", "Use Leave to leave a room yourself.");
  const target = await getMemberOrThrow({ roomId, userId });
  enforce(decide({ caller: { userId: user.id }, room: loaded!.context, action: action(target.role) }));
  return { roomId, target: { id: target.user.id, name: target.user.name, role: target.role } };
}

/** Removes a member; `?ban=true` also bans them. Their open pages lose the room at once. */
export const DELETE = withUser<Params>(async (request, { ids, user }) => {
  const ban = new URL(request.url).searchParams.get("ban") === "true";
  const { roomId, target } = await authorize(ids, user, (targetRole) => (ban ? { type: "member.ban", targetRole } : { type: "member.remove", targetRole }));
  await removeMemberAsAdmin({ roomId, actorId: user.id, target, ban });
  return new NextResponse(null, { status: 204 });
});

/** Changes a member's role between ADMIN and MEMBER (owners only). */
export const PATCH = withUser<Params>(async (request, { ids, user }) => {
  const body = await parseBody(request, setRoleBodySchema);
  const { roomId, target } = await authorize(ids, user, (targetRole) => ({ type: "member.setRole", targetRole, newRole: body.role }));
  await setRole({ roomId, actorId: user.id, target, role: body.role });
  return NextResponse.json({ member: { id: target.id, role: body.role } });
});
