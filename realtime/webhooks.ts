// Webhooks, as Pusher sends them: batched JSON {time_ms, events}, signed with the app secret,
// channel_vacated / member_removed held back briefly (a page reload must not flap), and
// non-2xx deliveries retried with exponential backoff.
import { webhookSignature } from "./crypto";
import type { Logger } from "./log";

export type WebhookEvent =
  | { name: "channel_occupied" | "channel_vacated"; channel: string }
  | { name: "member_added" | "member_removed"; channel: string; user_id: string }
  | { name: "client_event"; channel: string; event: string; data: string; socket_id: string; user_id?: string }
  | { name: "cache_miss"; channel: string }
  | { name: "subscription_count"; channel: string; subscription_count: number };

export interface WebhookOptions {
  url: string | undefined;
  key: string;
  secret: string;
  delayMs: number;
  retryForMs: number;
}

export class Webhooks {
  private queue: WebhookEvent[] = [];
  private flushScheduled = false;
  private readonly delayed = new Map<string, NodeJS.Timeout>();
  private readonly retries = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(
    private readonly options: WebhookOptions,
    private readonly log: Logger,
  ) {}

  get enabled(): boolean {
    return Boolean(this.options.url);
  }

  emit(event: WebhookEvent): void {
    if (!this.enabled || this.closed) return;
    this.queue.push(event);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Emits after the vacate delay unless `cancel(key)` is called first. */
  emitDelayed(key: string, event: WebhookEvent): void {
    if (!this.enabled || this.closed) return;
    clearTimeout(this.delayed.get(key));
    const timer = setTimeout(() => {
      this.delayed.delete(key);
      this.emit(event);
    }, this.options.delayMs);
    timer.unref();
    this.delayed.set(key, timer);
  }

  /** True when a delayed event was pending and is now cancelled. */
  cancel(key: string): boolean {
    const timer = this.delayed.get(key);
    if (!timer) return false;
    clearTimeout(timer);
    this.delayed.delete(key);
    return true;
  }

  close(): void {
    this.closed = true;
    for (const timer of this.delayed.values()) clearTimeout(timer);
    for (const timer of this.retries) clearTimeout(timer);
    this.delayed.clear();
    this.retries.clear();
    this.queue = [];
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.queue.length === 0) return;
    const body = JSON.stringify({ time_ms: Date.now(), events: this.queue });
    this.queue = [];
    this.deliver(body, 0, Date.now());
  }

  private deliver(body: string, attempt: number, firstAttemptAt: number): void {
    const url = this.options.url;
    if (!url || this.closed) return;
    fetch(url, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "X-Pusher-Key": this.options.key,
        "X-Pusher-Signature": webhookSignature(this.options.secret, body),
      },
      body,
      signal: AbortSignal.timeout(5_000),
    })
      .then((response) => {
        // Drain the body so the connection can be reused.
        void response.arrayBuffer().catch(() => {});
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
      })
      .catch((error: unknown) => {
        const waitMs = Math.min(1_000 * 2 ** attempt, 60_000);
        if (this.closed || Date.now() + waitMs - firstAttemptAt > this.options.retryForMs) {
          this.log("warn", "webhook dropped", { attempt: attempt + 1, error: String(error) });
          return;
        }
        this.log("warn", "webhook failed, will retry", { attempt: attempt + 1, retryInMs: waitMs, error: String(error) });
        const timer = setTimeout(() => {
          this.retries.delete(timer);
          this.deliver(body, attempt + 1, firstAttemptAt);
        }, waitMs);
        timer.unref();
        this.retries.add(timer);
      });
  }
}
