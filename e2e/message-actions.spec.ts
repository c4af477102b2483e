import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { createRoom, disposePersonas, openAs, persona, say, type Persona } from "./support";

test.afterAll(disposePersonas);

async function send(who: Persona, roomId: string, body: string) {
  const response = await who.api.post(`/api/rooms/${roomId}/messages`, { data: { body, clientId: randomUUID() } });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { message: { id: string } }).message;
}

test("a reaction shows live on the other member's page, with who reacted; toggling it back takes it away", async ({ browser }) => {
  const [ada, bob] = await Promise.all([persona("ada"), persona("bob")]);
  const room = await createRoom(ada, "PUBLIC");
  expect((await bob.api.post(`/api/rooms/${room.id}/join`)).status()).toBe(200);
  const message = await send(ada, room.id, "Release at noon?");
  const [adaPage, bobPage] = await Promise.all([openAs(browser, ada, `/rooms/${room.slug}`), openAs(browser, bob, `/rooms/${room.slug}`)]);
  for (const page of [adaPage, bobPage]) await expect(page.getByTestId("presence-list")).toContainText(bob.user.name);

  const onBob = bobPage.locator(`[data-message-id="${message.id}"]`);
  await onBob.hover();
  await onBob.getByRole("button", { name: "React" }).click();
  const picker = bobPage.getByRole("dialog", { name: "Pick a reaction" });
  await picker.getByLabel("Search emoji").fill("thumb");
  await picker.getByRole("button", { name: "👍 thumbs" }).click();
  await expect(picker).toHaveCount(0);

  const onAda = adaPage.locator(`[data-message-id="${message.id}"]`);
  const chip = onAda.getByTestId("reaction").filter({ hasText: "👍" });
  await expect(chip.getByTestId("reaction-count")).toHaveText("1");
  await expect(chip).toHaveAttribute("aria-label", `${bob.user.name} reacted with 👍`);
  await expect(chip).toHaveAttribute("aria-pressed", "false");
  // Ada joins in from the chip itself; Bob sees 2, then 1 when Ada takes hers back.
  await chip.click();
  await expect(chip).toHaveAttribute("aria-pressed", "true");
  const bobChip = onBob.getByTestId("reaction").filter({ hasText: "👍" });
  await expect(bobChip.getByTestId("reaction-count")).toHaveText("2");
  await expect(bobChip).toHaveAttribute("aria-label", `you and ${ada.user.name} reacted with 👍`);
  await chip.click();
  await expect(bobChip.getByTestId("reaction-count")).toHaveText("1");
  // After a reload, from the database.
  await adaPage.reload();
  await expect(adaPage.locator(`[data-message-id="${message.id}"]`).getByTestId("reaction-count")).toHaveText("1");
  await Promise.all([adaPage, bobPage].map((page) => page.context().close()));
});

test("a reaction's own answer arriving after someone else's live reaction does not take theirs away", async ({ browser }) => {
  const [ada, bob] = await Promise.all([persona("ada"), persona("bob")]);
  const room = await createRoom(ada, "PUBLIC");
  expect((await bob.api.post(`/api/rooms/${room.id}/join`)).status()).toBe(200);
  const message = await send(ada, room.id, "Ship it?");
  const [adaPage, bobPage] = await Promise.all([openAs(browser, ada, `/rooms/${room.slug}`), openAs(browser, bob, `/rooms/${room.slug}`)]);
  for (const page of [adaPage, bobPage]) await expect(page.getByTestId("presence-list")).toContainText(bob.user.name);
  // Bob's answer is held back (a slow network) until Ada's reaction has reached his page live.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await bobPage.route("**/reactions", async (route) => {
    const response = await route.fetch();
    await held;
    await route.fulfill({ response });
  });
  const onBob = bobPage.locator(`[data-message-id="${message.id}"]`);
  await onBob.hover();
  await onBob.getByRole("button", { name: "React" }).click();
  const picker = bobPage.getByRole("dialog", { name: "Pick a reaction" });
  await picker.getByLabel("Search emoji").fill("thumb");
  await picker.getByRole("button", { name: "👍 thumbs" }).click();
  const adaChip = adaPage.locator(`[data-message-id="${message.id}"]`).getByTestId("reaction").filter({ hasText: "👍" });
  await expect(adaChip.getByTestId("reaction-count")).toHaveText("1");
  await adaChip.click();
  const bobCount = onBob.getByTestId("reaction").filter({ hasText: "👍" }).getByTestId("reaction-count");
  await expect(bobCount).toHaveText("2");
  const answered = bobPage.waitForResponse("**/reactions");
  release();
  await answered;
  // Something Bob does after the answer has been handled (a send's round trip is longer than that)…
  await say(bobPage, "sure");
  await expect(bobPage.getByTestId("message").filter({ hasText: "sure" })).not.toContainText("Sending…");
  // …and the answer, read before Ada reacted, has not undone what the live event said.
  await expect(bobCount).toHaveText("2");
  await bobPage.reload();
  await expect(bobPage.locator(`[data-message-id="${message.id}"]`).getByTestId("reaction-count")).toHaveText("2");
  await Promise.all([adaPage, bobPage].map((page) => page.context().close()));
});

test("the reactions API: only the picker's emoji, only members, and a repeat changes nothing", async ({ request }) => {
  const [ada, outsider] = await Promise.all([persona("ada"), persona("outsider")]);
  const room = await createRoom(ada, "PRIVATE");
  const message = await send(ada, room.id, "hello");
  const url = `/api/rooms/${room.id}/messages/${message.id}/reactions`;
  const put = (who: Persona, data: unknown) => who.api.put(url, { data });
  expect((await put(ada, { emoji: "<b>x</b>", reacted: true })).status()).toBe(422);
  expect((await put(ada, { emoji: "👍" })).status()).toBe(422);
  expect((await put(outsider, { emoji: "👍", reacted: true })).status()).toBe(404);
  expect((await request.put(url, { data: { emoji: "👍", reacted: true } })).status()).toBe(401);
  const first = await put(ada, { emoji: "👍", reacted: true });
  const again = await put(ada, { emoji: "👍", reacted: true });
  expect(await first.json()).toEqual(await again.json());
  expect(await again.json()).toEqual({ messageId: message.id, reactions: [{ emoji: "👍", users: [{ id: ada.user.id, name: ada.user.name }] }] });
});

test("a permalink opens the room at an old message with the history around it; a private room's is a 404 to everyone else", async ({ browser }) => {
  const [ada, bob, cy, dan, outsider] = await Promise.all([persona("ada"), persona("bob"), persona("cy"), persona("dan"), persona("outsider")]);
  const room = await createRoom(ada, "PUBLIC");
  const writers = [ada, bob, cy, dan];
  for (const who of writers.slice(1)) expect((await who.api.post(`/api/rooms/${room.id}/join`)).status()).toBe(200);
  // More than a page (50), four writers taking turns (each stays under the flood limit).
  const sent = [];
  for (let i = 0; i < 70; i++) sent.push(await send(writers[i % 4]!, room.id, `history line ${i}`));
  const target = sent[5]!;
  const page = await openAs(browser, ada, `/rooms/${room.slug}`);
  await expect(page.getByTestId("message").last()).toContainText("history line 69");
  const newest = page.locator(`[data-message-id="${sent[69]!.id}"]`);
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await newest.hover();
  await newest.getByRole("button", { name: "Copy link" }).click();
  await expect(newest.getByRole("button", { name: "Copied" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(new URL(`/rooms/${room.slug}?message=${sent[69]!.id}`, page.url()).toString());

  await page.goto(`/rooms/${room.slug}?message=${target.id}`);
  const shown = page.locator(`[data-message-id="${target.id}"]`);
  await expect(shown).toBeInViewport();
  await expect(shown).toHaveClass(/ring-2/);
  await expect(page.getByTestId("message").filter({ hasText: /history line 4(?!\d)/ })).toHaveCount(1);
  // The newest arrive too (the view catches up forward from the window), and the view stays put.
  await expect(page.getByTestId("message").filter({ hasText: /history line 69(?!\d)/ })).toHaveCount(1);
  await expect(shown).toBeInViewport();
  await page.context().close();

  const secret = await createRoom(ada, "PRIVATE");
  const hidden = await send(ada, secret.id, "not for outsiders");
  expect((await outsider.api.get(`/rooms/${secret.slug}?message=${hidden.id}`)).status()).toBe(404);
  expect((await ada.api.get(`/rooms/${secret.slug}?message=${hidden.id}`)).status()).toBe(200);
});

test("a reply in a thread shows on the parent's count live; the other member opens the thread and sees it, and answers", async ({ browser }) => {
  const [ada, bob] = await Promise.all([persona("ada"), persona("bob")]);
  const room = await createRoom(ada, "PUBLIC");
  expect((await bob.api.post(`/api/rooms/${room.id}/join`)).status()).toBe(200);
  const parent = await send(ada, room.id, "Who reviews the release notes?");
  const [adaPage, bobPage] = await Promise.all([openAs(browser, ada, `/rooms/${room.slug}`), openAs(browser, bob, `/rooms/${room.slug}`)]);
  for (const page of [adaPage, bobPage]) await expect(page.getByTestId("presence-list")).toContainText(bob.user.name);

  const onAda = adaPage.locator(`[data-message-id="${parent.id}"]`);
  await onAda.hover();
  await onAda.getByRole("button", { name: "Reply in thread" }).click();
  const panel = adaPage.getByTestId("thread-panel");
  await expect(panel.getByTestId("thread-count")).toHaveText("0 replies");
  await panel.getByLabel("Reply in thread").fill("I can, after lunch");
  await panel.getByLabel("Reply in thread").press("Enter");
  await expect(panel.getByTestId("thread-replies").getByTestId("message")).toContainText("I can, after lunch");
  // The reply stays in the thread: the room shows the parent with its count, on both pages.
  for (const page of [adaPage, bobPage]) {
    await expect(page.locator(`[data-message-id="${parent.id}"]`).getByTestId("thread-summary")).toContainText("1 reply");
    await expect(page.getByTestId("message").filter({ hasText: "I can, after lunch" })).toHaveCount(page === adaPage ? 1 : 0);
  }
  await bobPage.locator(`[data-message-id="${parent.id}"]`).getByTestId("thread-summary").click();
  const bobPanel = bobPage.getByTestId("thread-panel");
  await expect(bobPanel.getByTestId("thread-replies")).toContainText("I can, after lunch");
  await bobPanel.getByLabel("Reply in thread").fill("thanks!");
  await bobPanel.getByLabel("Reply in thread").press("Enter");
  await expect(panel.getByTestId("thread-replies")).toContainText("thanks!");
  await expect(onAda.getByTestId("thread-summary")).toContainText("2 replies");
  await bobPage.keyboard.press("Escape");
  await expect(bobPanel).toHaveCount(0);
  await Promise.all([adaPage, bobPage].map((page) => page.context().close()));
});
