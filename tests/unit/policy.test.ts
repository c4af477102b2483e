import { describe, expect, it } from "vitest";
import { decide, roles, type Action, type Caller, type Role, type RoomContext, type Visibility } from "@/lib/authz/policy";
import { parseChannel, roomMessagesChannel, roomPresenceChannel } from "@/lib/realtime/channels";

// Every caller state × every channel kind × every action. The tables are typed as complete
// records, so adding a role, a caller state or a channel kind without adding its rows does not compile.

const me = "user1";
const other = "user2";
const roomId = "room1";
const key = "0123456789abcdef0123456789abcdef";
const earlierKey = "fedcba9876543210fedcba9876543210";

type CallerState = "signed out" | "non-member" | Role;
const callerStates: CallerState[] = ["signed out", "non-member", ...roles];

function callerFor(state: CallerState): Caller {
  return state === "signed out" ? null : { userId: me };
}
function roomFor(state: CallerState, visibility: Visibility = "PRIVATE"): RoomContext {
  return { kind: "ROOM", visibility, role: state === "signed out" || state === "non-member" ? null : state, channelKey: key };
}

const channels = {
  "private room": roomMessagesChannel(roomId, key, false),
  "presence room": roomPresenceChannel(roomId, key),
  "encrypted room": roomMessagesChannel(roomId, key, true),
  // An earlier generation's names: retired by a removal, never signed again, for anyone.
  "private room, earlier key": roomMessagesChannel(roomId, earlierKey, false),
  "presence room, earlier key": roomPresenceChannel(roomId, earlierKey),
  "room without a key": `private-room-${roomId}`,
  public: "room-updates",
  "own user channel": `#server-to-user-${me}`,
  "another user's channel": `#server-to-user-${other}`,
  malformed: "private-room-Not_A_Valid_Id!",
  "unknown prefix": "private-admin-panel",
} as const;
type ChannelKind = keyof typeof channels;

type Expect = "allow" | 401 | 403 | 404 | 409;

// Subscribing (POST /api/pusher/auth), with encryption off. User channels are never signed there:
// the realtime service admits a connection to its own after `pusher:signin` (user-auth).
const subscribe: Record<CallerState, Record<ChannelKind, Expect>> = {
  "signed out": { "private room": 403, "presence room": 403, "encrypted room": 403, "private room, earlier key": 403, "presence room, earlier key": 403, "room without a key": 403, public: 403, "own user channel": 403, "another user's channel": 403, malformed: 403, "unknown prefix": 403 },
  "non-member": { "private room": 403, "presence room": 403, "encrypted room": 403, "private room, earlier key": 403, "presence room, earlier key": 403, "room without a key": 403, public: 403, "own user channel": 403, "another user's channel": 403, malformed: 403, "unknown prefix": 403 },
  MEMBER: { "private room": "allow", "presence room": "allow", "encrypted room": 403, "private room, earlier key": 403, "presence room, earlier key": 403, "room without a key": 403, public: 403, "own user channel": 403, "another user's channel": 403, malformed: 403, "unknown prefix": 403 },
  ADMIN: { "private room": "allow", "presence room": "allow", "encrypted room": 403, "private room, earlier key": 403, "presence room, earlier key": 403, "room without a key": 403, public: 403, "own user channel": 403, "another user's channel": 403, malformed: 403, "unknown prefix": 403 },
  OWNER: { "private room": "allow", "presence room": "allow", "encrypted room": 403, "private room, earlier key": 403, "presence room, earlier key": 403, "room without a key": 403, public: 403, "own user channel": 403, "another user's channel": 403, malformed: 403, "unknown prefix": 403 },
};

function outcome(decision: ReturnType<typeof decide>): Expect {
  return decision.allow ? "allow" : decision.status;
}

describe("policy - subscribing to channels", () => {
  for (const state of callerStates) {
    for (const kind of Object.keys(channels) as ChannelKind[]) {
      it(`${state} × ${kind} → ${subscribe[state][kind]}`, () => {
        const action: Action = { type: "channel.subscribe", channel: parseChannel(channels[kind]), encryptionEnabled: false };
        expect(outcome(decide({ caller: callerFor(state), room: roomFor(state), action }))).toBe(subscribe[state][kind]);
      });
    }
  }

  it("with encryption on, members get the encrypted room channel and not the plain one", () => {
    for (const role of roles) {
      const room = roomFor(role);
      const on = (name: string) => outcome(decide({ caller: { userId: me }, room, action: { type: "channel.subscribe", channel: parseChannel(name), encryptionEnabled: true } }));
      expect(on(channels["encrypted room"])).toBe("allow");
      expect(on(channels["private room"])).toBe(403);
      expect(on(channels["presence room"])).toBe("allow");
    }
  });

  it("a room that does not exist is refused like a room one is not in", () => {
    const decision = decide({ caller: { userId: me }, room: null, action: { type: "channel.subscribe", channel: parseChannel(channels["private room"]), encryptionEnabled: false } });
    expect(outcome(decision)).toBe(403);
  });
});

type MessageAction = "read history" | "send" | "edit own" | "delete own" | "edit another's" | "delete another's" | "react" | "upload a file" | "download a file";
const messageActions: Record<MessageAction, Action> = {
  "read history": { type: "message.read" },
  send: { type: "message.send" },
  "edit own": { type: "message.edit", authorId: me },
  "delete own": { type: "message.delete", authorId: me },
  "edit another's": { type: "message.edit", authorId: other },
  "delete another's": { type: "message.delete", authorId: other },
  react: { type: "message.react" },
  "upload a file": { type: "file.upload" },
  "download a file": { type: "file.read" },
};

// In a private room non-members get 404 (the room's existence is private); in a public one, 403.
const messages: Record<Visibility, Record<CallerState, Record<MessageAction, Expect>>> = {
  PRIVATE: {
    "signed out": { "read history": 401, send: 401, "edit own": 401, "delete own": 401, "edit another's": 401, "delete another's": 401, react: 401, "upload a file": 401, "download a file": 401 },
    "non-member": { "read history": 404, send: 404, "edit own": 404, "delete own": 404, "edit another's": 404, "delete another's": 404, react: 404, "upload a file": 404, "download a file": 404 },
    MEMBER: { "read history": "allow", send: "allow", "edit own": "allow", "delete own": "allow", "edit another's": 403, "delete another's": 403, react: "allow", "upload a file": "allow", "download a file": "allow" },
    ADMIN: { "read history": "allow", send: "allow", "edit own": "allow", "delete own": "allow", "edit another's": 403, "delete another's": "allow", react: "allow", "upload a file": "allow", "download a file": "allow" },
    OWNER: { "read history": "allow", send: "allow", "edit own": "allow", "delete own": "allow", "edit another's": 403, "delete another's": "allow", react: "allow", "upload a file": "allow", "download a file": "allow" },
  },
  PUBLIC: {
    "signed out": { "read history": 401, send: 401, "edit own": 401, "delete own": 401, "edit another's": 401, "delete another's": 401, react: 401, "upload a file": 401, "download a file": 401 },
    "non-member": { "read history": 403, send: 403, "edit own": 403, "delete own": 403, "edit another's": 403, "delete another's": 403, react: 403, "upload a file": 403, "download a file": 403 },
    MEMBER: { "read history": "allow", send: "allow", "edit own": "allow", "delete own": "allow", "edit another's": 403, "delete another's": 403, react: "allow", "upload a file": "allow", "download a file": "allow" },
    ADMIN: { "read history": "allow", send: "allow", "edit own": "allow", "delete own": "allow", "edit another's": 403, "delete another's": "allow", react: "allow", "upload a file": "allow", "download a file": "allow" },
    OWNER: { "read history": "allow", send: "allow", "edit own": "allow", "delete own": "allow", "edit another's": 403, "delete another's": "allow", react: "allow", "upload a file": "allow", "download a file": "allow" },
  },
};

describe("policy - messages", () => {
  for (const visibility of ["PRIVATE", "PUBLIC"] as const) {
    for (const state of callerStates) {
      for (const name of Object.keys(messageActions) as MessageAction[]) {
        it(`${visibility} room: ${state} × ${name} → ${messages[visibility][state][name]}`, () => {
          const decision = decide({ caller: callerFor(state), room: roomFor(state, visibility), action: messageActions[name] });
          expect(outcome(decision)).toBe(messages[visibility][state][name]);
        });
      }
    }
  }

  it("a room that does not exist is 404 for every message action", () => {
    for (const action of Object.values(messageActions)) expect(outcome(decide({ caller: { userId: me }, room: null, action }))).toBe(404);
  });
});

describe("policy - rooms", () => {
  it.each([
    ["PUBLIC", "non-member", { type: "room.join" }, "allow"],
    ["PRIVATE", "non-member", { type: "room.join" }, 404],
    ["PRIVATE", "MEMBER", { type: "room.join" }, "allow"],
    ["PUBLIC", "non-member", { type: "room.view" }, "allow"],
    ["PRIVATE", "non-member", { type: "room.view" }, 404],
    ["PRIVATE", "MEMBER", { type: "room.leave", ownerCount: 1 }, "allow"],
    ["PRIVATE", "ADMIN", { type: "room.leave", ownerCount: 1 }, "allow"],
    ["PRIVATE", "OWNER", { type: "room.leave", ownerCount: 1 }, 409],
    ["PRIVATE", "OWNER", { type: "room.leave", ownerCount: 2 }, "allow"],
    ["PUBLIC", "non-member", { type: "room.leave", ownerCount: 1 }, 409],
  ] as [Visibility, CallerState, Action, Expect][])("%s room: %s × %o → %s", (visibility, state, action, expected) => {
    expect(outcome(decide({ caller: callerFor(state), room: roomFor(state, visibility), action }))).toBe(expected);
  });

  it("signed out callers get 401 for every room action", () => {
    for (const action of [{ type: "room.view" }, { type: "room.join" }, { type: "room.leave", ownerCount: 2 }] as Action[]) {
      expect(outcome(decide({ caller: null, room: roomFor("MEMBER", "PUBLIC"), action }))).toBe(401);
    }
  });
});

describe("parseChannel", () => {
  it.each([
    [`private-room-abc123-${key}`, { kind: "room-messages", roomId: "abc123", key, encrypted: false }],
    [`private-encrypted-room-abc123-${key}`, { kind: "room-messages", roomId: "abc123", key, encrypted: true }],
    [`presence-room-abc123-${key}`, { kind: "room-presence", roomId: "abc123", key }],
    // Names without a generation, or with something else where the key goes, are not Parley's.
    ["private-room-abc123", { kind: "unknown", name: "private-room-abc123" }],
    ["presence-room-abc123", { kind: "unknown", name: "presence-room-abc123" }],
    [`presence-room-abc123-${key.toUpperCase()}`, { kind: "unknown", name: `presence-room-abc123-${key.toUpperCase()}` }],
    [`private-room-abc123-${key.slice(1)}`, { kind: "unknown", name: `private-room-abc123-${key.slice(1)}` }],
    ["#server-to-user-u1", { kind: "user", userId: "u1" }],
    ["lobby", { kind: "public", name: "lobby" }],
    ["private-room-", { kind: "unknown", name: "private-room-" }],
    ["presence-room-a b", { kind: "unknown", name: "presence-room-a b" }],
    ["private-foo", { kind: "unknown", name: "private-foo" }],
    ["#server-to-user-", { kind: "unknown", name: "#server-to-user-" }],
  ])("%s", (name, expected) => {
    expect(parseChannel(name)).toEqual(expected);
  });
});

type AdminAction =
  | "invite"
  | "remove a member"
  | "remove an admin"
  | "remove an owner"
  | "ban a member"
  | "ban an admin"
  | "ban a non-member"
  | "make a member admin"
  | "demote an admin"
  | "make someone owner"
  | "transfer ownership"
  | "edit settings"
  | "view the audit log";
const adminActions: Record<AdminAction, Action> = {
  invite: { type: "member.invite" },
  "remove a member": { type: "member.remove", targetRole: "MEMBER" },
  "remove an admin": { type: "member.remove", targetRole: "ADMIN" },
  "remove an owner": { type: "member.remove", targetRole: "OWNER" },
  "ban a member": { type: "member.ban", targetRole: "MEMBER" },
  "ban an admin": { type: "member.ban", targetRole: "ADMIN" },
  "ban a non-member": { type: "member.ban", targetRole: null },
  "make a member admin": { type: "member.setRole", targetRole: "MEMBER", newRole: "ADMIN" },
  "demote an admin": { type: "member.setRole", targetRole: "ADMIN", newRole: "MEMBER" },
  "make someone owner": { type: "member.setRole", targetRole: "OWNER", newRole: "MEMBER" },
  "transfer ownership": { type: "room.transferOwnership" },
  "edit settings": { type: "room.editSettings" },
  "view the audit log": { type: "room.viewAuditLog" },
};

// Every role × every admin action (private room: non-members get 404, so existence does not leak).
const admin: Record<CallerState, Record<AdminAction, Expect>> = {
  "signed out": { invite: 401, "remove a member": 401, "remove an admin": 401, "remove an owner": 401, "ban a member": 401, "ban an admin": 401, "ban a non-member": 401, "make a member admin": 401, "demote an admin": 401, "make someone owner": 401, "transfer ownership": 401, "edit settings": 401, "view the audit log": 401 },
  "non-member": { invite: 404, "remove a member": 404, "remove an admin": 404, "remove an owner": 404, "ban a member": 404, "ban an admin": 404, "ban a non-member": 404, "make a member admin": 404, "demote an admin": 404, "make someone owner": 404, "transfer ownership": 404, "edit settings": 404, "view the audit log": 404 },
  MEMBER: { invite: 403, "remove a member": 403, "remove an admin": 403, "remove an owner": 403, "ban a member": 403, "ban an admin": 403, "ban a non-member": 403, "make a member admin": 403, "demote an admin": 403, "make someone owner": 403, "transfer ownership": 403, "edit settings": 403, "view the audit log": 403 },
  ADMIN: { invite: "allow", "remove a member": "allow", "remove an admin": 403, "remove an owner": 403, "ban a member": "allow", "ban an admin": 403, "ban a non-member": "allow", "make a member admin": 403, "demote an admin": 403, "make someone owner": 403, "transfer ownership": 403, "edit settings": "allow", "view the audit log": "allow" },
  OWNER: { invite: "allow", "remove a member": "allow", "remove an admin": "allow", "remove an owner": 403, "ban a member": "allow", "ban an admin": "allow", "ban a non-member": "allow", "make a member admin": "allow", "demote an admin": "allow", "make someone owner": 403, "transfer ownership": "allow", "edit settings": "allow", "view the audit log": "allow" },
};

describe("policy - admin actions (the permission table)", () => {
  for (const state of callerStates) {
    for (const name of Object.keys(adminActions) as AdminAction[]) {
      it(`${state} × ${name} → ${admin[state][name]}`, () => {
        expect(outcome(decide({ caller: callerFor(state), room: roomFor(state), action: adminActions[name] }))).toBe(admin[state][name]);
      });
    }
  }

  it("a non-member of a public room is refused (403), not hidden", () => {
    for (const action of Object.values(adminActions)) {
      expect(outcome(decide({ caller: { userId: me }, room: roomFor("non-member", "PUBLIC"), action }))).toBe(403);
    }
  });
});
