// Channels, presence, users and fan-out: the state of one realtime server.
import { channelType, isValidChannelName, isValidEventName, isValidUserId, type ChannelType } from "./channels";
import type { RealtimeOptions } from "./config";
import type { Connection } from "./connection";
import { channelAuth, safeEqual, userAuth } from "./crypto";
import type { Logger } from "./log";
import { CloseCode, encodeFrame, ErrorCode, errorFrame, objectData, type ClientFrame } from "./protocol";
import type { Webhooks } from "./webhooks";

interface Member {
  info: unknown;
  /** How many of this user's sockets are in the channel: one member, however many tabs. */
  sockets: number;
}

export class Channel {
  readonly subscribers = new Set<Connection>();
  readonly members = new Map<string, Member>();
  /** Cache channels: the last event, already encoded, and when it expires. */
  cached: { frame: Buffer; event: string; data: string; expiresAt: number } | null = null;
  countTimer: NodeJS.Timeout | null = null;
  constructor(
    readonly name: string,
    readonly type: ChannelType,
  ) {}
}

const userChannelPrefix = "#server-to-user-";

export class Hub {
  readonly channels = new Map<string, Channel>();
  readonly connections = new Map<string, Connection>();
  /** Signed-in connections per user id. */
  readonly users = new Map<string, Set<Connection>>();
  /** For watchlist events: user id -> connections whose watchlist contains it. */
  private readonly watchers = new Map<string, Set<Connection>>();

  constructor(
    private readonly options: RealtimeOptions,
    private readonly log: Logger,
    private readonly webhooks: Webhooks,
  ) {}

  // ── Client messages ────────────────────────────────────────────────────────────────────

  handle(connection: Connection, frame: ClientFrame): void {
    switch (frame.event) {
      case "pusher:ping":
        connection.send(encodeFrame("pusher:pong", undefined, {}));
        return;
      case "pusher:pong":
        return;
      case "pusher:subscribe":
        this.subscribe(connection, objectData(frame.data));
        return;
      case "pusher:unsubscribe": {
        const data = objectData(frame.data);
        if (typeof data?.channel === "string") this.unsubscribe(connection, data.channel);
        else connection.send(errorFrame("pusher:unsubscribe needs data.channel", null));
        return;
      }
      case "pusher:signin":
        this.signin(connection, objectData(frame.data));
        return;
      default:
        if (frame.event.startsWith("client-")) this.clientEvent(connection, frame);
        else connection.send(errorFrame(`Unsupported event: ${frame.event.slice(0, 64)}`, null));
    }
  }

  private refuse(connection: Connection, channel: string, message: string, status = 401): void {
    // Hosted Pusher answers with pusher:error; the channel-scoped pusher:subscription_error (as
    // soketi sends) lets pusher-js surface the refusal on the channel object too.
    connection.send(errorFrame(message, null));
    if (isValidChannelName(channel) || channel.startsWith(userChannelPrefix)) {
      connection.send(encodeFrame("pusher:subscription_error", channel, { type: "AuthError", error: message, status }));
    }
    this.log("info", "subscription refused", { socket_id: connection.id, channel, reason: message });
  }

  subscribe(connection: Connection, data: Record<string, unknown> | null): void {
    const name = data?.channel;
    if (typeof name !== "string") {
      connection.send(errorFrame("pusher:subscribe needs data.channel", null));
      return;
    }
    if (name.startsWith(userChannelPrefix)) {
      // pusher-js subscribes to its own user channel after signing in; nobody else may.
      if (connection.user && name === userChannelPrefix + connection.user.id) {
        connection.subscriptions.set(name, {});
        connection.send(encodeFrame("pusher_internal:subscription_succeeded", name, {}));
      } else {
        this.refuse(connection, name, "Sign in as this user before subscribing to their channel", 403);
      }
      return;
    }
    if (!isValidChannelName(name)) {
      this.refuse(connection, name.slice(0, 200), "Invalid channel name", 400);
      return;
    }
    if (connection.subscriptions.has(name)) {
      // Already subscribed (a client retrying): confirm again, change nothing.
      connection.send(this.subscriptionSucceededFrame(this.channels.get(name), name));
      return;
    }
    if (connection.subscriptions.size >= this.options.maxSubscriptionsPerConnection) {
      this.refuse(connection, name, `Too many subscriptions on one connection (limit ${this.options.maxSubscriptionsPerConnection})`, 403);
      return;
    }
    const type = channelType(name);
    const auth = typeof data?.auth === "string" ? data.auth : "";
    let member: { userId: string; info: unknown } | undefined;
    if (type.kind === "private" || type.kind === "private-encrypted") {
      if (!safeEqual(auth, channelAuth(this.options.key, this.options.secret, connection.id, name))) {
        this.refuse(connection, name, `Invalid signature for ${name}`);
        return;
      }
    } else if (type.kind === "presence") {
      const channelData = typeof data?.channel_data === "string" ? data.channel_data : "";
      if (!safeEqual(auth, channelAuth(this.options.key, this.options.secret, connection.id, name, channelData))) {
        this.refuse(connection, name, `Invalid signature for ${name}`);
        return;
      }
      const parsed = parsePresenceData(channelData, this.options.maxUserInfoBytes);
      if (typeof parsed === "string") {
        this.refuse(connection, name, parsed, 400);
        return;
      }
      member = parsed;
    }

    let channel = this.channels.get(name);
    if (member && channel && !channel.members.has(member.userId) && channel.members.size >= this.options.maxPresenceMembers) {
      this.refuse(connection, name, `Presence channel is full (limit ${this.options.maxPresenceMembers} members)`, 403);
      return;
    }
    if (!channel) {
      channel = new Channel(name, type);
      this.channels.set(name, channel);
    }
    const wasEmpty = channel.subscribers.size === 0;
    channel.subscribers.add(connection);
    connection.subscriptions.set(name, member ? { userId: member.userId } : {});
    if (wasEmpty && !this.webhooks.cancel(`vacated:${name}`)) this.webhooks.emit({ name: "channel_occupied", channel: name });

    if (member) this.addMember(channel, connection, member.userId, member.info);
    connection.send(this.subscriptionSucceededFrame(channel, name));
    if (type.cache) this.replayCache(channel, connection);
    this.subscriptionCountChanged(channel);
  }

  private subscriptionSucceededFrame(channel: Channel | undefined, name: string): string {
    if (!channel || channel.type.kind !== "presence") return encodeFrame("pusher_internal:subscription_succeeded", name, {});
    const hash: Record<string, unknown> = {};
    for (const [id, member] of channel.members) hash[id] = member.info;
    return encodeFrame("pusher_internal:subscription_succeeded", name, {
      presence: { ids: Object.keys(hash), hash, count: channel.members.size },
    });
  }

  private addMember(channel: Channel, connection: Connection, userId: string, info: unknown): void {
    const existing = channel.members.get(userId);
    if (existing) {
      existing.sockets++;
      return;
    }
    channel.members.set(userId, { info, sockets: 1 });
    const frame = encodeFrame("pusher_internal:member_added", channel.name, { user_id: userId, user_info: info });
    this.fanOut(channel, Buffer.from(frame), connection.id);
    if (!this.webhooks.cancel(`removed:${channel.name}:${userId}`)) {
      this.webhooks.emit({ name: "member_added", channel: channel.name, user_id: userId });
    }
  }

  private removeMember(channel: Channel, userId: string): void {
    const member = channel.members.get(userId);
    if (!member) return;
    if (--member.sockets > 0) return;
    channel.members.delete(userId);
    this.fanOut(channel, Buffer.from(encodeFrame("pusher_internal:member_removed", channel.name, { user_id: userId })));
    this.webhooks.emitDelayed(`removed:${channel.name}:${userId}`, { name: "member_removed", channel: channel.name, user_id: userId });
  }

  private replayCache(channel: Channel, connection: Connection): void {
    if (channel.cached && channel.cached.expiresAt > Date.now()) {
      connection.send(channel.cached.frame);
      return;
    }
    channel.cached = null;
    connection.send(JSON.stringify({ event: "pusher:cache_miss", channel: channel.name }));
    this.webhooks.emit({ name: "cache_miss", channel: channel.name });
  }

  unsubscribe(connection: Connection, name: string): void {
    const subscription = connection.subscriptions.get(name);
    if (!subscription) return;
    connection.subscriptions.delete(name);
    const channel = this.channels.get(name);
    if (!channel) return;
    channel.subscribers.delete(connection);
    if (subscription.userId !== undefined) this.removeMember(channel, subscription.userId);
    if (channel.subscribers.size === 0) {
      this.webhooks.emitDelayed(`vacated:${name}`, { name: "channel_vacated", channel: name });
      if (channel.countTimer) {
        clearTimeout(channel.countTimer);
        channel.countTimer = null;
      }
      // A cache channel keeps its last event for its TTL even while nobody listens.
      if (!channel.cached) this.channels.delete(name);
    } else {
      this.subscriptionCountChanged(channel);
    }
  }

  private subscriptionCountChanged(channel: Channel): void {
    if (!this.options.subscriptionCount || channel.type.kind === "presence" || channel.countTimer) return;
    // At most one update per channel per second: a channel filling up would otherwise cost N² frames.
    channel.countTimer = setTimeout(() => {
      channel.countTimer = null;
      const count = channel.subscribers.size;
      if (count === 0) return;
      this.fanOut(channel, Buffer.from(encodeFrame("pusher_internal:subscription_count", channel.name, { subscription_count: count })));
      this.webhooks.emit({ name: "subscription_count", channel: channel.name, subscription_count: count });
    }, 1_000);
    channel.countTimer.unref();
  }

  private signin(connection: Connection, data: Record<string, unknown> | null): void {
    const auth = typeof data?.auth === "string" ? data.auth : "";
    const userData = typeof data?.user_data === "string" ? data.user_data : "";
    const fail = (message: string) => {
      connection.send(errorFrame(message, CloseCode.unauthorized));
      this.log("info", "signin refused", { socket_id: connection.id, reason: message });
    };
    if (!safeEqual(auth, userAuth(this.options.key, this.options.secret, connection.id, userData))) {
      fail("Invalid signature for pusher:signin");
      return;
    }
    let parsed: { id?: unknown; watchlist?: unknown };
    try {
      parsed = JSON.parse(userData) as typeof parsed;
    } catch {
      fail("user_data is not valid JSON");
      return;
    }
    if (!parsed || typeof parsed !== "object" || !isValidUserId(parsed.id)) {
      fail("user_data needs a non-empty string id of at most 128 characters");
      return;
    }
    const watchlist = Array.isArray(parsed.watchlist) ? parsed.watchlist.filter(isValidUserId) : [];
    if (watchlist.length > this.options.maxWatchlistSize) {
      connection.send(errorFrame(`Watchlist over limit (${this.options.maxWatchlistSize})`, ErrorCode.watchlistOverLimit));
      return;
    }
    if (connection.user) this.signout(connection);
    const userId = parsed.id;
    connection.user = { id: userId, watchlist };
    let sockets = this.users.get(userId);
    const cameOnline = !sockets;
    if (!sockets) {
      sockets = new Set();
      this.users.set(userId, sockets);
    }
    sockets.add(connection);
    connection.send(encodeFrame("pusher:signin_success", undefined, { user_data: userData }));

    for (const watched of watchlist) {
      let set = this.watchers.get(watched);
      if (!set) this.watchers.set(watched, (set = new Set()));
      set.add(connection);
    }
    const online = watchlist.filter((id) => this.users.has(id));
    if (online.length) this.sendWatchlist(connection, "online", online);
    if (cameOnline) this.notifyWatchers(userId, "online", connection);
  }

  private signout(connection: Connection): void {
    const user = connection.user;
    if (!user) return;
    connection.user = null;
    for (const watched of user.watchlist) {
      const set = this.watchers.get(watched);
      set?.delete(connection);
      if (set?.size === 0) this.watchers.delete(watched);
    }
    const sockets = this.users.get(user.id);
    sockets?.delete(connection);
    if (sockets?.size === 0) {
      this.users.delete(user.id);
      this.notifyWatchers(user.id, "offline");
    }
  }

  private sendWatchlist(connection: Connection, name: "online" | "offline", userIds: string[]): void {
    connection.send(encodeFrame("pusher_internal:watchlist_events", undefined, { events: [{ name, user_ids: userIds }] }));
  }

  private notifyWatchers(userId: string, name: "online" | "offline", except?: Connection): void {
    const set = this.watchers.get(userId);
    if (!set) return;
    for (const watcher of set) if (watcher !== except) this.sendWatchlist(watcher, name, [userId]);
  }

  private clientEvent(connection: Connection, frame: ClientFrame): void {
    const name = frame.channel;
    if (this.options.clientEvents === "off") {
      connection.send(errorFrame("Client events are not enabled for this app", null));
      return;
    }
    if (typeof name !== "string" || !connection.subscriptions.has(name)) {
      connection.send(errorFrame("Client event rejected: not subscribed to that channel", null));
      return;
    }
    const type = channelType(name);
    if (type.kind !== "presence" && !(type.kind === "private" && this.options.clientEvents === "all")) {
      connection.send(errorFrame(this.options.clientEvents === "all" ? "Client events are only allowed on private and presence channels" : "Client events are only allowed on presence channels", null));
      return;
    }
    if (!isValidEventName(frame.event)) {
      connection.send(errorFrame("Invalid event name", null));
      return;
    }
    const now = Date.now();
    if (now - connection.clientEventWindowStart >= 1_000) {
      connection.clientEventWindowStart = now;
      connection.clientEventCount = 0;
    }
    if (++connection.clientEventCount > this.options.clientEventsPerSecond) {
      connection.send(errorFrame(`Client event rejected: at most ${this.options.clientEventsPerSecond} per second`, ErrorCode.clientEventRateLimit));
      return;
    }
    const data = typeof frame.data === "string" ? frame.data : JSON.stringify(frame.data ?? {});
    if (Buffer.byteLength(data) > this.options.maxEventBytes) {
      connection.send(errorFrame(`Client event rejected: data over ${this.options.maxEventBytes} bytes`, null));
      return;
    }
    const channel = this.channels.get(name);
    if (!channel) return;
    const userId = connection.subscriptions.get(name)?.userId;
    const out = encodeFrame(frame.event, name, data, userId === undefined ? undefined : { user_id: userId });
    this.fanOut(channel, Buffer.from(out), connection.id);
    this.webhooks.emit({ name: "client_event", channel: name, event: frame.event, data, socket_id: connection.id, ...(userId !== undefined && { user_id: userId }) });
  }

  /** A connection has gone: leave every channel, sign out, forget it. */
  disconnect(connection: Connection): void {
    if (!this.connections.delete(connection.id)) return;
    for (const name of [...connection.subscriptions.keys()]) this.unsubscribe(connection, name);
    this.signout(connection);
  }

  // ── Server-side publishing (HTTP API) ──────────────────────────────────────────────────

  /** Delivers one event to one channel; `data` is already a string. The frame is encoded once. */
  publish(channelName: string, event: string, data: string, exceptSocketId?: string): void {
    if (channelName.startsWith(userChannelPrefix)) {
      const sockets = this.users.get(channelName.slice(userChannelPrefix.length));
      if (!sockets) return;
      const frame = Buffer.from(encodeFrame(event, channelName, data));
      for (const connection of sockets) if (connection.id !== exceptSocketId) connection.send(frame);
      return;
    }
    let channel = this.channels.get(channelName);
    const type = channelType(channelName);
    const frame = Buffer.from(encodeFrame(event, channelName, data));
    if (type.cache) {
      if (!channel) {
        channel = new Channel(channelName, type);
        this.channels.set(channelName, channel);
      }
      channel.cached = { frame, event, data, expiresAt: Date.now() + this.options.cacheTtlSeconds * 1000 };
    }
    if (channel) this.fanOut(channel, frame, exceptSocketId);
  }

  private fanOut(channel: Channel, frame: Buffer, exceptSocketId?: string): void {
    for (const connection of channel.subscribers) {
      if (connection.id !== exceptSocketId) connection.send(frame);
    }
  }

  terminateUser(userId: string): number {
    const sockets = this.users.get(userId);
    if (!sockets) return 0;
    const count = sockets.size;
    for (const connection of [...sockets]) {
      connection.send(errorFrame("Connection terminated by the app", CloseCode.unauthorized));
      connection.close(CloseCode.unauthorized, "Terminated by the app");
      this.disconnect(connection);
    }
    return count;
  }

  /** Drops expired cache entries of channels nobody is subscribed to. */
  sweepCache(now: number): void {
    for (const [name, channel] of this.channels) {
      if (channel.subscribers.size === 0 && (!channel.cached || channel.cached.expiresAt <= now)) this.channels.delete(name);
    }
  }
}

/** Parses presence channel_data: the member's user id and info, or a message saying what is wrong. */
export function parsePresenceData(channelData: string, maxUserInfoBytes: number): { userId: string; info: unknown } | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(channelData);
  } catch {
    return "channel_data is not valid JSON";
  }
  if (!parsed || typeof parsed !== "object") return "channel_data must be a JSON object";
  const { user_id: rawId, user_info: info } = parsed as { user_id?: unknown; user_info?: unknown };
  const userId = typeof rawId === "number" && Number.isFinite(rawId) ? String(rawId) : rawId;
  if (!isValidUserId(userId)) return "channel_data.user_id must be a string of 1 to 128 characters";
  if (info !== undefined && Buffer.byteLength(JSON.stringify(info)) > maxUserInfoBytes) {
    return `channel_data.user_info is over ${maxUserInfoBytes} bytes`;
  }
  return { userId, info: info ?? {} };
}
