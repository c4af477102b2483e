// A room's messages as a client holds them, and how it catches up after missing live events:
// the one implementation behind the room view (components/chat/use-room-history.ts) and the
// reliability suite, which proves it against a realtime server killed mid-run. Plain TypeScript,
// no React, no server imports.
//
// The client knows how far its history is complete: the newest message up to which it holds
// everything (the anchor). Live events extend it only while they are known to be continuous,
// that is after a catch-up has reached the end since the channel was last (re)subscribed. After
// a gap (a reconnect, a move to new channel names, an oversized event) it reads forward from the
// anchor, `GET …/messages?after=`, page after page until a page comes back short, however many
// live events arrive meanwhile; a failed page is retried with backoff until it succeeds.
import { retryDelayMs } from "@/lib/client/backoff";
import { compareMessages, mergeMessages, type StoredMessage } from "@/lib/client/message-store";
import type { MessageDto } from "@/lib/messages-types";

export interface ForwardPage {
  /** Oldest first. */
  messages: MessageDto[];
  /** The `after` of the next page when this one was full; null at the end. */
  nextCursor: string | null;
}

/** Why a page could not be had: `refused` (403/404: the room is gone for this person) is final, anything else is retried. */
export class HistoryError extends Error {
  constructor(
    message: string,
    readonly refused: boolean,
  ) {
    super(message);
  }
}

/** `refused`: a page was refused (403/404), the room is gone for this person. */
export type HistoryStatus = "behind" | "catching-up" | "live" | "refused";

export interface RoomHistoryOptions {
  /** The newest page the page was rendered with, newest first (as `GET …/messages` answers). */
  initialNewestFirst: MessageDto[];
  /** `GET …/messages?after={afterId}&limit={limit}`: "" reads from the first message. */
  fetchAfter: (afterId: string, limit: number) => Promise<ForwardPage>;
  /** Called after every change, with the messages oldest first. */
  onChange?: (messages: StoredMessage[]) => void;
  onStatus?: (status: HistoryStatus) => void;
  pageSize?: number;
  /** For tests: how long to wait before retrying a failed page. */
  retryDelay?: (attempt: number) => number;
}

/**
 * How far back before the anchor a catch-up starts: two sends can commit a few milliseconds out
 * of timestamp order, so a message stamped just before the anchor may have been committed after
 * the client last heard from the room. Re-reading a little costs nothing: merging is by id.
 */
const overlapMs = 1_000;

const isFromServer = (m: StoredMessage) => !m.status && !m.id.startsWith("pending-");

export class RoomHistory {
  messages: StoredMessage[];
  status: HistoryStatus = "behind";
  /** The last failure of a page, while catching up (for the UI and for the reliability suite's report). */
  lastError: string | null = null;
  /** Pages fetched, failures retried: what a catch-up cost. */
  readonly stats = { pages: 0, retries: 0 };
  private anchor: StoredMessage | null;
  private epoch = 0;
  private stopped = false;
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly options: RoomHistoryOptions) {
    this.messages = [...options.initialNewestFirst].reverse();
    this.anchor = this.messages.at(-1) ?? null;
  }

  /** Messages from anywhere (a sent message's answer, an older page, an optimistic copy): merged, nothing else. */
  upsert(incoming: StoredMessage[]): void {
    if (incoming.length === 0) return;
    this.messages = mergeMessages(this.messages, incoming);
    if (this.status === "live") this.advanceAnchor();
    this.options.onChange?.(this.messages);
  }

  /** Changes one held message (a reaction came or went); nothing when it is not held. */
  update(messageId: string, change: (message: StoredMessage) => StoredMessage): void {
    const current = this.messages.find((m) => m.id === messageId);
    if (current) this.upsert([change(current)]);
  }

  /** A live event. While the stream is known continuous it extends the complete history too. */
  live(message: MessageDto): void {
    this.upsert([message]);
  }

  /** The live stream broke (connection lost, moving channels): live events no longer prove anything. */
  interrupted(): void {
    this.epoch++;
    this.setStatus("behind");
  }

  /**
   * The live stream is (re)established, or something may have been missed: read forward from the
   * anchor until the end. A catch-up already under way is superseded by this one. Resolves when
   * it has reached the end (or was superseded, or the room was refused).
   */
  catchUp(): Promise<void> {
    const epoch = ++this.epoch;
    this.setStatus("catching-up");
    this.running = this.run(epoch);
    return this.running;
  }

  /** Resolves when the catch-up in progress (if any) ends. */
  settled(): Promise<void> {
    return this.running;
  }

  /** Catch-ups run again after stop() (a view mounted again). */
  start(): void {
    this.stopped = false;
  }

  /** Ends any catch-up in progress; nothing more is fetched until start(). */
  stop(): void {
    this.stopped = true;
    this.epoch++;
  }

  private current(epoch: number): boolean {
    return !this.stopped && epoch === this.epoch;
  }

  private setStatus(status: HistoryStatus): void {
    if (this.status === status) return;
    this.status = status;
    this.options.onStatus?.(status);
  }

  /** The newest message held from the server (the whole history is complete up to it while live). */
  private advanceAnchor(): void {
    const newest = this.messages.findLast(isFromServer);
    if (newest && (!this.anchor || compareMessages(newest, this.anchor) > 0)) this.anchor = newest;
  }

  /** Where to read from: a held message a little before the anchor, or the first message of all. */
  private startAfter(): string {
    if (!this.anchor) return "";
    const before = Date.parse(this.anchor.createdAt) - overlapMs;
    const held = this.messages.filter(isFromServer);
    const start = held.findLast((m) => Date.parse(m.createdAt) <= before) ?? held[0];
    return start?.id ?? "";
  }

  private async run(epoch: number): Promise<void> {
    const limit = this.options.pageSize ?? 100;
    const delay = this.options.retryDelay ?? ((attempt: number) => retryDelayMs(attempt));
    let after = this.startAfter();
    let failures = 0;
    while (this.current(epoch)) {
      let page: ForwardPage;
      try {
        page = await this.options.fetchAfter(after, limit);
        this.stats.pages++;
      } catch (error) {
        if (!this.current(epoch)) return;
        if (error instanceof HistoryError && error.refused) {
          this.lastError = error.message;
          this.setStatus("refused");
          return;
        }
        this.lastError = error instanceof Error ? error.message : String(error);
        this.stats.retries++;
        await new Promise((resolve) => setTimeout(resolve, delay(failures++)));
        continue;
      }
      if (!this.current(epoch)) return;
      failures = 0;
      // Merged as they arrive: a long catch-up shows its progress, and a later failure loses nothing.
      if (page.messages.length > 0) {
        this.messages = mergeMessages(this.messages, page.messages);
        const last = page.messages.at(-1)!;
        if (!this.anchor || compareMessages(last, this.anchor) > 0) this.anchor = last;
        after = last.id;
        this.options.onChange?.(this.messages);
      }
      if (!page.nextCursor) break;
      after = page.nextCursor;
    }
    if (!this.current(epoch)) return;
    // At the end, and the live stream has been flowing since before this catch-up began: every
    // message held is part of a complete history.
    this.lastError = null;
    this.advanceAnchor();
    this.setStatus("live");
  }
}

/** The browser's (and the harness's) page request, with the error kinds RoomHistory needs. */
export async function readForwardPage(response: Response): Promise<ForwardPage> {
  if (response.status === 403 || response.status === 404) throw new HistoryError(`HTTP ${response.status}`, true);
  if (!response.ok) throw new HistoryError(`HTTP ${response.status}`, false);
  return (await response.json()) as ForwardPage;
}
