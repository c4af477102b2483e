// Helpers for the reliability suite: the stack, users with sessions, and pusher-js clients that
// hold a room's messages exactly as the room view does (lib/client/message-store.ts).
import type PusherClient from "pusher-js";
import { realtimeClientFor } from "../bench/lib/clients";
import { seedRoom, seedUsers, type BenchUser } from "../bench/lib/fixtures";
import { catchUp, mergeMessages, type HistoryPage } from "@/lib/client/message-store";
import type { MessageDto } from "@/lib/messages-types";
import { startStack, type Stack, type StackOptions } from "../scripts/lib/stack";

export { seedRoom, seedUsers, type BenchUser, type Stack };

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

/** A member's client: live events on the room's channel, and a catch-up from the API after every reconnect. */
export class RoomClient {
  messages: MessageDto[] = [];
  readonly pusher: PusherClient;
  reconnects = 0;
  private catchingUp: Promise<void> = Promise.resolve();
  private pending: MessageDto[] = [];
  private flushTimer: ReturnType<typeof setTimeout> | null = null;

  private flush(): void {
    this.flushTimer = null;
    this.messages = mergeMessages(this.messages, this.pending.splice(0));
  }

  constructor(
    private stack: Stack,
    readonly user: BenchUser,
    private roomId: string,
  ) {
    this.pusher = realtimeClientFor(user, stack);
    const channel = this.pusher.subscribe(`private-room-${roomId}`);
    // Live events are merged in small batches (every 50 ms), as a busy page would render them.
    channel.bind("message.created", (message: MessageDto) => {
      this.pending.push(message);
      this.flushTimer ??= setTimeout(() => this.flush(), 50);
    });
    // As the room view does: once the channel is (re)subscribed, live events flow again, and the
    // API fills whatever was sent while they did not.
    let subscriptions = 0;
    channel.bind("pusher:subscription_succeeded", () => {
      if (subscriptions++ > 0) this.reconnects++;
      this.catchingUp = this.catchingUp.then(() => this.catchUp()).catch(() => {});
    });
  }

  subscribed(): Promise<void> {
    return new Promise((resolve, reject) => {
      const channel = this.pusher.channel(`private-room-${this.roomId}`);
      if (channel?.subscribed) return resolve();
      channel.bind("pusher:subscription_succeeded", () => resolve());
      channel.bind("pusher:subscription_error", (e: unknown) => reject(new Error(JSON.stringify(e))));
    });
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
