// Parley's channel names, shared by the server (which signs them) and the browser (which
// subscribes). Every room has a private channel for its message events (an end-to-end encrypted
// one when a master key is configured) and a presence channel for who is online.
//
// Each name ends in the room's channel key, its current generation: `private-room-{id}-{key}`.
// Removing, banning or leaving replaces the key (lib/realtime/room-channels.ts), so the old names
// go dark for everyone at once: the signatures issued for them, the sockets still subscribed to
// them and, with encryption on, the shared secrets derived from them. Remaining members move to
// the new names when told (`room.rekeyed`, lib/client/room-channels.ts).

export const userChannelPrefix = "#server-to-user-";

const idPattern = /^[a-z0-9]{1,64}$/;
const channelNamePattern = /^[A-Za-z0-9_\-=@,.;]{1,164}$/;

/** A room's channel names for one generation. Safe to show to the room's members only. */
export interface RoomChannelNames {
  messages: string;
  presence: string;
}

export function roomMessagesChannel(roomId: string, key: string, encrypted: boolean): string {
  return `${encrypted ? "private-encrypted" : "private"}-room-${roomId}-${key}`;
}

export function roomPresenceChannel(roomId: string, key: string): string {
  return `presence-room-${roomId}-${key}`;
}

export function roomChannelNames({ roomId, key, encrypted }: { roomId: string; key: string; encrypted: boolean }): RoomChannelNames {
  return { messages: roomMessagesChannel(roomId, key, encrypted), presence: roomPresenceChannel(roomId, key) };
}

export type ChannelRef =
  | { kind: "room-messages"; roomId: string; key: string; encrypted: boolean }
  | { kind: "room-presence"; roomId: string; key: string }
  | { kind: "user"; userId: string }
  | { kind: "public"; name: string }
  | { kind: "unknown"; name: string };

/** What a channel name refers to. Anything Parley does not publish on is `public` or `unknown`. */
export function parseChannel(name: string): ChannelRef {
  if (name.startsWith(userChannelPrefix)) {
    const userId = name.slice(userChannelPrefix.length);
    return idPattern.test(userId) ? { kind: "user", userId } : { kind: "unknown", name };
  }
  // The key: 128 random bits, hex.
  const room = /^(private-encrypted|private|presence)-room-([a-z0-9]{1,64})-([0-9a-f]{32})$/.exec(name);
  if (room) {
    const [, prefix, roomId, key] = room as unknown as [string, string, string, string];
    if (prefix === "presence") return { kind: "room-presence", roomId, key };
    return { kind: "room-messages", roomId, key, encrypted: prefix === "private-encrypted" };
  }
  if (!/^(private|presence)-/.test(name) && channelNamePattern.test(name)) return { kind: "public", name };
  return { kind: "unknown", name };
}

/** Pusher's channel-name rule; the auth endpoint answers 400 to anything else. */
export function isWellFormedChannelName(name: string): boolean {
  return channelNamePattern.test(name) || (name.startsWith(userChannelPrefix) && channelNamePattern.test(name.slice(userChannelPrefix.length)));
}

export const socketIdPattern = /^\d{1,20}\.\d{1,20}$/;

/** Sent on a room's old channels when its key changes: where its members go next. */
export const roomRekeyedEvent = "room.rekeyed";
export interface RoomRekeyedEvent {
  roomId: string;
  channels: RoomChannelNames;
}
