// Parley's channel names, shared by the server (which signs them) and the browser (which
// subscribes). Every room has a private channel for its message events (an end-to-end encrypted
// one when a master key is configured) and a presence channel for who is online.

export const userChannelPrefix = "#server-to-user-";

const idPattern = /^[a-z0-9]{1,64}$/;
const channelNamePattern = /^[A-Za-z0-9_\-=@,.;]{1,164}$/;

export function roomMessagesChannel(roomId: string, encrypted: boolean): string {
  return `${encrypted ? "private-encrypted" : "private"}-room-${roomId}`;
}

export function roomPresenceChannel(roomId: string): string {
  return `presence-room-${roomId}`;
}

export type ChannelRef =
  | { kind: "room-messages"; roomId: string; encrypted: boolean }
  | { kind: "room-presence"; roomId: string }
  | { kind: "user"; userId: string }
  | { kind: "public"; name: string }
  | { kind: "unknown"; name: string };

/** What a channel name refers to. Anything Parley does not publish on is `public` or `unknown`. */
export function parseChannel(name: string): ChannelRef {
  if (name.startsWith(userChannelPrefix)) {
    const userId = name.slice(userChannelPrefix.length);
    return idPattern.test(userId) ? { kind: "user", userId } : { kind: "unknown", name };
  }
  const room = /^(private-encrypted|private|presence)-room-(.+)$/.exec(name);
  if (room && idPattern.test(room[2]!)) {
    const [, prefix, roomId] = room as unknown as [string, string, string];
    if (prefix === "presence") return { kind: "room-presence", roomId };
    return { kind: "room-messages", roomId, encrypted: prefix === "private-encrypted" };
  }
  if (!/^(private|presence)-/.test(name) && channelNamePattern.test(name)) return { kind: "public", name };
  return { kind: "unknown", name };
}

/** Pusher's channel-name rule; the auth endpoint answers 400 to anything else. */
export function isWellFormedChannelName(name: string): boolean {
  return channelNamePattern.test(name) || (name.startsWith(userChannelPrefix) && channelNamePattern.test(name.slice(userChannelPrefix.length)));
}

export const socketIdPattern = /^\d{1,20}\.\d{1,20}$/;
