import { NextResponse } from "next/server";
import { enforce, withUser } from "@/lib/authz/door";
import { decidePerson } from "@/lib/authz/policy";
import { blockPerson, loadPersonRelations, unblockPerson } from "@/lib/people";
import type { SessionUser } from "@/lib/users";

export const runtime = "nodejs";

async function authorizeBlock(user: SessionUser, userId: string): Promise<void> {
  const relation = (await loadPersonRelations({ callerId: user.id, targetIds: [userId] })).get(userId)!;
  enforce(decidePerson({ caller: { userId: user.id }, target: { id: userId, ...relation }, action: { type: "person.block" } }));
}

/** Blocks the person: they can no longer start a conversation with the caller. Idempotent. */
export const PUT = withUser<{ userId: string }>(async (_request, { ids: { userId }, user }) => {
  await authorizeBlock(user, userId);
  await blockPerson({ blockerId: user.id, blockedId: userId });
  return new NextResponse(null, { status: 204 });
});

/** Lifts the caller's block on the person. Idempotent. */
export const DELETE = withUser<{ userId: string }>(async (_request, { ids: { userId }, user }) => {
  await authorizeBlock(user, userId);
  await unblockPerson({ blockerId: user.id, blockedId: userId });
  return new NextResponse(null, { status: 204 });
});
