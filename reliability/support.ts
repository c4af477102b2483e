// Helpers for the reliability suite: the stack, users with sessions, and pusher-js clients that
// hold a room's messages exactly as the room view does (lib/client/room-history.ts).
import type PusherClient from "pusher-js";
import { realtimeClientFor } from "../bench/lib/clients";
import { seedRoom, seedUsers, type BenchUser, type SeededRoom } from "../bench/lib/fixtures";
import { HistoryError, RoomHistory, type ForwardPage } from "@/lib/client/room-history";
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
 * across generations (lib/client/room-channels.ts), the history and its catch-up after every gap
 * (lib/client/room-history.ts), and the reconnect policy (lib/client/reconnect.ts, in
 * realtimeClientFor), wired exactly as the room view wires them.
 */
export class RoomClient {
  /** Who is online, from the room's current presence channel (when watched). */
  online: string[] = [];
  /** Who was seen typing (client-typing on the current presence channel), in order. */
  readonly typing: string[] = [];
  readonly pusher: PusherClient;
  readonly rooms: RoomChannels;
  readonly history: RoomHistory;
  /** When the messages channel was subscribed again after the first time (one per reconnect). */
  readonly resubscribedAt: number[] = [];
  private pending: MessageDto[] = [];
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private subscriptions = 0;
  private readonly firstSubscription: Promise<void>;
  private readonly watch: RoomWatch;

  /** Live events are handed over in small batches (every 50 ms), as a busy page renders them. */
  private flush(): void {
    this.flushTimer = null;
    this.history.upsert(this.pending.splice(0));
  }

  constructor(
    stack: Stack,
    readonly user: BenchUser,
    roomId: string,
    { channels, newestPage, presence = false }: { channels: RoomChannelNames; newestPage: MessageDto[]; presence?: boolean },
  ) {
    this.pusher = realtimeClientFor(user, stack);
    this.rooms = new RoomChannels(this.pusher, fetchChannelsAs(stack, user));
    this.history = new RoomHistory({
      initialNewestFirst: newestPage,
      fetchAfter: async (after, limit) => {
        const { status, body } = await api(stack, user, `/api/rooms/${roomId}/messages?after=${encodeURIComponent(after)}&limit=${limit}`).catch((error: unknown) => {
          throw new HistoryError(`history request failed: ${String(error)}`, false);
        });
        if (status !== 200) throw new HistoryError(`history answered ${status}`, status === 403 || status === 404);
        return body as ForwardPage;
      },
    });
    this.pusher.connection.bind("state_change", ({ current }: { current: string }) => current !== "connected" && this.history.interrupted());
    let subscribed: () => void = () => {};
    this.firstSubscription = new Promise((resolve) => (subscribed = resolve));
    this.watch = this.rooms.watch(roomId, channels, {
      presence,
      onEvent: (event, data) => {
        if (event !== "message.created") return;
        this.pending.push(data as MessageDto);
        this.flushTimer ??= setTimeout(() => this.flush(), 50);
      },
      onSubscribed: () => {
        if (this.subscriptions++ > 0) this.resubscribedAt.push(Date.now());
        subscribed();
        void this.history.catchUp();
      },
      onMoving: () => this.history.interrupted(),
      onMembers: (members) => (this.online = members.map((m) => m.id)),
      clientEvents: ["client-typing"],
      onClientEvent: (_event, _data, userId) => userId && this.typing.push(userId),
    });
  }

  /** A client for each user, as each would open the room's page: its channel names and newest page (asked of the app as the first user). */
  static async open(stack: Stack, users: BenchUser[], roomId: string, options: { presence?: boolean } = {}): Promise<RoomClient[]> {
    const lookup = await fetchChannelsAs(stack, users[0]!)(roomId);
    if (lookup.status !== "current") throw new Error(`${users[0]!.name} is not a member of ${roomId}`);
    const page = await api(stack, users[0]!, `/api/rooms/${roomId}/messages`);
    if (page.status !== 200) throw new Error(`history answered ${page.status}`);
    const newestPage = (page.body as { messages: MessageDto[] }).messages;
    return users.map((user) => new RoomClient(stack, user, roomId, { channels: lookup.channels, newestPage, ...options }));
  }

  get messages(): MessageDto[] {
    return this.history.messages;
  }

  get reconnects(): number {
    return this.resubscribedAt.length;
  }

  /** Resolves once the room's messages channel has been subscribed. */
  subscribed(): Promise<void> {
    return this.firstSubscription;
  }

  /** Merges live events still buffered, and waits for any catch-up in progress. */
  async settled(): Promise<void> {
    this.flush();
    await this.history.settled();
  }

  close(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.history.stop();
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
