import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { createRoom, disposePersonas, networkSwitch, persona, type Persona } from "./support";

// A reader goes offline while the room sends 120 messages, and comes back while it keeps talking,
// over a slow connection: by the time the catch-up's first page arrives, more than a page of newer
// messages is already on screen from live events. The page must still end with every message
// exactly once, in order.

test.afterAll(disposePersonas);

const shownIds = (page: Page) => page.getByTestId("message").evaluateAll((items) => items.map((item) => item.getAttribute("data-message-id")));

test("offline while 120 messages are sent, back while 80 more are: every message once, in order", async ({ browser }) => {
  test.setTimeout(120_000);
  const reader = await persona("reader");
  // Eight people take turns, each under the flood limit (20 per 10 s), a message every 80 ms.
  const senders: Persona[] = await Promise.all(Array.from({ length: 8 }, (_, i) => persona(`sender${i}`)));
  const room = await createRoom(reader, "PUBLIC");
  for (const who of senders) expect((await who.api.post(`/api/rooms/${room.id}/join`)).status()).toBe(200);

  const context = await browser.newContext({ storageState: await reader.api.storageState() });
  const page = await context.newPage();
  const network = await networkSwitch(page);
  // Back online, the history API answers slowly (as under load): 7 s per page.
  let slow = false;
  await page.route(/\/api\/rooms\/[^/]+\/messages(\?|$)/, async (route) => {
    if (slow) await new Promise((resolve) => setTimeout(resolve, 7_000));
    await route.continue();
  });
  await page.goto(`/rooms/${room.slug}`);
  await expect(page.getByTestId("presence-list")).toContainText(reader.user.name);

  let sent = 0;
  const sending = (async () => {
    for (; sent < 210; sent++) {
      const who = senders[sent % senders.length]!;
      const response = await who.api.post(`/api/rooms/${room.id}/messages`, { data: { body: `burst ${sent}`, clientId: randomUUID() } });
      expect(response.status()).toBe(201);
      await new Promise((resolve) => setTimeout(resolve, 80));
    }
  })();

  await expect.poll(() => sent).toBeGreaterThanOrEqual(10);
  await context.setOffline(true);
  await network.cut();
  await expect(page.getByTestId("connection-banner")).toBeVisible();
  await expect.poll(() => sent, { timeout: 60_000 }).toBeGreaterThanOrEqual(130);
  slow = true;
  await context.setOffline(false);
  network.restore();
  // Live again while the room is still talking (what "back" means to the reader: the banner goes).
  await expect(page.getByTestId("connection-banner")).toBeHidden({ timeout: 5_000 });
  expect(sent).toBeLessThan(150);
  await sending;

  // The room's history as the API has it, oldest first.
  const server: string[] = [];
  for (let cursor: string | null = ""; cursor !== null; ) {
    const pageOfHistory = (await (await reader.api.get(`/api/rooms/${room.id}/messages?limit=100${cursor ? `&before=${encodeURIComponent(cursor)}` : ""}`)).json()) as { messages: { id: string }[]; nextCursor: string | null };
    server.unshift(...pageOfHistory.messages.map((m) => m.id).reverse());
    cursor = pageOfHistory.nextCursor;
  }
  expect(server).toHaveLength(210);
  await expect.poll(() => shownIds(page), { timeout: 60_000 }).toEqual(server);
  await expect(page.getByTestId("connection-banner")).toBeHidden();
  await context.close();
});

test("a busy authorization endpoint (503, then 429) is retried and the page says 'Reconnecting…', never 'removed'", async ({ browser }) => {
  const [reader, writer] = await Promise.all([persona("reader"), persona("writer")]);
  const room = await createRoom(reader, "PUBLIC");
  expect((await writer.api.post(`/api/rooms/${room.id}/join`)).status()).toBe(200);
  const context = await browser.newContext({ storageState: await reader.api.storageState() });
  const page = await context.newPage();
  // The first four authorization requests are turned away as a busy server would.
  let refusals = 0;
  await page.route("**/api/pusher/auth", async (route) => {
    if (refusals < 4) {
      const status = refusals++ < 2 ? 503 : 429;
      return route.fulfill({ status, contentType: "application/json", headers: { "retry-after": "1" }, body: JSON.stringify({ error: { code: status === 503 ? "unavailable" : "rate_limited", message: "Busy." } }) });
    }
    await route.continue();
  });
  await page.goto(`/rooms/${room.slug}`);
  await expect(page.getByTestId("connection-banner")).toHaveText("Reconnecting…");
  await expect(page.getByTestId("presence-list")).toContainText(reader.user.name, { timeout: 15_000 });
  await expect(page.getByTestId("connection-banner")).toBeHidden();
  await expect(page.getByTestId("access-lost")).toHaveCount(0);
  expect(refusals).toBe(4);
  // Live, for real.
  const body = `after the storm ${randomUUID().slice(0, 8)}`;
  expect((await writer.api.post(`/api/rooms/${room.id}/messages`, { data: { body, clientId: randomUUID() } })).status()).toBe(201);
  await expect(page.getByTestId("message").filter({ hasText: body })).toHaveCount(1);
  await context.close();
});
