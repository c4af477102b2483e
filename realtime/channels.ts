// Channel names and kinds, as Pusher defines them.

export type ChannelKind = "public" | "private" | "private-encrypted" | "presence";

export interface ChannelType {
  kind: ChannelKind;
  /** Cache channels replay their last event to new subscribers. */
  cache: boolean;
}

const namePattern = /^[A-Za-z0-9_\-=@,.;]+$/;
export const maxChannelNameLength = 164;

/** A channel a client may subscribe to: valid characters, not too long, not a reserved `#` channel. */
export function isValidChannelName(name: unknown): boolean {
  return typeof name === "string" && name.length > 0 && name.length <= maxChannelNameLength && namePattern.test(name);
}

export function channelType(name: string): ChannelType {
  if (name.startsWith("private-encrypted-cache-")) return { kind: "private-encrypted", cache: true };
  if (name.startsWith("private-encrypted-")) return { kind: "private-encrypted", cache: false };
  if (name.startsWith("private-cache-")) return { kind: "private", cache: true };
  if (name.startsWith("private-")) return { kind: "private", cache: false };
  if (name.startsWith("presence-cache-")) return { kind: "presence", cache: true };
  if (name.startsWith("presence-")) return { kind: "presence", cache: false };
  return { kind: "public", cache: name.startsWith("cache-") };
}

export function requiresAuth(kind: ChannelKind): boolean {
  return kind !== "public";
}

const eventNamePattern = /^[^\s]+$/;
export const maxEventNameLength = 200;

export function isValidEventName(name: unknown): name is string {
  return typeof name === "string" && name.length > 0 && name.length <= maxEventNameLength && eventNamePattern.test(name);
}

/** Channels the HTTP API may publish to: client-subscribable names plus `#server-to-user-{id}`. */
export function isValidPublishChannel(name: unknown): name is string {
  if (typeof name !== "string") return false;
  if (name.startsWith("#server-to-user-")) return name.length <= maxChannelNameLength + 16 && isValidUserId(name.slice(16));
  return isValidChannelName(name);
}

export const maxUserIdLength = 128;
export function isValidUserId(id: unknown): id is string {
  return typeof id === "string" && id.length > 0 && id.length <= maxUserIdLength;
}
