import { NextResponse } from "next/server";
import { enforce, withUser } from "@/lib/authz/door";
import { decidePerson } from "@/lib/authz/policy";
import { loadPersonRelation } from "@/lib/people";

export const runtime = "nodejs";

/**
 * A person's card: name, when last seen, the rooms the caller shares with them, whether the
 * caller blocked them. Someone the caller shares nothing with is a 404, like an unknown id.
 */
export const GET = withUser<{ userId: string }>(async (_request, { ids: { userId }, user }) => {
  const person = await loadPersonRelation({ callerId: user.id, targetId: userId });
  enforce(decidePerson({ caller: { userId: user.id }, target: { id: userId, ...person }, action: { type: "person.view" } }));
  return NextResponse.json({
    user: { id: userId, name: person.name, lastSeenAt: person.lastSeenAt?.toISOString() ?? null, sharedRooms: person.sharedRooms, blockedByMe: person.blockedByCaller },
  });
});
