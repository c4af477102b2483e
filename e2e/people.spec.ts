import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { createRoom, disposePersonas, openAs, persona, randomIp, signInApi, type Persona } from "./support";

// The people side of direct messages: your own profile, password and notification settings on
// /account, and other people's cards, blocking and presence on the members page.

test.afterAll(disposePersonas);

const contexts: APIRequestContext[] = [];
test.afterAll(async () => {
  for (const context of contexts.splice(0)) await context.dispose();
});

async function newContext(): Promise<APIRequestContext> {
  const context = await playwrightRequest.newContext({ baseURL: process.env.E2E_BASE_URL });
  contexts.push(context);
  return context;
}

/** Another session of the same person (another browser, another device). */
async function anotherSession(who: Persona): Promise<APIRequestContext> {
  const context = await newContext();
  await signInApi(context, who.user);
  return context;
}

/** What next-auth's credentials endpoint answers for this email and password. */
async function signInStatus(email: string, password: string): Promise<number> {
  const context = await newContext();
  const { csrfToken } = (await (await context.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await context.post("/api/auth/callback/credentials", { form: { email, password, csrfToken, json: "true" }, headers: { "x-forwarded-for": randomIp() } });
  return response.status();
}

/** A public room of `owner`'s that `members` joined. */
async function sharedRoom(owner: Persona, ...members: Persona[]) {
  const room = await createRoom(owner, "PUBLIC");
  for (const member of members) expect((await member.api.post(`/api/rooms/${room.id}/join`)).status()).toBe(200);
  const { room: details } = (await (await owner.api.get(`/api/rooms/${room.id}`)).json()) as { room: { name: string } };
  return { ...room, name: details.name };
}

test("a new display name shows on the next page, in this browser and in the person's other sessions, without signing out", async ({ browser }) => {
  const me = await persona("renamer");
  const laptop = await anotherSession(me);
  const page = await openAs(browser, me, "/account");
  const newName = `Renamed ${Date.now()}`;

  await page.getByLabel("Display name").fill("   ");
  await page.getByRole("button", { name: "Save name" }).click();
  await expect(page.getByText("Enter your name.")).toBeVisible();

  await page.getByLabel("Display name").fill(`  ${newName}  `);
  await page.getByRole("button", { name: "Save name" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();

  await page.goto("/");
  await expect(page.getByTestId("header-user")).toHaveText(newName);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Hello, ${newName}`);

  // The laptop's token was issued under the old name; its pages show the new one all the same.
  const laptopPage = await (await browser.newContext({ storageState: await laptop.storageState() })).newPage();
  await laptopPage.goto("/");
  await expect(laptopPage.getByTestId("header-user")).toHaveText(newName);

  // The API validates like registration does.
  const tooLong = await me.api.patch("/api/account", { data: { name: "x".repeat(81) } });
  expect(tooLong.status()).toBe(422);
  expect((await tooLong.json()).error.message).toBe("Keep your name under 80 characters.");
  const renamed = await me.api.patch("/api/account", { data: { name: " Back Again " } });
  expect(renamed.status()).toBe(200);
  expect(await renamed.json()).toEqual({ user: { id: me.user.id, name: "Back Again", email: me.user.email } });
  await Promise.all([page.context().close(), laptopPage.context().close()]);
});

test("changing the password signs out the person's other sessions, keeps this browser signed in, and retires the old password", async ({ browser }) => {
  const me = await persona("rekey");
  const laptop = await anotherSession(me);
  expect((await laptop.get("/api/rooms")).status()).toBe(200);
  const page = await openAs(browser, me, "/account");
  const newPassword = `${me.user.password}-new`;

  // A wrong current password is refused with a message, and nothing changes.
  await page.getByLabel("Current password").fill("not-my-password");
  await page.getByLabel("New password").fill(newPassword);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByTestId("form-error")).toHaveText("Your current password is not right. Check it and try again.");
  expect((await laptop.get("/api/rooms")).status()).toBe(200);

  await page.getByLabel("Current password").fill(me.user.password);
  await page.getByLabel("New password").fill(newPassword);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Password changed" })).toBeVisible();

  // The other session is over at its next call; this browser goes on, pages and API alike.
  const ended = await laptop.get("/api/rooms");
  expect(ended.status()).toBe(401);
  expect((await ended.json()).error.message).toBe("Your session has ended. Sign in again.");
  expect((await page.request.get("/api/rooms")).status()).toBe(200);
  await page.reload();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId("header-user")).toHaveText(me.user.name);

  expect(await signInStatus(me.user.email, me.user.password)).toBe(401);
  expect(await signInStatus(me.user.email, newPassword)).toBe(200);

  // Without a body the API says what is missing.
  const missing = await page.request.post("/api/account/password", { data: { newPassword: "short" } });
  expect(missing.status()).toBe(422);
  expect((await missing.json()).error.message).toBe("Use at least 8 characters for your password.");
  await page.context().close();
});

test("the member list shows who is online and when the others were last seen; a name opens the person's card from the keyboard", async ({ browser }) => {
  const owner = await persona("host");
  const guest = await persona("guest");
  const sleeper = await persona("sleeper");
  const room = await sharedRoom(owner, guest, sleeper);

  const guestPage = await openAs(browser, guest, `/rooms/${room.slug}`);
  await expect(guestPage.getByTestId("presence-list")).toContainText(guest.user.name);

  const page = await openAs(browser, owner, `/rooms/${room.slug}/members`);
  const row = (who: Persona) => page.getByTestId("member-row").filter({ hasText: who.user.name });
  await expect(row(guest).getByTestId("member-presence")).toHaveText("online");
  await expect(row(owner).getByTestId("member-presence")).toHaveText("online");
  // Never opened Parley since joining: no presence, so the time they were last seen.
  await expect(row(sleeper).getByTestId("member-presence")).toHaveText(/^(never seen online|last seen .+)$/);

  // Keyboard: focus the name, Enter opens the card, Escape closes it and focus comes back.
  const name = row(guest).getByTestId("person-name");
  await name.focus();
  await page.keyboard.press("Enter");
  const card = page.getByRole("dialog", { name: guest.user.name });
  await expect(card).toBeVisible();
  await expect(card.getByTestId("person-presence")).toHaveText("online");
  await expect(card.getByRole("link", { name: `#${room.name}` })).toHaveAttribute("href", `/rooms/${room.slug}`);
  await expect(card.getByRole("button", { name: "Message" })).toBeVisible();
  await expect(card.getByRole("button", { name: "Block" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(card).toBeHidden();
  await expect(name).toBeFocused();

  // An offline member's card says when they were last seen; a click outside closes it.
  await row(sleeper).getByTestId("person-name").click();
  const sleeperCard = page.getByRole("dialog", { name: sleeper.user.name });
  await expect(sleeperCard.getByTestId("person-presence")).toHaveText(/^(never seen online|last seen .+)$/);
  await page.getByRole("heading", { name: "Members", level: 1 }).click();
  await expect(sleeperCard).toBeHidden();

  // Blocking from the card asks first, then offers Unblock.
  await row(guest).getByTestId("person-name").click();
  await card.getByRole("button", { name: "Block" }).click();
  await card.getByRole("group", { name: `Confirm blocking ${guest.user.name}` }).getByRole("button", { name: "Block" }).click();
  await expect(card.getByRole("button", { name: "Unblock" })).toBeVisible();
  await expect(card.getByRole("button", { name: "Message" })).toHaveCount(0);
  expect(((await (await owner.api.get(`/api/users/${guest.user.id}`)).json()) as { user: { blockedByMe: boolean } }).user.blockedByMe).toBe(true);
  await card.getByRole("button", { name: "Unblock" }).click();
  await expect(card.getByRole("button", { name: "Message" })).toBeVisible();

  // Your own card: "You", no Message or Block.
  await row(owner).getByTestId("person-name").click();
  const own = page.getByRole("dialog", { name: `${owner.user.name} (You)` });
  await expect(own).toBeVisible();
  await expect(own.getByRole("button", { name: /^(Message|Block)$/ })).toHaveCount(0);
  await Promise.all([page.context().close(), guestPage.context().close()]);
});

test("people API: the card, blocking and unblocking (idempotent, 204), and a stranger answers exactly like a missing id", async () => {
  const me = await persona("carder");
  const friend = await persona("friend");
  const stranger = await persona("stranger");
  const room = await sharedRoom(me, friend);
  await createRoom(stranger, "PUBLIC");

  const card = await me.api.get(`/api/users/${friend.user.id}`);
  expect(card.status()).toBe(200);
  expect(await card.json()).toEqual({ user: { id: friend.user.id, name: friend.user.name, lastSeenAt: null, sharedRooms: [{ id: room.id, slug: room.slug, name: room.name }], blockedByMe: false } });

  for (const method of ["put", "put"] as const) expect((await me.api[method](`/api/users/${friend.user.id}/block`)).status()).toBe(204);
  expect((await (await me.api.get(`/api/users/${friend.user.id}`)).json()).user.blockedByMe).toBe(true);
  // The blocked person sees nothing of it on the card.
  expect((await (await friend.api.get(`/api/users/${me.user.id}`)).json()).user.blockedByMe).toBe(false);
  for (const method of ["delete", "delete"] as const) expect((await me.api[method](`/api/users/${friend.user.id}/block`)).status()).toBe(204);
  expect((await (await me.api.get(`/api/users/${friend.user.id}`)).json()).user.blockedByMe).toBe(false);

  const strangerCard = await me.api.get(`/api/users/${stranger.user.id}`);
  const missingCard = await me.api.get("/api/users/nosuchuser000");
  expect(strangerCard.status()).toBe(404);
  expect(missingCard.status()).toBe(404);
  expect(await strangerCard.json()).toEqual(await missingCard.json());
  expect(await strangerCard.json()).toEqual({ error: { code: "not_found", message: "Person not found." } });

  // Blocking needs no room in common (they may have been met in a room since left), only a person.
  expect((await me.api.put(`/api/users/${stranger.user.id}/block`)).status()).toBe(204);
  expect((await me.api.put("/api/users/nosuchuser000/block")).status()).toBe(404);
  const self = await me.api.put(`/api/users/${me.user.id}/block`);
  expect(self.status()).toBe(409);
  expect((await self.json()).error.message).toBe("You cannot block yourself.");

  const signedOut = await newContext();
  expect((await signedOut.get(`/api/users/${friend.user.id}`)).status()).toBe(401);
  expect((await signedOut.put(`/api/users/${friend.user.id}/block`)).status()).toBe(401);
});

test("notification level and mute: saved from /account, validated by the API, 401 signed out and 404 outside the room", async ({ browser }) => {
  const me = await persona("quiet");
  const outsider = await persona("outsider");
  const room = await sharedRoom(me);

  const page = await openAs(browser, me, "/account");
  const notifications = page.getByRole("region", { name: "Notifications" });
  await expect(notifications.getByRole("radio", { name: /Mentions and direct messages/ })).toBeChecked();
  await notifications.getByRole("radio", { name: /^Nothing/ }).check();
  await expect(notifications.getByRole("status")).toHaveText("Saved");
  const mute = notifications.getByRole("switch", { name: `Mute #${room.name}` });
  await expect(mute).toHaveAttribute("aria-checked", "false");
  await mute.click();
  await expect(mute).toHaveAttribute("aria-checked", "true");
  await page.reload();
  await expect(notifications.getByRole("radio", { name: /^Nothing/ })).toBeChecked();
  await expect(notifications.getByRole("switch", { name: `Mute #${room.name}` })).toHaveAttribute("aria-checked", "true");
  await page.context().close();

  const level = await me.api.patch("/api/account/notifications", { data: { level: "LOUD" } });
  expect(level.status()).toBe(422);
  expect((await level.json()).error.message).toBe("level is ALL, MENTIONS or NOTHING.");
  const notJson = await me.api.patch("/api/account/notifications", { data: Buffer.from("{level"), headers: { "content-type": "application/json" } });
  expect(notJson.status()).toBe(400);
  expect((await notJson.json()).error.message).toBe("The request body is not valid JSON.");
  const all = await me.api.patch("/api/account/notifications", { data: { level: "ALL" } });
  expect(await all.json()).toEqual({ level: "ALL" });

  const badMute = await me.api.put(`/api/rooms/${room.id}/mute`, { data: { muted: "yes" } });
  expect(badMute.status()).toBe(422);
  expect((await badMute.json()).error.message).toBe("muted is true or false.");
  const unmuted = await me.api.put(`/api/rooms/${room.id}/mute`, { data: { muted: false } });
  expect(unmuted.status()).toBe(200);
  expect(await unmuted.json()).toEqual({ roomId: room.id, muted: false });
  // A public room the outsider never joined: muting it is for members.
  expect((await outsider.api.put(`/api/rooms/${room.id}/mute`, { data: { muted: true } })).status()).toBe(403);
  expect((await outsider.api.put("/api/rooms/nosuchroom000/mute", { data: { muted: true } })).status()).toBe(404);

  const signedOut = await newContext();
  expect((await signedOut.patch("/api/account/notifications", { data: { level: "ALL" } })).status()).toBe(401);
  expect((await signedOut.put(`/api/rooms/${room.id}/mute`, { data: { muted: true } })).status()).toBe(401);
  expect((await signedOut.patch("/api/account", { data: { name: "Nobody" } })).status()).toBe(401);
  expect((await signedOut.post("/api/account/password", { data: { newPassword: "whatever-long" } })).status()).toBe(401);
});

test("@mobile on a narrow screen the card is a sheet along the bottom, and Escape still closes it", async ({ browser }) => {
  const owner = await persona("phoneowner");
  const guest = await persona("phoneguest");
  const room = await sharedRoom(owner, guest);
  const page = await openAs(browser, owner, `/rooms/${room.slug}/members`, { width: 390, height: 800 });
  const name = page.getByTestId("member-row").filter({ hasText: guest.user.name }).getByTestId("person-name");
  await name.click();
  const card = page.getByRole("dialog", { name: guest.user.name });
  await expect(card.getByRole("link", { name: `#${room.name}` })).toBeVisible();
  const box = await card.boundingBox();
  expect(box && Math.round(box.y + box.height)).toBe(800);
  expect(box && Math.round(box.width)).toBe(390);
  await page.keyboard.press("Escape");
  await expect(card).toBeHidden();
  await expect(name).toBeFocused();
  await page.context().close();
});
