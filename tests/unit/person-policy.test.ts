import { describe, expect, it } from "vitest";
import { decidePerson, type PersonAction, type PersonRelation } from "@/lib/authz/policy";

// Every relation the caller can have to another person × every person action. The table is typed
// as a complete record, so a new relation or action without its rows does not compile.

const me = "user1";
const other = "user2";

const relations = {
  "does not exist": { id: other, exists: false, sharesRoom: false, blockedCaller: false },
  "shares nothing": { id: other, exists: true, sharesRoom: false, blockedCaller: false },
  "shares nothing, blocked me": { id: other, exists: true, sharesRoom: false, blockedCaller: true },
  "shares a room": { id: other, exists: true, sharesRoom: true, blockedCaller: false },
  "shares a room, blocked me": { id: other, exists: true, sharesRoom: true, blockedCaller: true },
  myself: { id: me, exists: true, sharesRoom: true, blockedCaller: false },
} satisfies Record<string, PersonRelation & { id: string }>;
type RelationName = keyof typeof relations;

const actions = {
  "person.view": { type: "person.view" },
  "person.block": { type: "person.block" },
  "conversation.start": { type: "conversation.start" },
} satisfies Record<PersonAction["type"], PersonAction>;
type ActionName = keyof typeof actions;

type Expect = "allow" | 401 | 403 | 404 | 409;

// Signed in: what each relation allows. Someone the caller shares no room with is a 404 for the
// card, exactly like a missing id, so existence does not leak; blocking needs only that they exist.
const table: Record<RelationName, Record<ActionName, Expect>> = {
  "does not exist": { "person.view": 404, "person.block": 404, "conversation.start": 404 },
  "shares nothing": { "person.view": 404, "person.block": "allow", "conversation.start": 404 },
  "shares nothing, blocked me": { "person.view": 404, "person.block": "allow", "conversation.start": 404 },
  "shares a room": { "person.view": "allow", "person.block": "allow", "conversation.start": "allow" },
  "shares a room, blocked me": { "person.view": "allow", "person.block": "allow", "conversation.start": 403 },
  myself: { "person.view": "allow", "person.block": 409, "conversation.start": 409 },
};

const outcome = (d: ReturnType<typeof decidePerson>): Expect => (d.allow ? "allow" : d.status);

describe("decidePerson", () => {
  for (const [relationName, target] of Object.entries(relations) as [RelationName, (typeof relations)[RelationName]][]) {
    for (const [actionName, action] of Object.entries(actions) as [ActionName, PersonAction][]) {
      const expected = table[relationName][actionName];
      it(`${actionName} on someone who ${relationName}: ${expected}`, () => {
        expect(outcome(decidePerson({ caller: { userId: me }, target, action }))).toBe(expected);
      });
      it(`${actionName} on someone who ${relationName}, signed out: 401`, () => {
        expect(outcome(decidePerson({ caller: null, target, action }))).toBe(401);
      });
    }
  }

  it("a stranger and a missing id get the same refusal, word for word", () => {
    const view = { type: "person.view" } as const;
    const stranger = decidePerson({ caller: { userId: me }, target: relations["shares nothing"], action: view });
    const missing = decidePerson({ caller: { userId: me }, target: relations["does not exist"], action: view });
    expect(stranger).toEqual(missing);
  });

  it("being blocked is stated plainly when starting a conversation", () => {
    const decision = decidePerson({ caller: { userId: me }, target: relations["shares a room, blocked me"], action: actions["conversation.start"] });
    expect(decision).toMatchObject({ allow: false, status: 403, reason: "This person is not accepting messages from you." });
  });
});
