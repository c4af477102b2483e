import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { createRoom, disposePersonas, openAs, persona, realtimeClient, roomChannels, signInApi, type Persona } from "./support";

// Signing out ends the session, not just the cookie: a copy of its token taken before stops
// working everywhere (API, pages, channel and realtime sign-in), while the person's other sessions go on.

test.afterAll(disposePersonas);

const contexts: APIRequestContext[] = [];
test.afterAll(async () => {
  for (const context of contexts.splice(0)) await context.dispose();
});

/** Another session of the same person (another browser, another device). */
async function anotherSession(who: Persona): Promise<APIRequestContext> {
  const context = await playwrightRequest.newContext({ baseURL: process.env.E2E_BASE_URL });
  contexts.push(context);
  await signInApi(context, who.user);
  return context;
}

/** A copy of a session's cookie, as someone who lifted it would hold it. */
async function copyOf(session: APIRequestContext): Promise<APIRequestContext> {
  const copy = await playwrightRequest.newContext({ baseURL: process.env.E2E_BASE_URL, storageState: await session.storageState() });
  contexts.push(copy);
  return copy;
}

async function signOut(session: APIRequestContext) {
  const { csrfToken } = (await (await session.get("/api/auth/csrf")).json()) as { csrfToken: string };
  return session.post("/api/auth/signout", { form: { csrfToken, callbackUrl: "/login", json: "true" } });
}

/** What a session can still do: the API, a room's channel signature, realtime sign-in, a page. */
async function reach(session: APIRequestContext, roomId: string, channel: string) {
  const page = await session.get("/rooms", { maxRedirects: 0 });
  return {
    api: (await session.get(`/api/rooms/${roomId}`)).status(),
    channel: (await session.post("/api/pusher/auth", { form: { socket_id: "1.2", channel_name: channel } })).status(),
    signin: (await session.post("/api/pusher/user-auth", { form: { socket_id: "1.2" } })).status(),
    page: page.status() === 200 ? "shown" : (page.headers().location ?? String(page.status())),
  };
}

test("signing out ends that session: a copy of its token is refused everywhere, the person's other session goes on", async () => {
  const me = await persona("leaver");
  const room = await createRoom(me);
  const { messages } = await roomChannels(me, room.id);
  const copy = await copyOf(me.api);
  const laptop = await anotherSession(me);
  const open = { api: 200, channel: 200, signin: 200, page: "shown" };
  expect(await reach(copy, room.id, messages)).toEqual(open);

  expect((await signOut(me.api)).status()).toBe(200);
  const refused = await copy.get(`/api/rooms/${room.id}`);
  expect(refused.status()).toBe(401);
  expect((await refused.json()).error.message).toBe("Your session has ended. Sign in again.");
  const gone = await reach(copy, room.id, messages);
  expect(gone).toEqual({ api: 401, channel: 403, signin: 403, page: "/login?callbackUrl=%2Frooms" });
  expect(await reach(laptop, room.id, messages)).toEqual(open);
});

test("'Sign out everywhere' on /account ends every session of the person, and closes their realtime connections", async ({ browser }) => {
  const me = await persona("everywhere");
  const room = await createRoom(me);
  const { messages } = await roomChannels(me, room.id);
  const laptop = await anotherSession(me);
  const phone = await anotherSession(me);

  // The phone's realtime connection, signed in.
  const phonePersona = { ...me, api: phone };
  const client = realtimeClient(phonePersona);
  const closed = new Promise<number>((resolve) => client.connection.bind("error", (e: { data?: { code?: number } }) => e.data?.code && resolve(e.data.code)));
  await new Promise<void>((resolve) => client.connection.bind("message", (e: { event: string }) => e.event === "pusher:signin_success" && resolve()));

  const page = await openAs(browser, me, "/account");
  await page.getByRole("button", { name: "Sign out everywhere" }).click();
  await page.getByRole("button", { name: "Sign out everywhere" }).click(); // the confirmation
  await expect(page).toHaveURL(/\/login/);
  expect(await closed).toBe(4009);
  client.disconnect();

  for (const session of [laptop, phone, me.api]) {
    expect(await reach(session, room.id, messages)).toEqual({ api: 401, channel: 403, signin: 403, page: "/login?callbackUrl=%2Frooms" });
  }
  // Signing in again works as ever.
  const fresh = await anotherSession(me);
  expect((await fresh.get(`/api/rooms/${room.id}`)).status()).toBe(200);
  await page.context().close();
});
