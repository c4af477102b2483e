import { describe, expect, it } from "vitest";
import { decide, decidePerson, everyoneMentionLimit, type Action, type Caller, type Decision, type PersonRelation, type Role, type RoomContext, type RoomKind } from "@/lib/authz/policy";
import { parseChannel, roomMessagesChannel, roomPresenceChannel } from "@/lib/realtime/channels";

// Conversations (DIRECT, GROUP) × every caller state × every action, as one table typed as a
// complete record over the actions below; `everyActionType` makes a new action type in the policy
// fail to compile until it is listed, and a test checks each type has a row.

const me = "user1";
const other = "user2";
const roomId = "dm1";
const key = "0123456789abcdef0123456789abcdef";
const earlierKey = "fedcba9876543210fedcba9876543210";

type CallerState = "signed out" | "non-member" | "member";
const callerStates: CallerState[] = ["signed out", "non-member", "member"];
type Kind = Exclude<RoomKind, "ROOM">;

const reachable: PersonRelation = { exists: true, sharesRoom: true, blockedCaller: false };

type ActionName =
  | "view"
  | "join"
  | "leave"
  | "read history"
  | "send"
  | "send with @room"
  | "mute"
  | "react"
  | "upload a file"
  | "download a file"
  | "edit own"
  | "delete own"
  | "edit another's"
  | "delete another's"
  | "add someone they share a room with"
  | "add a stranger"
  | "add someone who blocked them"
  | "add someone with a block between them and a member"
  | "add a tenth person"
  | "invite"
  | "remove a member"
  | "ban a member"
  | "change a role"
  | "transfer ownership"
  | "edit settings"
  | "view the audit log"
  | "accept an invitation"
  | "subscribe to messages"
  | "subscribe to presence"
  | "subscribe to an earlier key";

const actions: Record<ActionName, Action> = {
  view: { type: "room.view" },
  join: { type: "room.join" },
  leave: { type: "room.leave", ownerCount: 0 },
  "read history": { type: "message.read" },
  send: { type: "message.send" },
  "send with @room": { type: "message.send", everyone: { memberCount: 9 } },
  mute: { type: "room.mute" },
  react: { type: "message.react" },
  "upload a file": { type: "file.upload" },
  "download a file": { type: "file.read" },
  "edit own": { type: "message.edit", authorId: me },
  "delete own": { type: "message.delete", authorId: me },
  "edit another's": { type: "message.edit", authorId: other },
  "delete another's": { type: "message.delete", authorId: other },
  "add someone they share a room with": { type: "conversation.add", target: reachable, memberCount: 3, blockWithMember: false },
  "add a stranger": { type: "conversation.add", target: { ...reachable, sharesRoom: false }, memberCount: 3, blockWithMember: false },
  "add someone who blocked them": { type: "conversation.add", target: { ...reachable, blockedCaller: true }, memberCount: 3, blockWithMember: false },
  "add someone with a block between them and a member": { type: "conversation.add", target: reachable, memberCount: 3, blockWithMember: true },
  "add a tenth person": { type: "conversation.add", target: reachable, memberCount: 9, blockWithMember: false },
  invite: { type: "member.invite" },
  "remove a member": { type: "member.remove", targetRole: "MEMBER" },
  "ban a member": { type: "member.ban", targetRole: "MEMBER" },
  "change a role": { type: "member.setRole", targetRole: "MEMBER", newRole: "ADMIN" },
  "transfer ownership": { type: "room.transferOwnership" },
  "edit settings": { type: "room.editSettings" },
  "view the audit log": { type: "room.viewAuditLog" },
  "accept an invitation": { type: "invitation.accept" },
  "subscribe to messages": { type: "channel.subscribe", channel: parseChannel(roomMessagesChannel(roomId, key, false)), encryptionEnabled: false },
  "subscribe to presence": { type: "channel.subscribe", channel: parseChannel(roomPresenceChannel(roomId, key)), encryptionEnabled: false },
  "subscribe to an earlier key": { type: "channel.subscribe", channel: parseChannel(roomMessagesChannel(roomId, earlierKey, false)), encryptionEnabled: false },
};

/** Every action type the policy knows: adding one to `Action` without listing it here does not compile. */
const everyActionType: Record<Action["type"], true> = {
  "channel.subscribe": true, "member.invite": true, "member.remove": true, "member.ban": true, "member.setRole": true, "room.transferOwnership": true,
  "room.editSettings": true, "room.viewAuditLog": true, "invitation.accept": true, "room.view": true, "room.join": true, "room.leave": true,
  "conversation.add": true, "room.mute": true, "message.read": true, "message.send": true, "message.edit": true, "message.delete": true, "message.react": true,
  "file.upload": true, "file.read": true,
};

type Expect = "allow" | 401 | 403 | 404 | 409;
type Row = Record<ActionName, Expect>;

/** Signed out: 401 for everything but channels (pusher-js expects 403 there). */
const signedOut = Object.fromEntries(Object.keys(actions).map((a) => [a, a.startsWith("subscribe") ? 403 : 401])) as Row;
/** Not in the conversation: it does not exist (404); its channels are refused (403). */
const stranger = Object.fromEntries(Object.keys(actions).map((a) => [a, a.startsWith("subscribe") ? 403 : 404])) as Row;

const memberOf = (kind: Kind): Row => ({
  view: "allow",
  join: "allow",
  leave: kind === "GROUP" ? "allow" : 409,
  "read history": "allow",
  send: "allow",
  "send with @room": "allow",
  mute: "allow",
  react: "allow",
  "upload a file": "allow",
  "download a file": "allow",
  "edit own": "allow",
  "delete own": "allow",
  "edit another's": 403,
  "delete another's": 403,
  "add someone they share a room with": kind === "GROUP" ? "allow" : 409,
  "add a stranger": kind === "GROUP" ? 404 : 409,
  "add someone who blocked them": kind === "GROUP" ? 403 : 409,
  "add someone with a block between them and a member": kind === "GROUP" ? 403 : 409,
  "add a tenth person": 409,
  invite: 403,
  "remove a member": 403,
  "ban a member": 403,
  "change a role": 403,
  "transfer ownership": 403,
  "edit settings": 403,
  "view the audit log": 403,
  // Conversations have no invitations: nobody gets in by one.
  "accept an invitation": 404,
  "subscribe to messages": "allow",
  "subscribe to presence": "allow",
  "subscribe to an earlier key": 403,
});

const table: Record<Kind, Record<CallerState, Row>> = {
  DIRECT: { "signed out": signedOut, "non-member": stranger, member: memberOf("DIRECT") },
  GROUP: { "signed out": signedOut, "non-member": stranger, member: memberOf("GROUP") },
};

const callerFor = (state: CallerState): Caller => (state === "signed out" ? null : { userId: me });
const roomFor = (kind: Kind, state: CallerState): RoomContext => ({ kind, visibility: "PRIVATE", role: state === "member" ? "MEMBER" : null, channelKey: key });
const outcome = (decision: Decision): Expect => (decision.allow ? "allow" : decision.status);

describe("policy - conversations", () => {
  for (const kind of ["DIRECT", "GROUP"] as const) {
    for (const state of callerStates) {
      for (const name of Object.keys(actions) as ActionName[]) {
        it(`${kind}: ${state} × ${name} → ${table[kind][state][name]}`, () => {
          expect(outcome(decide({ caller: callerFor(state), room: roomFor(kind, state), action: actions[name] }))).toBe(table[kind][state][name]);
        });
      }
    }
  }

  it("every action type of the policy has at least one row", () => {
    expect(new Set(Object.values(actions).map((a) => a.type))).toEqual(new Set(Object.keys(everyActionType)));
  });

  it("a conversation that does not exist is 404 like one the caller is not in", () => {
    expect(outcome(decide({ caller: { userId: me }, room: null, action: actions.view }))).toBe(404);
  });
});

describe("policy - @room in rooms", () => {
  const room = (role: Role | null): RoomContext => ({ kind: "ROOM", visibility: "PUBLIC", role, channelKey: key });
  const send = (memberCount: number): Action => ({ type: "message.send", everyone: { memberCount } });
  it.each([
    ["MEMBER", everyoneMentionLimit, "allow"],
    ["MEMBER", everyoneMentionLimit + 1, 403],
    ["ADMIN", everyoneMentionLimit + 1, "allow"],
    ["OWNER", 500, "allow"],
    [null, 5, 403],
  ] as [Role | null, number, Expect][])("%s in a room of %i people → %s", (role, size, expected) => {
    expect(outcome(decide({ caller: { userId: me }, room: room(role), action: send(size) }))).toBe(expected);
  });

  it("conversations.add in a room is refused: rooms gain people by invitation", () => {
    expect(outcome(decide({ caller: { userId: me }, room: room("OWNER"), action: { type: "conversation.add", target: reachable, memberCount: 2, blockWithMember: false } }))).toBe(409);
  });
});

describe("policy - starting a group with a block inside it", () => {
  it.each([
    ["someone reachable, no block among the others", reachable, false, "allow"],
    ["someone reachable, a block between two of the others", reachable, true, 403],
    ["a stranger, whatever else", { ...reachable, sharesRoom: false }, true, 404],
    ["someone who blocked the caller", { ...reachable, blockedCaller: true }, false, 403],
  ] as [string, PersonRelation, boolean, Expect][])("%s → %s", (_label, target, blockAmongOthers, expected) => {
    expect(outcome(decidePerson({ caller: { userId: me }, target: { id: other, ...target }, action: { type: "conversation.start", blockAmongOthers } }))).toBe(expected);
  });
});
