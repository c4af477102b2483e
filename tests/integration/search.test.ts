import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { markStart, markStop, planFor, searchMessages } from "@/lib/search";

const uniq = () => randomUUID().replace(/-/g, "").slice(0, 10);

async function person(name: string) {
  return prisma.user.create({ data: { email: `${uniq()}@example.com`, name }, select: { id: true, name: true } });
}

async function room(people: { id: string }[], options: { name?: string; kind?: "ROOM" | "DIRECT" | "GROUP" } = {}) {
  const slug = `r-${uniq()}`;
  return prisma.room.create({
    data: {
      slug,
      name: options.name ?? slug,
      kind: options.kind ?? "ROOM",
      visibility: "PRIVATE",
      memberships: { createMany: { data: people.map((p, i) => ({ userId: p.id, role: i === 0 ? ("OWNER" as const) : ("MEMBER" as const) })) } },
    },
    select: { id: true, slug: true, name: true },
  });
}

const post = (roomId: string, author: { id: string }, body: string, createdAt = new Date()) =>
  prisma.message.create({ data: { roomId, authorId: author.id, body, clientId: randomUUID(), createdAt }, select: { id: true } });

const ids = async (userId: string, query: string, plan?: "index" | "recent") => (await searchMessages({ userId, query, limit: 50, plan })).results.map((r) => r.message.id);
const plans = ["index", "recent"] as const;

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return (error as AppError).status;
}

describe("searchMessages", () => {
  it("finds a word, case-insensitively, with the match marked in the snippet and the room named", async () => {
    const word = `zebra${uniq()}`;
    const [ada, bob] = await Promise.all([person("Ada"), person("Bob")]);
    const r = await room([ada, bob], { name: "Zoo talk" });
    const m = await post(r.id, bob, `I saw a ${word.toUpperCase()} today`);
    await post(r.id, bob, "nothing to see");
    const { results, nextCursor } = await searchMessages({ userId: ada.id, query: word, limit: 20 });
    expect(results.map((x) => x.message.id)).toEqual([m.id]);
    expect(results[0]!.room).toEqual({ id: r.id, slug: r.slug, name: "Zoo talk", kind: "ROOM" });
    expect(results[0]!.message.author).toEqual({ id: bob.id, name: "Bob" });
    expect(results[0]!.snippet).toContain(`${markStart}${word.toUpperCase()}${markStop}`);
    expect(nextCursor).toBeNull();
  });

  it.each(plans)("from:, in:, before: and after: filter, alone and together (%s path)", async (plan) => {
    const word = `otter${uniq()}`;
    const [ada, bob] = await Promise.all([person(`Ada Lovelace ${uniq()}`), person(`Bob ${uniq()}`)]);
    const [one, two] = await Promise.all([room([ada, bob], { name: `North ${uniq()}` }), room([ada, bob])]);
    const a1 = await post(one.id, ada, `${word} one`, new Date("2026-01-10T12:00:00Z"));
    const b1 = await post(one.id, bob, `${word} two`, new Date("2026-02-10T12:00:00Z"));
    const a2 = await post(two.id, ada, `${word} three`, new Date("2026-03-10T12:00:00Z"));
    expect(await ids(bob.id, word, plan)).toEqual([a2.id, b1.id, a1.id]);
    expect(await ids(bob.id, `${word} from:"${ada.name}"`, plan)).toEqual([a2.id, a1.id]);
    expect(await ids(bob.id, `${word} from:"${ada.name.toUpperCase()}"`, plan)).toEqual([a2.id, a1.id]);
    expect(await ids(ada.id, `${word} from:me`, plan)).toEqual([a2.id, a1.id]);
    expect(await ids(bob.id, `${word} in:"${one.name}"`, plan)).toEqual([b1.id, a1.id]);
    expect(await ids(bob.id, `${word} in:${two.slug}`, plan)).toEqual([a2.id]);
    expect(await ids(bob.id, `${word} before:2026-02-10`, plan)).toEqual([a1.id]);
    expect(await ids(bob.id, `${word} after:2026-02-10`, plan)).toEqual([a2.id]);
    expect(await ids(bob.id, `${word} after:2026-01-31 before:2026-03-01`, plan)).toEqual([b1.id]);
    expect(await ids(bob.id, `${word} from:"${ada.name}" in:"${one.name}" before:2026-02-01`, plan)).toEqual([a1.id]);
    expect(await ids(bob.id, `${word} from:"Nobody ${uniq()}"`, plan)).toEqual([]);
    expect(await ids(bob.id, `${word} in:nowhere-${uniq()}`, plan)).toEqual([]);
  });

  it("in: finds a conversation by a member's name, and names it by the other people", async () => {
    const word = `lynx${uniq()}`;
    const [ada, bob] = await Promise.all([person(`Ada ${uniq()}`), person(`Bob ${uniq()}`)]);
    const dm = await room([ada, bob], { kind: "DIRECT", name: "" });
    const m = await post(dm.id, bob, `${word} hello`);
    const { results } = await searchMessages({ userId: ada.id, query: `${word} in:"${bob.name}"`, limit: 20 });
    expect(results.map((r) => r.message.id)).toEqual([m.id]);
    expect(results[0]!.room.name).toBe(bob.name);
    expect(results[0]!.room.kind).toBe("DIRECT");
  });

  it.each(plans)("pages newest first by cursor across rooms, without repeats or gaps, ties settled by id (%s path)", async (plan) => {
    const word = `heron${uniq()}`;
    const ada = await person("Ada");
    const rooms = [await room([ada]), await room([ada])];
    const same = new Date("2026-05-01T00:00:00Z");
    for (let i = 0; i < 5; i++) await post(rooms[i % 2]!.id, ada, `${word} ${i}`, i < 3 ? same : new Date(same.getTime() + i * 1000));
    const first = await searchMessages({ userId: ada.id, query: word, limit: 2, plan });
    const second = await searchMessages({ userId: ada.id, query: word, limit: 2, before: first.nextCursor!, plan });
    const third = await searchMessages({ userId: ada.id, query: word, limit: 2, before: second.nextCursor!, plan });
    const all = [...first.results, ...second.results, ...third.results].map((x) => x.message.createdAt + x.message.id);
    expect(all).toHaveLength(5);
    expect(new Set(all).size).toBe(5);
    expect([...all].sort().reverse()).toEqual(all);
    expect(third.nextCursor).toBeNull();
  });

  it("a word in few messages takes the index path, one in most of them the newest-first walk", async () => {
    // The test database is small: a made-up word is rare; the planner thinks an empty query matches all.
    expect(await planFor(`nosuchword${uniq()}`)).toBe("index");
  });

  it("a thread reply is found, and says which thread it is in", async () => {
    const word = `wren${uniq()}`;
    const ada = await person("Ada");
    const r = await room([ada]);
    const parent = await post(r.id, ada, "the thread");
    const reply = await prisma.message.create({ data: { roomId: r.id, authorId: ada.id, body: `${word} reply`, clientId: randomUUID(), parentId: parent.id }, select: { id: true } });
    const { results } = await searchMessages({ userId: ada.id, query: word, limit: 20 });
    expect(results.map((x) => [x.message.id, x.message.parentId])).toEqual([[reply.id, parent.id]]);
  });

  it("a deleted message never matches, even by a filter alone", async () => {
    const word = `ibis${uniq()}`;
    const ada = await person(`Ada ${uniq()}`);
    const r = await room([ada]);
    const m = await post(r.id, ada, `${word} secret`);
    await prisma.message.update({ where: { id: m.id }, data: { body: "", deletedAt: new Date() } });
    expect(await ids(ada.id, word)).toEqual([]);
    expect(await ids(ada.id, `in:${r.slug}`)).toEqual([]);
    expect(await ids(ada.id, `from:me in:${r.slug}`)).toEqual([]);
  });

  it("a bad date or an empty query is a 422; a forged cursor a 400", async () => {
    const ada = await person("Ada");
    expect(await refusal(searchMessages({ userId: ada.id, query: "x before:2026-13-01", limit: 5 }))).toBe(422);
    expect(await refusal(searchMessages({ userId: ada.id, query: "x after:yesterday", limit: 5 }))).toBe(422);
    expect(await refusal(searchMessages({ userId: ada.id, query: "   ", limit: 5 }))).toBe(422);
    expect(await refusal(searchMessages({ userId: ada.id, query: "x", limit: 5, before: "nope" }))).toBe(400);
  });

  describe("a word only in a private room and a DM the caller is not in is never found", async () => {
    const word = `quokka${uniq()}`;
    const [owner, friend, outsider] = await Promise.all([person(`Owner ${uniq()}`), person(`Friend ${uniq()}`), person(`Outsider ${uniq()}`)]);
    // The outsider shares another room with both, so names resolve and in:/from: have something to match.
    await room([owner, friend, outsider], { name: `Lobby ${uniq()}` });
    const secret = await room([owner, friend], { name: `Secret ${uniq()}` });
    const dm = await room([owner, friend], { kind: "DIRECT", name: "" });
    await post(secret.id, owner, `${word} in the room`, new Date("2026-04-10T10:00:00Z"));
    await post(dm.id, owner, `${word} in the dm`, new Date("2026-04-10T11:00:00Z"));
    const cases = [
      word,
      `from:"${owner.name}"`,
      `${word} from:"${owner.name}"`,
      `${word} in:"${secret.name}"`,
      `${word} in:${secret.slug}`,
      `${word} in:"${friend.name}"`,
      `${word} in:"${owner.name}"`,
      `${word} after:2026-04-09 before:2026-04-11`,
      `in:${secret.slug}`,
      `${word} from:"${owner.name}" in:"${secret.name}" after:2026-04-09 before:2026-04-11`,
      `${word} from:"${owner.name}" in:"${owner.name}" after:2026-04-09 before:2026-04-11`,
    ];
    it.each(plans.flatMap((plan) => cases.map((query) => [query, plan] as const)))("%s (%s path)", async (query, plan) => {
      // A member finds it (so the query is right: in:<name> is the *other* member) and the outsider does not.
      const member = query.includes(`in:"${friend.name}"`) ? owner : friend;
      expect((await ids(member.id, query, plan)).length).toBeGreaterThan(0);
      expect(await ids(outsider.id, query, plan)).toEqual([]);
    });
  });

  it("a member removed from a room stops finding its messages", async () => {
    const word = `tapir${uniq()}`;
    const [ada, bob] = await Promise.all([person("Ada"), person("Bob")]);
    const r = await room([ada, bob]);
    const m = await post(r.id, ada, word);
    expect(await ids(bob.id, word)).toEqual([m.id]);
    await prisma.membership.delete({ where: { roomId_userId: { roomId: r.id, userId: bob.id } } });
    expect(await ids(bob.id, word)).toEqual([]);
    expect(await ids(ada.id, word)).toEqual([m.id]);
  });
});
