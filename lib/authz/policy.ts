// The one place that decides who may do what. Pure: callers load the user and their membership
// (once, in the door: lib/authz/door.ts) and pass them in; nothing here does I/O, so the whole
// policy is covered by a table of cases (tests/unit/policy.test.ts).
import type { ChannelRef } from "@/lib/realtime/channels";

export const roles = ["OWNER", "ADMIN", "MEMBER"] as const;
export type Role = (typeof roles)[number];

export type Visibility = "PUBLIC" | "PRIVATE";

/** A named room, or a direct conversation between two (DIRECT) or three to nine (GROUP) people. */
export type RoomKind = "ROOM" | "DIRECT" | "GROUP";

/** The most people in one group conversation, its starter included. */
export const maxConversationPeople = 9;

/** In rooms larger than this, only owners and admins may use @room. */
export const everyoneMentionLimit = 20;

/** Who is asking: null when signed out. */
export type Caller = { userId: string } | null;

/** The caller's relation to one room: null when the room does not exist. */
export interface RoomContext {
  /** Conversations (DIRECT, GROUP) are always PRIVATE; nobody administers them. */
  kind: RoomKind;
  visibility: Visibility;
  /** The caller's role, or null when they are not a member. */
  role: Role | null;
  /** The caller is banned from this room (cannot join by any route). */
  banned?: boolean;
  /** The room's current channel generation: only its names are signed (lib/realtime/channels.ts). */
  channelKey: string;
}

/** What each role may do in a room: the one permission table (issue 5's admin actions). */
export const permissionTable = {
  OWNER: ["invite", "remove", "ban", "change-roles", "edit-settings", "delete-any-message", "transfer-ownership", "view-audit-log"],
  ADMIN: ["invite", "remove", "ban", "edit-settings", "delete-any-message", "view-audit-log"],
  MEMBER: [],
} as const satisfies Record<Role, readonly string[]>;
export type Permission = (typeof permissionTable)["OWNER"][number];

export function can(role: Role | null, permission: Permission): boolean {
  return role !== null && (permissionTable[role] as readonly Permission[]).includes(permission);
}

export type Action =
  | { type: "channel.subscribe"; channel: ChannelRef; encryptionEnabled: boolean }
  | { type: "member.invite" }
  | { type: "member.remove"; targetRole: Role }
  | { type: "member.ban"; targetRole: Role | null }
  | { type: "member.setRole"; targetRole: Role; newRole: "ADMIN" | "MEMBER" }
  | { type: "room.transferOwnership" }
  | { type: "room.editSettings" }
  | { type: "room.viewAuditLog" }
  | { type: "invitation.accept" }
  | { type: "room.view" }
  | { type: "room.join" }
  | { type: "room.leave"; ownerCount: number }
  /** Adding someone to a group conversation: they must share a room with the caller and not have blocked them. */
  | { type: "conversation.add"; target: PersonRelation; memberCount: number; blockWithMember: boolean }
  | { type: "room.mute" }
  | { type: "message.read" }
  /** `everyone`: the message uses @room; `memberCount` is the room's size. */
  | { type: "message.send"; everyone?: { memberCount: number } }
  | { type: "message.edit"; authorId: string }
  | { type: "message.delete"; authorId: string }
  | { type: "message.react" }
  /** Uploading a file to share in the room, and downloading one of its files. */
  | { type: "file.upload" }
  | { type: "file.read" };

export type Decision =
  | { allow: true }
  | { allow: false; status: 401 | 403 | 404 | 409; code: "unauthorized" | "forbidden" | "not_found" | "conflict"; reason: string };

const allow: Decision = { allow: true };
const deny = (status: 401 | 403 | 404 | 409, reason: string): Decision => ({
  allow: false,
  status,
  code: status === 401 ? "unauthorized" : status === 403 ? "forbidden" : status === 404 ? "not_found" : "conflict",
  reason,
});

export function decide({ caller, room, action }: { caller: Caller; room: RoomContext | null; action: Action }): Decision {
  if (action.type === "channel.subscribe") return decideSubscribe(caller, room, action);
  if (!caller) return deny(401, "Sign in to continue.");
  if (action.type === "invitation.accept") {
    // A valid invitation is the way into a private room; only a ban closes it. Conversations have none.
    if (!room || room.kind !== "ROOM") return deny(404, "Room not found.");
    return room.banned && !room.role ? deny(403, "You were banned from this room.") : allow;
  }
  // A private room is invisible to non-members: 404, so its existence does not leak.
  if (!room || (room.visibility === "PRIVATE" && !room.role)) return deny(404, "Room not found.");
  if (room.kind !== "ROOM") return decideConversation(caller, room, action);

  switch (action.type) {
    case "room.view":
      return allow;
    case "room.join":
      if (room.role) return allow; // joining twice is harmless
      if (room.visibility !== "PUBLIC") return deny(404, "Room not found.");
      return room.banned ? deny(403, "You were banned from this room.") : allow;
    case "room.leave":
      if (!room.role) return deny(409, "You are not a member of this room.");
      if (room.role === "OWNER" && action.ownerCount <= 1) {
        return deny(409, "You are the only owner. Make someone else an owner before you leave.");
      }
      return allow;
    case "member.invite":
      return can(room.role, "invite") ? allow : deny(403, "Only owners and admins can invite people.");
    case "member.remove":
    case "member.ban": {
      const permission = action.type === "member.remove" ? "remove" : "ban";
      if (!can(room.role, permission)) return deny(403, `Only owners and admins can ${permission} members.`);
      // Admins act on members only; owners on members and admins; nobody on an owner.
      if (action.targetRole === "OWNER") return deny(403, "An owner cannot be removed or banned.");
      if (action.targetRole === "ADMIN" && room.role !== "OWNER") return deny(403, "Only owners can remove or ban admins.");
      return allow;
    }
    case "member.setRole":
      if (!can(room.role, "change-roles")) return deny(403, "Only owners can change roles.");
      if (action.targetRole === "OWNER") return deny(403, "Transfer ownership instead.");
      return allow;
    case "room.transferOwnership":
      return can(room.role, "transfer-ownership") ? allow : deny(403, "Only the owner can transfer ownership.");
    case "room.editSettings":
      return can(room.role, "edit-settings") ? allow : deny(403, "Only owners and admins can change room settings.");
    case "room.viewAuditLog":
      return can(room.role, "view-audit-log") ? allow : deny(403, "Only owners and admins can see the audit log.");
    case "room.mute":
      return room.role ? allow : deny(403, "Only members can mute a room. Join it first.");
    case "message.react":
      return room.role ? allow : deny(403, "Join this room to react to messages.");
    case "file.upload":
      return room.role ? allow : deny(403, "Join this room to share files.");
    case "file.read":
      // Members now, not members then: a removed member's saved link stops working.
      return room.role ? allow : deny(403, "Join this room to see its files.");
    case "message.read":
    case "message.send":
      if (!room.role) return deny(403, "Join this room to read and send messages.");
      if (action.type === "message.send" && action.everyone && action.everyone.memberCount > everyoneMentionLimit && !can(room.role, "invite")) {
        return deny(403, `Only owners and admins can notify everyone with @room in a room of more than ${everyoneMentionLimit} people.`);
      }
      return allow;
    case "conversation.add":
      return deny(409, "Rooms gain people by invitation.");
    case "message.edit":
      if (!room.role) return deny(403, "Join this room first.");
      return action.authorId === caller.userId ? allow : deny(403, "You can only edit your own messages.");
    case "message.delete":
      if (!room.role) return deny(403, "Join this room first.");
      if (action.authorId === caller.userId || can(room.role, "delete-any-message")) return allow;
      return deny(403, "You can only delete your own messages.");
  }
}

const noAdmins = "Nobody administers a direct conversation: there are no invitations, roles or removals.";

/** A conversation the caller is a member of (decide has already answered 404 to everyone else). */
function decideConversation(caller: NonNullable<Caller>, room: RoomContext, action: Exclude<Action, { type: "channel.subscribe" | "invitation.accept" }>): Decision {
  switch (action.type) {
    case "room.view":
    case "room.join":
    case "message.read":
    case "message.send":
    case "message.react":
    case "room.mute":
    case "file.upload":
    case "file.read":
      return room.role ? allow : deny(404, "Room not found.");
    case "room.leave":
      // Leaving is a removal like any other: the channel key rotates (lib/moderation.ts).
      return room.kind === "GROUP" ? allow : deny(409, "A conversation between two people cannot be left. Mute it, or block the person.");
    case "conversation.add":
      if (room.kind !== "GROUP") return deny(409, "People can only be added to a group conversation. Start a new one with everyone instead.");
      if (action.memberCount >= maxConversationPeople) return deny(409, `A group conversation has at most ${maxConversationPeople} people.`);
      // A block between them and anyone already here: adding them would be a way round it.
      if (action.target.exists && action.target.sharesRoom && action.blockWithMember) return deny(403, "This person can't be added to this conversation.");
      return decideReach(action.target);
    case "message.edit":
      return action.authorId === caller.userId ? allow : deny(403, "You can only edit your own messages.");
    case "message.delete":
      return action.authorId === caller.userId ? allow : deny(403, "You can only delete your own messages.");
    case "member.invite":
    case "member.remove":
    case "member.ban":
    case "member.setRole":
    case "room.transferOwnership":
    case "room.editSettings":
    case "room.viewAuditLog":
      return deny(403, noAdmins);
  }
}

/** What the caller may know and do about another person. */
export interface PersonRelation {
  /** Not found: 404 like a person the caller shares nothing with. */
  exists: boolean;
  /** The caller and they are members of at least one room or conversation in common. */
  sharesRoom: boolean;
  /** They blocked the caller. */
  blockedCaller: boolean;
}

/** `blockAmongOthers`: two of the other people in the new conversation have a block between them. */
export type PersonAction = { type: "person.view" } | { type: "person.block" } | { type: "conversation.start"; blockAmongOthers?: boolean };

/** The one rule for reaching someone: a person you share a room with, who has not blocked you. */
function decideReach(target: PersonRelation): Decision {
  if (!target.exists || !target.sharesRoom) return deny(404, "You can only message people you share a room with.");
  if (target.blockedCaller) return deny(403, "This person is not accepting messages from you.");
  return allow;
}

/**
 * Decisions about another person (their card, blocking them, starting a conversation with
 * them). Someone the caller shares no room with does not exist as far as the caller can tell.
 */
export function decidePerson({ caller, target, action }: { caller: Caller; target: PersonRelation & { id: string }; action: PersonAction }): Decision {
  if (!caller) return deny(401, "Sign in to continue.");
  switch (action.type) {
    case "person.view":
    case "person.block":
      // Blocking needs no shared room now: the person may have been met in a room since left.
      if (target.id === caller.userId && action.type === "person.block") return deny(409, "You cannot block yourself.");
      return target.exists && (target.sharesRoom || action.type === "person.block") ? allow : deny(404, "Person not found.");
    case "conversation.start": {
      if (target.id === caller.userId) return deny(409, "Pick someone other than yourself.");
      const reach = decideReach(target);
      // A group must not bring together two people one of whom blocked the other.
      if (reach.allow && action.blockAmongOthers) return deny(403, "These people can't all be in one conversation.");
      return reach;
    }
  }
}

function decideSubscribe(caller: Caller, room: RoomContext | null, action: Extract<Action, { type: "channel.subscribe" }>): Decision {
  // pusher-js treats any non-200 as a refusal; Pusher auth endpoints answer 403 to all of them.
  if (!caller) return deny(403, "Sign in to subscribe.");
  const channel = action.channel;
  switch (channel.kind) {
    case "room-messages":
    case "room-presence":
      if (!room?.role) return deny(403, "Only members of this room may subscribe.");
      if (channel.kind === "room-messages" && channel.encrypted !== action.encryptionEnabled) return deny(403, "This room's messages use another channel.");
      // An earlier generation's names: a signature for them would outlive the removal that retired them.
      if (channel.key !== room.channelKey) return deny(403, "This room's channels have changed; ask for the current ones.");
      return allow;
    case "user":
      // Never signed here: the realtime service admits a connection to its own user channel
      // after `pusher:signin` (POST /api/pusher/user-auth), and nobody to anyone else's.
      return deny(403, channel.userId === caller.userId ? "User channels are authorized by signing in to the realtime service." : "That is another user's channel.");
    case "public":
      return deny(403, "Parley does not sign public channels.");
    case "unknown":
      return deny(403, "Unknown channel.");
  }
}
