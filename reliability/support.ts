// Helpers for the reliability suite: the stack, users with sessions, and pusher-js clients that
// hold a room's messages exactly as the room view does (lib/client/message-store.ts).
import type PusherClient from "pusher-js";
import { realtimeClientFor } from "../bench/lib/clients";
import { seedRoom, seedUsers, type BenchUser, type SeededRoom } from "../bench/lib/fixtures";
import { catchUp, mergeMessages, type HistoryPage } from "@/lib/client/message-store";
import { RoomChannels, type FetchChannels, type RoomChannelNames, type RoomWatch } from "@/lib/client/room-channels";
import type { MessageDto } from "@/lib/messages-types";
import { startStack, type Stack, type StackOptions } from "../scripts/lib/stack";

export { seedRoom, seedUsers, type BenchUser, type SeededRoom, type Stack };

export const start = (options: Partial<StackOptions> = {}) => startStack({ build: false, ...options });

export async function api(stack: Stack, user: BenchUser | null, path: string, init: RequestInit = {}) {
  const response = await fetch(`${stack.baseUrl}${path}`, {
    ...init,
    headers: { ...(init.body ? { "content-type": "application/json" } : {}), ...(user ? { cookie: user.cookie } : {}), ...init.headers },
  });
  const text = await response.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: response.status, body, text };
}

/** The product's channel lookup (GET /api/rooms/{id}/channels), as `user`. */
export function fetchChannelsAs(stack: Stack, user: BenchUser): FetchChannels {
  return async (roomId) => {
    const { status, body } = await api(stack, user, `/api/rooms/${roomId}/channels`);
    if (status === 200) return { status: "current", channels: (body as { channels: RoomChannelNames }).channels };
    if (status === 401) return { status: "gone", reason: "signed-out" };
    if (status === 403 || status === 404) return { status: "gone", reason: "removed" };
    throw new Error(`channel lookup answered ${status}`);
  };
}

/**
 * A member's client, built from the product's own client logic: the room's channels followed
 * across generations (lib/client/room-channels.ts), live events, and a catch-up from the API
 * after every (re)subscription (lib/client/message-store.ts).
 */
export class RoomClient {
  messages: MessageDto[] = [];
  /** Who is online, from the room's current presence channel (when watched). */
  online: string[] = [];
  /** Who was seen typing (client-typing on the current presence channel), in order. */
  readonly typing: string[] = [];
  readonly pusher: PusherClient;
  readonly rooms: RoomChannels;
  reconnects = 0;
  private catchingUp: Promise<void> = Promise.resolve();
  private pending: MessageDto[] = [];
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private subscriptions = 0;
  private readonly firstSubscription: Promise<void>;
  private readonly watch: RoomWatch;

  private flush(): void {
    this.flushTimer = null;
    this.messages = mergeMessages(this.messages, this.pending.splice(0));
  }

  constructor(
    private stack: Stack,
    readonly user: BenchUser,
    private roomId: string,
    channels: RoomChannelNames,
    { presence = false }: { presence?: boolean } = {},
  ) {
    this.pusher = realtimeClientFor(user, stack);
    this.rooms = new RoomChannels(this.pusher, fetchChannelsAs(stack, user));
    let subscribed: () => void = () => {};
    this.firstSubscription = new Promise((resolve) => (subscribed = resolve));
    this.watch = this.rooms.watch(roomId, channels, {
      presence,
      // Live events are merged in small batches (every 50 ms), as a busy page would render them.
      onEvent: (event, data) => {
        if (event !== "message.created") return;
        this.pending.push(data as MessageDto);
        this.flushTimer ??= setTimeout(() => this.flush(), 50);
      },
      // As the room view does: once the channel is (re)subscribed, live events flow again, and the
      // API fills whatever was sent while they did not.
      onSubscribed: () => {
        if (this.subscriptions++ > 0) this.reconnects++;
        subscribed();
        this.catchingUp = this.catchingUp.then(() => this.catchUp()).catch(() => {});
      },
      onMembers: (members) => (this.online = members.map((m) => m.id)),
      clientEvents: ["client-typing"],
      onClientEvent: (_event, _data, userId) => userId && this.typing.push(userId),
    });
  }

  /** A client for each user on the room's current channels (asked of the app as the first user). */
  static async open(stack: Stack, users: BenchUser[], roomId: string, options: { presence?: boolean } = {}): Promise<RoomClient[]> {
    const lookup = await fetchChannelsAs(stack, users[0]!)(roomId);
    if (lookup.status !== "current") throw new Error(`${users[0]!.name} is not a member of ${roomId}`);
    return users.map((user) => new RoomClient(stack, user, roomId, lookup.channels, options));
  }

  /** Resolves once the room's messages channel has been subscribed. */
  subscribed(): Promise<void> {
    return this.firstSubscription;
  }

  async catchUp(): Promise<void> {
    const known = new Set(this.messages.map((m) => m.id));
    const found = await catchUp(async (cursor) => {
      const { status, body } = await api(this.stack, this.user, `/api/rooms/${this.roomId}/messages${cursor ? `?before=${encodeURIComponent(cursor)}` : ""}`);
      if (status !== 200) throw new Error(`history answered ${status}`);
      return body as HistoryPage;
    }, (id) => known.has(id), 1_000);
    this.messages = mergeMessages(this.messages, found);
  }

  /** Waits for any catch-up in progress, and merges live events still buffered. */
  async settled(): Promise<void> {
    await this.catchingUp;
    this.flush();
  }

  close(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.watch.stop();
    this.pusher.disconnect();
  }
}

/** Polls `check` until it returns true (event-driven waits are not available across processes), or fails after `timeoutMs`. */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
