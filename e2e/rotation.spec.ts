import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { createRoom, disposePersonas, networkSwitch, openAs, persona, roomChannels, type Persona } from "./support";

// A removal moves the room to new channel names (lib/realtime/channels.ts). The people who stay
// must not notice: their open pages follow the room to the new names while messages keep flowing,
// and end up with every message exactly once, in order; the person removed gets none of the
// messages sent after the removal.

test.afterAll(disposePersonas);

/** The ids of the messages a page shows, top to bottom. */
const shownIds = (page: Page) => page.getByTestId("message").evaluateAll((items) => items.map((item) => item.getAttribute("data-message-id")));

/** The room's history as the API has it, oldest first. */
async function historyIds(who: Persona, roomId: string): Promise<string[]> {
  const response = await who.api.get(`/api/rooms/${roomId}/messages?limit=100`);
  expect(response.status()).toBe(200);
  return ((await response.json()) as { messages: { id: string }[] }).messages.map((m) => m.id).reverse();
}

test("two members' open pages keep every message across a removal, exactly once and in order; the removed member's page gets none after it", async ({ browser }) => {
  const [owner, alice, mallory] = await Promise.all([persona("owner"), persona("alice"), persona("mallory")]);
  const room = await createRoom(owner, "PUBLIC");
  for (const who of [alice, mallory]) expect((await who.api.post(`/api/rooms/${room.id}/join`)).status()).toBe(200);
  const before = await roomChannels(owner, room.id);

  const [ownerPage, alicePage, malloryPage] = (await Promise.all([owner, alice, mallory].map((who) => openAs(browser, who, `/rooms/${room.slug}`)))) as [Page, Page, Page];
  for (const page of [ownerPage, alicePage]) await expect(page.getByTestId("presence-list")).toContainText(mallory.user.name);

  // Two senders take turns through the API (each stays under the flood limit), a message every ~60 ms.
  const sent: { body: string; startedAt: number }[] = [];
  let removedAt = Infinity;
  const senders = [owner, alice];
  const flow = (async () => {
    for (let i = 0; i < 30; i++) {
      const body = `flow ${i} ${randomUUID().slice(0, 8)}`;
      sent.push({ body, startedAt: Date.now() });
      const response = await senders[i % 2]!.api.post(`/api/rooms/${room.id}/messages`, { data: { body, clientId: randomUUID() } });
      expect(response.status()).toBe(201);
      await new Promise((resolve) => setTimeout(resolve, 60));
    }
  })();
  // Mid-flow, the owner removes Mallory.
  await expect.poll(() => sent.length).toBeGreaterThanOrEqual(10);
  const removal = await owner.api.delete(`/api/rooms/${room.id}/members/${mallory.user.id}`);
  expect(removal.status()).toBe(204);
  removedAt = Date.now();
  await flow;

  const server = await historyIds(owner, room.id);
  expect(server).toHaveLength(30);
  for (const page of [ownerPage, alicePage]) {
    await expect.poll(() => shownIds(page), { timeout: 15_000 }).toEqual(server);
    await expect(page.getByTestId("presence-list")).not.toContainText(mallory.user.name);
  }
  expect((await roomChannels(alice, room.id)).messages).not.toBe(before.messages);

  await expect(malloryPage.getByTestId("access-lost")).toContainText("You were removed from this room.");
  const late = sent.filter((m) => m.startedAt > removedAt).map((m) => m.body);
  expect(late.length).toBeGreaterThan(0);
  const malloryShows = await malloryPage.getByTestId("message").allInnerTexts();
  expect(late.filter((body) => malloryShows.some((text) => text.includes(body)))).toEqual([]);
  await Promise.all([ownerPage, alicePage, malloryPage].map((page) => page.context().close()));
});

test("a page that missed the move (offline during the removal) finds the new channels when it comes back, and fills the gap", async ({ browser }) => {
  const [owner, alice, mallory] = await Promise.all([persona("owner"), persona("alice"), persona("mallory")]);
  const room = await createRoom(owner, "PUBLIC");
  for (const who of [alice, mallory]) expect((await who.api.post(`/api/rooms/${room.id}/join`)).status()).toBe(200);
  // Alice's WebSocket goes through a switch: while it is off, every connection is cut at once.
  const context = await browser.newContext({ storageState: await alice.api.storageState() });
  const alicePage = await context.newPage();
  const network = await networkSwitch(alicePage);
  await alicePage.goto(`/rooms/${room.slug}`);
  await expect(alicePage.getByTestId("presence-list")).toContainText(alice.user.name);

  await network.cut();
  await expect(alicePage.getByTestId("connection-banner")).toBeVisible();
  expect((await owner.api.delete(`/api/rooms/${room.id}/members/${mallory.user.id}`)).status()).toBe(204);
  for (let i = 0; i < 3; i++) expect((await owner.api.post(`/api/rooms/${room.id}/messages`, { data: { body: `while away ${i}`, clientId: randomUUID() } })).status()).toBe(201);
  network.restore();
  await expect(alicePage.getByTestId("connection-banner")).toBeHidden({ timeout: 30_000 });

  // Refused on the old names, the page asks for the current ones, moves, and catches up.
  for (let i = 0; i < 3; i++) await expect(alicePage.getByTestId("message").filter({ hasText: `while away ${i}` })).toHaveCount(1);
  const later = `after coming back ${randomUUID().slice(0, 8)}`;
  expect((await owner.api.post(`/api/rooms/${room.id}/messages`, { data: { body: later, clientId: randomUUID() } })).status()).toBe(201);
  await expect(alicePage.getByTestId("message").filter({ hasText: later })).toHaveCount(1);
  await expect(alicePage.getByTestId("access-lost")).toHaveCount(0);
  await context.close();
});
