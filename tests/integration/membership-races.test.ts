import { randomUUID } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { prisma } from "@/lib/db";
import { removeMembership } from "@/lib/moderation";
import { addMember } from "@/lib/rooms";

// Nothing listens on a realtime port in these tests: announcements and notices are recorded.
vi.mock("@/lib/realtime/notify-user", () => ({ notifyUser: vi.fn(async () => {}), closeUserConnections: vi.fn(async () => {}) }));
vi.mock("@/lib/realtime/pusher", () => ({
  encryptionEnabled: false,
  pusher: { triggerBatch: vi.fn(async () => ({})), terminateUserConnections: vi.fn(async () => ({})) },
  publish: <T>(send: () => Promise<T>) => send(),
  describePublishError: String,
}));

describe("removeMembership under concurrency", () => {
  it("leaving and joining the same room at the same moment never deadlock (found by the API fuzzer)", async () => {
    const user = await prisma.user.create({ data: { email: `racer-${randomUUID()}@example.com`, name: "Racer" }, select: { id: true } });
    const room = await prisma.room.create({ data: { slug: `race-${randomUUID()}`, name: "Race", visibility: "PUBLIC" }, select: { id: true, channelKey: true } });
    const keys = new Set([room.channelKey]);
    for (let round = 0; round < 15; round++) {
      await addMember({ roomId: room.id, userId: user.id });
      const results = await Promise.allSettled([removeMembership({ roomId: room.id, userId: user.id, reason: "left" }), addMember({ roomId: room.id, userId: user.id }), addMember({ roomId: room.id, userId: user.id })]);
      expect(results.filter((r) => r.status === "rejected").map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
      keys.add((await prisma.room.findUniqueOrThrow({ where: { id: room.id }, select: { channelKey: true } })).channelKey);
    }
    // Every removal retired a generation.
    expect(keys.size).toBe(16);
  });
});
