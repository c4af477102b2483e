import { randomUUID } from "node:crypto";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { startPushReceiver } from "../tests/support/push-receiver";
import { createRoom, disposePersonas, persona, realtimeClient, roomChannels, type Persona } from "./support";

// Direct conversations, unread state and mentions, end to end: three people in separate browser
// contexts, plus a client that does not play along.

test.afterAll(disposePersonas);

/**
 * A browser context for `who` in which the Notification API works (permission granted) and is
 * observed: every notification the page shows is recorded in `window.__notifications`. The tab
 * can be made to look hidden (`setHidden`), as when the person is in another tab.
 */
async function openWatched(browser: Browser, who: Persona, path: string): Promise<Page> {
  const context = await browser.newContext({ storageState: await who.api.storageState(), viewport: { width: 1280, height: 800 } });
  await context.grantPermissions(["notifications"]);
  await context.addInitScript(() => {
    const w = window as unknown as { __notifications: { title: string; body?: string; tag?: string }[]; __hidden: boolean };
    w.__notifications = [];
    w.__hidden = false;
    Object.defineProperty(document, "visibilityState", { configurable: true, get: () => (w.__hidden ? "hidden" : "visible") });
    Object.defineProperty(document, "hidden", { configurable: true, get: () => w.__hidden });
    const Real = window.Notification;
    window.Notification = new Proxy(Real, {
      construct(target, args: [string, NotificationOptions?]) {
        w.__notifications.push({ title: args[0], body: args[1]?.body, tag: args[1]?.tag });
        return Reflect.construct(target, args) as object;
      },
    });
  });
  const page = await context.newPage();
  await page.goto(path);
  return page;
}

const setHidden = (page: Page, hidden: boolean) =>
  page.evaluate((value) => {
    (window as unknown as { __hidden: boolean }).__hidden = value;
    document.dispatchEvent(new Event("visibilitychange"));
  }, hidden);
const notifications = (page: Page) => page.evaluate(() => (window as unknown as { __notifications: { title: string; body?: string }[] }).__notifications);

const sidebarEntry = (page: Page, name: string) => page.getByTestId("sidebar-room").filter({ hasText: name });

async function join(who: Persona, roomId: string) {
  expect((await who.api.post(`/api/rooms/${roomId}/join`)).status()).toBe(200);
}

async function send(who: Persona, roomId: string, body: string, mentions: string[] = []) {
  const response = await who.api.post(`/api/rooms/${roomId}/messages`, { data: { body, clientId: randomUUID(), mentions } });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { message: { id: string } }).message;
}

test("A starts a DM with B: B is notified and sees it unread, replies; C can neither open it nor subscribe; a group gains C, C leaves and receives nothing after", async ({ browser }) => {
  const [ada, bob, cyd, dan] = await Promise.all([persona("ada"), persona("bob"), persona("cyd"), persona("dan")]);
  // Ada and Bob (and Dan) share a room; Cyd shares one with Ada only.
  const shared = await createRoom(ada, "PUBLIC");
  await Promise.all([join(bob, shared.id), join(dan, shared.id)]);
  const adaAndCyd = await createRoom(ada, "PUBLIC");
  await join(cyd, adaAndCyd.id);

  const bobPage = await openWatched(browser, bob, `/rooms/${shared.slug}`);
  await expect(bobPage.getByTestId("presence-list")).toContainText(bob.user.name);
  await setHidden(bobPage, true);

  // Ada starts the conversation from "New message", picking Bob by name.
  const adaPage = await openWatched(browser, ada, `/rooms/${shared.slug}`);
  await adaPage.getByRole("button", { name: "New message" }).first().click();
  const dialog = adaPage.getByRole("dialog", { name: "New message" });
  await dialog.getByLabel(/^To:/).fill(bob.user.name.slice(0, 6));
  await dialog.getByRole("checkbox", { name: bob.user.name }).check();
  await dialog.getByRole("button", { name: "Start conversation" }).click();
  await expect(adaPage).toHaveURL(/\/rooms\/dm-[0-9a-f]{16}$/);
  await expect(adaPage.getByRole("heading", { level: 1 })).toHaveText(bob.user.name);
  const dmSlug = new URL(adaPage.url()).pathname.split("/").at(-1)!;

  // Bob's sidebar gains the conversation live, with Ada online in it.
  await expect(sidebarEntry(bobPage, ada.user.name).getByTestId("dm-presence")).toHaveAttribute("aria-label", "online");
  const composer = adaPage.getByLabel(`Message ${bob.user.name}`);
  await composer.fill("hi Bob, got a minute?");
  await composer.press("Enter");

  await expect.poll(() => notifications(bobPage)).toEqual([expect.objectContaining({ title: ada.user.name, body: "hi Bob, got a minute?" })]);
  await expect(sidebarEntry(bobPage, ada.user.name).getByTestId("unread")).toHaveText("1");

  await setHidden(bobPage, false);
  await sidebarEntry(bobPage, ada.user.name).click();
  await expect(bobPage.getByTestId("message").filter({ hasText: "hi Bob, got a minute?" })).toBeVisible();
  await bobPage.getByLabel(`Message ${ada.user.name}`).fill("sure, what's up?");
  await bobPage.getByLabel(`Message ${ada.user.name}`).press("Enter");
  await expect(adaPage.getByTestId("message").filter({ hasText: "sure, what's up?" })).toBeVisible();

  // Cyd shares no conversation with them: the page is a 404, the channels are refused.
  const dm = (await (await ada.api.post("/api/conversations", { data: { userIds: [bob.user.id] } })).json()) as { conversation: { id: string; slug: string } };
  expect(dm.conversation.slug).toBe(dmSlug);
  expect((await cyd.api.get(`/rooms/${dmSlug}`)).status()).toBe(404);
  expect((await cyd.api.get(`/api/rooms/${dm.conversation.id}/messages`)).status()).toBe(404);
  const dmChannels = await roomChannels(ada, dm.conversation.id);
  for (const channel of [dmChannels.messages, dmChannels.presence]) {
    expect((await cyd.api.post("/api/pusher/auth", { form: { socket_id: "1234.5678", channel_name: channel } })).status(), channel).toBe(403);
  }
  // Nor can Cyd be put into the 1:1, nor start one with Bob (they share no room).
  expect((await ada.api.post(`/api/conversations/${dm.conversation.id}/members`, { data: { userId: cyd.user.id } })).status()).toBe(409);
  expect((await cyd.api.post("/api/conversations", { data: { userIds: [bob.user.id] } })).status()).toBe(404);

  // A group of Ada, Bob and Dan gains Cyd (Ada shares a room with her).
  const groupResponse = await ada.api.post("/api/conversations", { data: { userIds: [bob.user.id, dan.user.id] } });
  expect(groupResponse.status()).toBe(201);
  const group = ((await groupResponse.json()) as { conversation: { id: string } }).conversation;
  expect((await bob.api.post(`/api/conversations/${group.id}/members`, { data: { userId: cyd.user.id } })).status()).toBe(404); // Bob does not know Cyd
  expect((await ada.api.post(`/api/conversations/${group.id}/members`, { data: { userId: cyd.user.id } })).status()).toBe(201);

  // Cyd's own client, which skips pusher:signin (so it can't be disconnected) and keeps its
  // subscriptions to the group's channels as they were when she was in it.
  const before = await roomChannels(cyd, group.id);
  const hostile = realtimeClient(cyd, { signin: false });
  const received: string[] = [];
  const subscribed = hostile.subscribe(before.messages);
  subscribed.bind_global((event: string) => received.push(event));
  await new Promise<void>((resolve, reject) => {
    subscribed.bind("pusher:subscription_succeeded", () => resolve());
    subscribed.bind("pusher:subscription_error", (error: unknown) => reject(new Error(JSON.stringify(error))));
  });
  await send(ada, group.id, "welcome Cyd");
  await expect.poll(() => received).toContain("message.created");

  expect((await cyd.api.delete(`/api/rooms/${group.id}/membership`)).status()).toBe(204);
  received.length = 0;
  // Someone still in the group, on the new names, gets what is sent next: Cyd's socket gets nothing.
  const control = realtimeClient(dan);
  const after = await roomChannels(dan, group.id);
  expect(after.messages).not.toBe(before.messages);
  const controlChannel = control.subscribe(after.messages);
  const controlGot = new Promise<void>((resolve) => controlChannel.bind("message.created", () => resolve()));
  await new Promise<void>((resolve) => controlChannel.bind("pusher:subscription_succeeded", () => resolve()));
  await send(ada, group.id, "after Cyd left");
  await controlGot;
  expect(received.filter((event) => event.startsWith("message."))).toEqual([]);
  expect((await cyd.api.get(`/api/rooms/${group.id}/messages`)).status()).toBe(404);
  // Leaving a 1:1 is refused: mute or block instead.
  expect((await bob.api.delete(`/api/rooms/${dm.conversation.id}/membership`)).status()).toBe(409);

  hostile.disconnect();
  control.disconnect();
  await Promise.all([adaPage, bobPage].map((page) => page.context().close()));
});

test("unread counts and the New divider survive a reload and agree across two tabs; a mention gives the badge and a Mentions entry", async ({ browser }) => {
  const [ada, bob] = await Promise.all([persona("ada"), persona("bob")]);
  const busy = await createRoom(ada, "PUBLIC");
  const quiet = await createRoom(ada, "PUBLIC");
  await Promise.all([join(bob, busy.id), join(bob, quiet.id)]);
  const busyName = ((await (await ada.api.get(`/api/rooms/${busy.id}`)).json()) as { room: { name: string } }).room.name;

  const context = await browser.newContext({ storageState: await bob.api.storageState() });
  const [tab1, tab2] = [await context.newPage(), await context.newPage()];
  for (const tab of [tab1, tab2]) {
    await tab.goto(`/rooms/${quiet.slug}`);
    await expect(tab.getByTestId("presence-list")).toContainText(bob.user.name);
  }
  for (const tab of [tab1, tab2]) await expect(sidebarEntry(tab, busyName)).toHaveAttribute("data-live", "true");

  const first = await send(ada, busy.id, "first unread");
  await send(ada, busy.id, `@${bob.user.name} look at this`, [bob.user.id]);
  await send(ada, busy.id, "third unread");
  for (const tab of [tab1, tab2]) {
    await expect(sidebarEntry(tab, busyName).getByTestId("unread")).toHaveText("3");
    await expect(sidebarEntry(tab, busyName).getByTestId("mention-badge")).toHaveText("@1");
  }
  // From the database after a reload, not from memory.
  await tab1.reload();
  await expect(sidebarEntry(tab1, busyName).getByTestId("unread")).toHaveText("3");
  await expect(sidebarEntry(tab1, busyName)).toHaveAttribute("data-live", "true");
  await expect(sidebarEntry(tab1, busyName).getByTestId("mention-badge")).toHaveText("@1");

  await tab1.goto("/mentions");
  await expect(tab1.getByTestId("mention-entry")).toHaveCount(1);
  await expect(tab1.getByTestId("mention-entry")).toContainText("look at this");

  // Opening the room: the divider is above the first unread message, and the mention is marked.
  await tab1.bringToFront();
  await tab1.getByTestId("mention-entry").click();
  const divider = tab1.getByTestId("new-divider");
  await expect(divider).toBeVisible();
  const afterDivider = await divider.evaluate((el) => el.nextElementSibling?.getAttribute("data-message-id"));
  expect(afterDivider).toBe(first.id);
  await expect(tab1.locator('[data-mentions-me="true"]')).toContainText("look at this");
  // Read here, so read in the other tab too (through Bob's user channel), and after its reload.
  await expect(sidebarEntry(tab2, busyName).getByTestId("unread")).toHaveCount(0);
  await tab2.reload();
  await expect(sidebarEntry(tab2, busyName)).toBeVisible();
  await expect(sidebarEntry(tab2, busyName).getByTestId("unread")).toHaveCount(0);
  // And the divider does not come back once read.
  await tab1.reload();
  await expect(tab1.getByTestId("message").first()).toBeVisible();
  await expect(tab1.getByTestId("new-divider")).toHaveCount(0);
  await context.close();
});

test("@ in the composer lists the room's members with the keyboard and sends a mention the server resolves", async ({ browser }) => {
  const [ada, bob] = await Promise.all([persona("ada"), persona("bob")]);
  const room = await createRoom(ada, "PUBLIC");
  await join(bob, room.id);
  const adaPage = await openWatched(browser, ada, `/rooms/${room.slug}`);
  // Hydrated and live (keys typed before hydration reach no handler).
  await expect(adaPage.getByTestId("presence-list")).toContainText(ada.user.name);
  const composer = adaPage.getByLabel(/^Message #/);
  await composer.pressSequentially(`hey @${bob.user.name.slice(0, 3)}`);
  const list = adaPage.getByRole("listbox", { name: "People to mention" });
  await expect(list.getByRole("option", { name: bob.user.name })).toBeVisible();
  await composer.press("Escape");
  await expect(list).toHaveCount(0);
  await composer.press("Backspace");
  await composer.pressSequentially(bob.user.name.slice(2, 3));
  await expect(list.getByRole("option", { selected: true })).toHaveText(bob.user.name);
  await composer.press("Enter");
  await expect(composer).toHaveValue(`hey @${bob.user.name} `);
  await composer.pressSequentially("lunch?");
  await composer.press("Enter");
  const message = adaPage.getByTestId("message").filter({ hasText: "lunch?" });
  await expect(message.getByTestId("mention")).toHaveText(`@${bob.user.name}`);

  const history = (await (await bob.api.get(`/api/rooms/${room.id}/messages`)).json()) as { messages: { body: string; mentions: { id: string }[] }[] };
  expect(history.messages[0]).toMatchObject({ body: `hey @${bob.user.name} lunch?`, mentions: [{ id: bob.user.id, name: bob.user.name }] });
  await adaPage.context().close();
});

test("Web Push: a mention reaches a person with no page open, encrypted end to end; a muted room and a plain message do not", async () => {
  const [ada, bob] = await Promise.all([persona("ada"), persona("bob")]);
  const room = await createRoom(ada, "PUBLIC");
  const muted = await createRoom(ada, "PUBLIC");
  await Promise.all([join(bob, room.id), join(bob, muted.id)]);
  // Bob's browser subscribed once (a local push service that decrypts what it gets), then closed every page.
  const pushService = await startPushReceiver();
  try {
    expect((await bob.api.post("/api/push/subscriptions", { data: { endpoint: pushService.endpoint, keys: pushService.keys } })).status()).toBe(201);
    expect((await bob.api.put(`/api/rooms/${muted.id}/mute`, { data: { muted: true } })).status()).toBe(200);

    await send(ada, muted.id, `@${bob.user.name} in the muted room`, [bob.user.id]);
    await send(ada, room.id, "a plain message, no mention");
    const mention = await send(ada, room.id, `@${bob.user.name} the build is red`, [bob.user.id]);
    const push = await pushService.next({ timeoutMs: 15_000 });
    const roomName = ((await (await ada.api.get(`/api/rooms/${room.id}`)).json()) as { room: { name: string; slug: string } }).room;
    expect(push.payload).toEqual({
      title: `${ada.user.name} in #${roomName.name}`,
      body: `@${bob.user.name} the build is red`,
      url: `/rooms/${roomName.slug}?message=${mention.id}`,
      tag: room.id,
      roomId: room.id,
      messageId: mention.id,
    });
    // A later push that must come, awaited: anything sent for the muted room or the plain message
    // (sent before it) would have been counted by then.
    const second = await send(ada, room.id, `@${bob.user.name} fixed now`, [bob.user.id]);
    expect((await pushService.next({ timeoutMs: 15_000 })).payload).toMatchObject({ messageId: second.id });
    expect(pushService.count()).toBe(2);
  } finally {
    await pushService.close();
  }
});

test("a muted room shows no desktop notification; a mention elsewhere does", async ({ browser }) => {
  const [ada, bob] = await Promise.all([persona("ada"), persona("bob")]);
  const muted = await createRoom(ada, "PUBLIC");
  const loud = await createRoom(ada, "PUBLIC");
  await Promise.all([join(bob, muted.id), join(bob, loud.id)]);
  expect((await bob.api.put(`/api/rooms/${muted.id}/mute`, { data: { muted: true } })).status()).toBe(200);
  const bobPage = await openWatched(browser, bob, "/mentions");
  await expect(bobPage.getByTestId("sidebar-room")).toHaveCount(2);
  await expect(bobPage.getByTestId("sidebar-room").filter({ hasText: "(muted)" })).toHaveCount(1);
  // Both rooms' live events reach the page before anything is sent.
  await expect(bobPage.locator('[data-testid="sidebar-room"][data-live="true"]')).toHaveCount(2);
  await setHidden(bobPage, true);
  await send(ada, muted.id, `@${bob.user.name} muted mention`, [bob.user.id]);
  // It arrived (the count went up), and made no notification.
  await expect(bobPage.getByTestId("sidebar-room").filter({ hasText: "(muted)" }).getByTestId("unread")).toHaveText("1");
  await send(ada, loud.id, `@${bob.user.name} loud mention`, [bob.user.id]);
  await expect.poll(() => notifications(bobPage)).toEqual([expect.objectContaining({ body: `@${bob.user.name} loud mention` })]);
  await bobPage.context().close();
});
