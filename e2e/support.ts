import { expect, request as playwrightRequest, type APIRequestContext, type Browser, type Page, type WebSocketRoute } from "@playwright/test";
import { randomBytes } from "node:crypto";
import Pusher from "pusher";
import PusherClient from "pusher-js";

export interface TestUser {
  name: string;
  email: string;
  password: string;
}

export function uniqueUser(prefix = "user"): TestUser {
  const id = randomBytes(4).toString("hex");
  return { name: `${prefix[0]!.toUpperCase()}${prefix.slice(1)} ${id}`, email: `${prefix}-${id}@example.test`, password: `pw-${id}-secret` };
}

/** A random documentation-range address, so API-created users don't share one IP's sign-up budget. */
export function randomIp(): string {
  const bytes = randomBytes(2);
  return `198.51.${bytes[0]}.${bytes[1]}`;
}

/** Creates an account through the API (faster than the form when the form is not under test). */
export async function createUser(request: APIRequestContext, user: TestUser = uniqueUser()): Promise<TestUser> {
  const response = await request.post("/api/register", { data: user, headers: { "x-forwarded-for": randomIp() } });
  expect(response.status(), await response.text()).toBe(201);
  return user;
}

export async function signInThroughForm(page: Page, user: Pick<TestUser, "email" | "password">): Promise<void> {
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Signs in through next-auth's credentials endpoint; the session cookie stays in `request`. */
export async function signInApi(request: APIRequestContext, user: Pick<TestUser, "email" | "password">): Promise<void> {
  const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await request.post("/api/auth/callback/credentials", {
    form: { email: user.email, password: user.password, csrfToken, json: "true" },
    headers: { "x-forwarded-for": randomIp() },
  });
  expect(response.status(), await response.text()).toBe(200);
}

export interface Persona {
  user: TestUser & { id: string };
  /** An API client holding this persona's session cookie. */
  api: APIRequestContext;
}

const openPersonas: APIRequestContext[] = [];

/** A registered, signed-in user with its own API client (call disposePersonas in afterAll). */
export async function persona(name: string): Promise<Persona> {
  const api = await playwrightRequest.newContext({ baseURL: process.env.E2E_BASE_URL });
  openPersonas.push(api);
  const user = await createUser(api, uniqueUser(name));
  await signInApi(api, user);
  const session = (await (await api.get("/api/auth/session")).json()) as { user: { id: string } };
  return { user: { ...user, id: session.user.id }, api };
}

export async function disposePersonas(): Promise<void> {
  for (const api of openPersonas.splice(0)) await api.dispose();
}

export async function createRoom(owner: Persona, visibility: "PUBLIC" | "PRIVATE" = "PRIVATE"): Promise<{ id: string; slug: string }> {
  const response = await owner.api.post("/api/rooms", { data: { name: `Room ${visibility} ${randomBytes(3).toString("hex")}`, visibility } });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { room: { id: string; slug: string } }).room;
}

/** The room's current channel names, as a member (`who`) is told them by GET /api/rooms/{id}/channels. */
export async function roomChannels(who: Persona, roomId: string): Promise<{ messages: string; presence: string }> {
  const response = await who.api.get(`/api/rooms/${roomId}/channels`);
  expect(response.status(), await response.text()).toBe(200);
  return ((await response.json()) as { channels: { messages: string; presence: string } }).channels;
}

/**
 * pusher-js (Node build) on the e2e realtime server, authorizing through the app as `who`. It
 * signs in first, as Parley's own client does (`signin: false` for one that does not play along).
 */
export function realtimeClient(who: Persona, { signin = true }: { signin?: boolean } = {}): PusherClient {
  const client = createRealtimeClient(who);
  if (signin) client.signin();
  return client;
}

function createRealtimeClient(who: Persona): PusherClient {
  return new PusherClient(process.env.E2E_PUSHER_KEY!, {
    cluster: "custom",
    wsHost: process.env.E2E_PUSHER_HOST!,
    wsPort: Number(process.env.E2E_PUSHER_PORT),
    forceTLS: false,
    enabledTransports: ["ws"],
    userAuthentication: {
      endpoint: "/api/pusher/user-auth",
      transport: "ajax",
      customHandler: ({ socketId }, callback) => {
        who.api
          .post("/api/pusher/user-auth", { form: { socket_id: socketId } })
          .then(async (response) => (response.ok() ? callback(null, await response.json()) : callback(new Error(`HTTP ${response.status()}`), null)))
          .catch((error: Error) => callback(error, null));
      },
    },
    channelAuthorization: {
      endpoint: "/api/pusher/auth",
      transport: "ajax",
      customHandler: ({ socketId, channelName }, callback) => {
        who.api
          .post("/api/pusher/auth", { form: { socket_id: socketId, channel_name: channelName } })
          .then(async (response) => (response.ok() ? callback(null, await response.json()) : callback(new Error(`HTTP ${response.status()}`), null)))
          .catch((error: Error) => callback(error, null));
      },
    },
  });
}

/** The pusher SDK pointed at the e2e realtime server, as the app's server is. */
export function realtimeSdk(): Pusher {
  return new Pusher({
    appId: process.env.E2E_PUSHER_APP_ID!,
    key: process.env.E2E_PUSHER_KEY!,
    secret: process.env.E2E_PUSHER_SECRET!,
    host: process.env.E2E_PUSHER_HOST!,
    port: process.env.E2E_PUSHER_PORT!,
    useTLS: false,
  });
}

/** A new browser context signed in as `who`, on `path`. */
export async function openAs(browser: Browser, who: Persona, path: string, viewport = { width: 1280, height: 800 }): Promise<Page> {
  const context = await browser.newContext({ storageState: await who.api.storageState(), viewport });
  const page = await context.newPage();
  await page.goto(path);
  return page;
}

/** Types `text` into the room's composer and sends it with Enter. */
export async function say(page: Page, text: string): Promise<void> {
  const composer = page.getByLabel(/^Message #/);
  await composer.fill(text);
  await composer.press("Enter");
}

/**
 * Routes the page's realtime WebSockets through a switch (call before the page loads): `cut()`
 * closes every open one at once and refuses new ones until `restore()`.
 */
export async function networkSwitch(page: Page) {
  let cut = false;
  const live: WebSocketRoute[] = [];
  await page.routeWebSocket(/\/app\//, (ws) => {
    if (cut) return void ws.close({ code: 4200, reason: "test: network down" });
    ws.connectToServer();
    live.push(ws);
  });
  return {
    async cut() {
      cut = true;
      for (const ws of live.splice(0)) await ws.close({ code: 4200, reason: "test: network down" });
    },
    restore() {
      cut = false;
    },
  };
}
