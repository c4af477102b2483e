import { describe, expect, it } from "vitest";
import { decide, roles, type Action, type Caller, type Role, type RoomContext, type Visibility } from "@/lib/authz/policy";
import { parseChannel, roomMessagesChannel, roomPresenceChannel } from "@/lib/realtime/channels";

// Every caller state × every channel kind × every action. The tables are typed as complete
// records, so adding a role, a caller state or a channel kind without adding its rows does not compile.

const me = "user1";
const other = "user2";
const roomId = "room1";

type CallerState = "signed out" | "non-member" | Role;
const callerStates: CallerState[] = ["signed out", "non-member", ...roles];

function callerFor(state: CallerState): Caller {
  return state === "signed out" ? null : { userId: me };
}
function roomFor(state: CallerState, visibility: Visibility = "PRIVATE"): RoomContext {
  return { visibility, role: state === "signed out" || state === "non-member" ? null : state };
}

const channels = {
  "private room": roomMessagesChannel(roomId, false),
  "presence room": roomPresenceChannel(roomId),
  "encrypted room": roomMessagesChannel(roomId, true),
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
  "signed out": { "private room": 403, "presence room": 403, "encrypted room": 403, public: 403, "own user channel": 403, "another user's channel": 403, malformed: 403, "unknown prefix": 403 },
  "non-member": { "private room": 403, "presence room": 403, "encrypted room": 403, public: 403, "own user channel": 403, "another user's channel": 403, malformed: 403, "unknown prefix": 403 },
  MEMBER: { "private room": "allow", "presence room": "allow", "encrypted room": 403, public: 403, "own user channel": 403, "another user's channel": 403, malformed: 403, "unknown prefix": 403 },
  ADMIN: { "private room": "allow", "presence room": "allow", "encrypted room": 403, public: 403, "own user channel": 403, "another user's channel": 403, malformed: 403, "unknown prefix": 403 },
  OWNER: { "private room": "allow", "presence room": "allow", "encrypted room": 403, public: 403, "own user channel": 403, "another user's channel": 403, malformed: 403, "unknown prefix": 403 },
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

type MessageAction = "read history" | "send" | "edit own" | "delete own" | "edit another's" | "delete another's";
const messageActions: Record<MessageAction, Action> = {
  "read history": { type: "message.read" },
  send: { type: "message.send" },
  "edit own": { type: "message.edit", authorId: me },
  "delete own": { type: "message.delete", authorId: me },
  "edit another's": { type: "message.edit", authorId: other },
  "delete another's": { type: "message.delete", authorId: other },
};

// In a private room non-members get 404 (the room's existence is private); in a public one, 403.
const messages: Record<Visibility, Record<CallerState, Record<MessageAction, Expect>>> = {
  PRIVATE: {
    "signed out": { "read history": 401, send: 401, "edit own": 401, "delete own": 401, "edit another's": 401, "delete another's": 401 },
    "non-member": { "read history": 404, send: 404, "edit own": 404, "delete own": 404, "edit another's": 404, "delete another's": 404 },
    MEMBER: { "read history": "allow", send: "allow", "edit own": "allow", "delete own": "allow", "edit another's": 403, "delete another's": 403 },
    ADMIN: { "read history": "allow", send: "allow", "edit own": "allow", "delete own": "allow", "edit another's": 403, "delete another's": "allow" },
    OWNER: { "read history": "allow", send: "allow", "edit own": "allow", "delete own": "allow", "edit another's": 403, "delete another's": "allow" },
  },
  PUBLIC: {
    "signed out": { "read history": 401, send: 401, "edit own": 401, "delete own": 401, "edit another's": 401, "delete another's": 401 },
    "non-member": { "read history": 403, send: 403, "edit own": 403, "delete own": 403, "edit another's": 403, "delete another's": 403 },
    MEMBER: { "read history": "allow", send: "allow", "edit own": "allow", "delete own": "allow", "edit another's": 403, "delete another's": 403 },
    ADMIN: { "read history": "allow", send: "allow", "edit own": "allow", "delete own": "allow", "edit another's": 403, "delete another's": "allow" },
    OWNER: { "read history": "allow", send: "allow", "edit own": "allow", "delete own": "allow", "edit another's": 403, "delete another's": "allow" },
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
    ["private-room-abc123", { kind: "room-messages", roomId: "abc123", encrypted: false }],
    ["private-encrypted-room-abc123", { kind: "room-messages", roomId: "abc123", encrypted: true }],
    ["presence-room-abc123", { kind: "room-presence", roomId: "abc123" }],
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
