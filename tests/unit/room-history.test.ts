import { describe, expect, it } from "vitest";
import { HistoryError, RoomHistory, type ForwardPage } from "@/lib/client/room-history";
import type { MessageDto } from "@/lib/messages-types";

// The catch-up core the room view and the reliability suite share, against an in-memory server
// that answers `?after=` pages exactly as GET /api/rooms/{id}/messages does.

const t0 = Date.parse("2026-12-01T10:00:00.000Z");

function message(i: number, at = t0 + i * 100): MessageDto {
  const id = `m${String(i).padStart(6, "0")}`;
  return { id, roomId: "room1", author: { id: "u1", name: "U" }, body: `message ${i}`, clientId: `c-${id}`, createdAt: new Date(at).toISOString(), editedAt: null, deletedAt: null, mentions: [], mentionsRoom: false, reactions: [], parentId: null, replyCount: 0, lastReplyAt: null, attachments: [] };
}

class FakeServer {
  readonly messages: MessageDto[] = [];
  readonly requests: string[] = [];
  /** Answers for the next requests, in order: a status to fail with, or "ok". */
  script: (number | "network" | "ok")[] = [];

  add(...items: MessageDto[]) {
    this.messages.push(...items);
    this.messages.sort((a, b) => (a.createdAt === b.createdAt ? (a.id < b.id ? -1 : 1) : a.createdAt < b.createdAt ? -1 : 1));
  }
  newestPage(limit = 50): MessageDto[] {
    return this.messages.slice(-limit).reverse();
  }
  fetchAfter = async (after: string, limit: number): Promise<ForwardPage> => {
    this.requests.push(after);
    await Promise.resolve();
    const next = this.script.shift() ?? "ok";
    if (next === "network") throw new TypeError("fetch failed");
    if (next !== "ok") throw new HistoryError(`HTTP ${next}`, next === 403 || next === 404);
    const start = after ? this.messages.findIndex((m) => m.id === after) + 1 : 0;
    const page = this.messages.slice(start, start + limit);
    return { messages: page, nextCursor: start + limit < this.messages.length ? (page.at(-1)?.id ?? null) : null };
  };
}

const ids = (messages: { id: string }[]) => messages.map((m) => m.id);
const noWait = () => 0;

describe("RoomHistory - catching up after a gap", () => {
  it("fills a gap of 300 messages even when live events for the newest 60 arrived before the first page", async () => {
    const server = new FakeServer();
    server.add(...Array.from({ length: 50 }, (_, i) => message(i)));
    const history = new RoomHistory({ initialNewestFirst: server.newestPage(), fetchAfter: server.fetchAfter, retryDelay: noWait, pageSize: 50 });
    history.interrupted();
    // While the connection was down, 300 messages were sent; the newest 60 arrive live at once after the re-subscription.
    const missed = Array.from({ length: 300 }, (_, i) => message(50 + i));
    server.add(...missed);
    for (const m of missed.slice(-60)) history.live(m);
    await history.catchUp();
    expect(ids(history.messages)).toEqual(ids(server.messages));
    expect(history.status).toBe("live");
    // Forward pages from the newest message held before the gap (less the overlap): 300 / 50 + 1 pages.
    expect(server.requests.length).toBeLessThanOrEqual(8);
  });

  it("retries failed pages with backoff (503, 429, network) and keeps every page it already had", async () => {
    const server = new FakeServer();
    server.add(...Array.from({ length: 10 }, (_, i) => message(i)));
    const statuses: string[] = [];
    const waits: number[] = [];
    const history = new RoomHistory({
      initialNewestFirst: server.newestPage(),
      fetchAfter: server.fetchAfter,
      onStatus: (s) => statuses.push(s),
      retryDelay: (attempt) => (waits.push(attempt), 0),
      pageSize: 20,
    });
    server.add(...Array.from({ length: 100 }, (_, i) => message(10 + i)));
    server.script = ["ok", 503, "network", 429, "ok"];
    const held: number[] = [];
    await history.catchUp().then(() => held.push(history.messages.length));
    expect(ids(history.messages)).toEqual(ids(server.messages));
    expect(history.stats.retries).toBe(3);
    expect(waits).toEqual([0, 1, 2]);
    // The retried page was asked for again from where the last good page ended, not from the start.
    const afterFirst = server.requests[1];
    expect(server.requests.slice(1, 5)).toEqual([afterFirst, afterFirst, afterFirst, afterFirst]);
    expect(statuses).toEqual(["catching-up", "live"]);
    expect(history.lastError).toBeNull();
  });

  it("a refused page (403) stops: the room is gone, nothing is retried", async () => {
    const server = new FakeServer();
    server.add(message(1));
    let refused = 0;
    const history = new RoomHistory({ initialNewestFirst: server.newestPage(), fetchAfter: server.fetchAfter, onStatus: (s) => s === "refused" && refused++, retryDelay: noWait });
    server.script = [403];
    await history.catchUp();
    expect(refused).toBe(1);
    expect(history.status).toBe("refused");
    expect(server.requests).toHaveLength(1);
  });

  it("a catch-up superseded by an interruption does not declare the history live; the next one does", async () => {
    const server = new FakeServer();
    server.add(...Array.from({ length: 5 }, (_, i) => message(i)));
    const history = new RoomHistory({ initialNewestFirst: server.newestPage(), fetchAfter: server.fetchAfter, retryDelay: noWait, pageSize: 2 });
    server.add(...Array.from({ length: 20 }, (_, i) => message(5 + i)));
    const first = history.catchUp();
    history.interrupted();
    await first;
    expect(history.status).toBe("behind");
    await history.catchUp();
    expect(history.status).toBe("live");
    expect(ids(history.messages)).toEqual(ids(server.messages));
  });

  it("picks up a message committed late with a timestamp just before the newest one held", async () => {
    const server = new FakeServer();
    server.add(...Array.from({ length: 10 }, (_, i) => message(i)));
    const history = new RoomHistory({ initialNewestFirst: server.newestPage(), fetchAfter: server.fetchAfter, retryDelay: noWait });
    // Stamped 50 ms before message 9 (within the overlap), committed (and visible) only now.
    server.add({ ...message(99, t0 + 9 * 100 - 50), id: "mlate" });
    await history.catchUp();
    expect(ids(history.messages)).toContain("mlate");
    expect(ids(history.messages)).toEqual(ids(server.messages));
  });

  it("an empty room reads from the first message; live events extend a live history without requests", async () => {
    const server = new FakeServer();
    const history = new RoomHistory({ initialNewestFirst: [], fetchAfter: server.fetchAfter, retryDelay: noWait });
    server.add(message(1), message(2));
    await history.catchUp();
    expect(server.requests).toEqual([""]);
    expect(ids(history.messages)).toEqual(["m000001", "m000002"]);
    history.live(message(3));
    expect(history.status).toBe("live");
    expect(server.requests).toHaveLength(1);
    expect(ids(history.messages)).toEqual(["m000001", "m000002", "m000003"]);
  });
});
