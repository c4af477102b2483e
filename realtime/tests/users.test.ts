// User sign-in, #server-to-user- delivery, watchlists, the sign-in deadline and terminate_connections.
import { afterEach, describe, expect, it } from "vitest";
import type PusherClient from "pusher-js";
import { userAuth } from "../crypto";
import { api, app, cleanup, client, connected, rawClient, serverSdk, signedIn, sleep, startServer, until, waitFor } from "./helpers";

afterEach(cleanup);

async function signedInClient(server: Parameters<typeof client>[0], id: string, watchlist?: string[]): Promise<PusherClient> {
  const pusher = client(server, { user: { id, user_info: { name: id }, ...(watchlist && { watchlist }) } });
  const done = signedIn(pusher);
  pusher.signin();
  await done;
  return pusher;
}

describe("user sign-in", () => {
  it("signin - pusher-js signs in and gets pusher:signin_success with its user_data", async () => {
    const server = await startServer();
    const pusher = await signedInClient(server, "alice");
    expect((pusher.user as unknown as { user_data: { id: string } }).user_data.id).toBe("alice");
    const raw = await rawClient(server);
    const frame = await raw.signin({ id: "bob", user_info: { name: "Bob" } });
    expect(frame.data).toEqual({ user_data: JSON.stringify({ id: "bob", user_info: { name: "Bob" } }) });
  });

  it("sendToUser - reaches every signed-in connection of that user and no one else", async () => {
    const server = await startServer();
    const tab1 = await signedInClient(server, "alice");
    const tab2 = await signedInClient(server, "alice");
    const bob = await signedInClient(server, "bob");
    const anonymous = await rawClient(server);
    const got: Record<string, unknown[]> = { tab1: [], tab2: [], bob: [] };
    tab1.user.bind("invite", (d: unknown) => got.tab1!.push(d));
    tab2.user.bind("invite", (d: unknown) => got.tab2!.push(d));
    bob.user.bind("invite", (d: unknown) => got.bob!.push(d));
    // pusher-js subscribes to #server-to-user-{id} after signing in; wait until that is confirmed.
    await until(() => [tab1, tab2].every((p) => (p.user as unknown as { serverToUserChannel?: { subscribed: boolean } }).serverToUserChannel?.subscribed), 3_000, "user channels");
    await serverSdk(server).sendToUser("alice", "invite", { room: "r1" });
    await until(() => got.tab1!.length === 1 && got.tab2!.length === 1, 3_000, "both alice tabs");
    expect(got.tab1).toEqual([{ room: "r1" }]);
    await sleep(150);
    expect(got.bob).toHaveLength(0);
    expect(anonymous.seen("invite")).toHaveLength(0);
  });

  it("sendToUser - a raw client that signed in gets #server-to-user- events without subscribing", async () => {
    const server = await startServer();
    const raw = await rawClient(server);
    await raw.signin({ id: "dave" });
    await serverSdk(server).sendToUser("dave", "ping", { n: 1 });
    const frame = await raw.next("ping");
    expect(frame.channel).toBe("#server-to-user-dave");
    expect(frame.data).toEqual({ n: 1 });
  });

  it("signin - a bad signature is refused and the connection gets nothing sent to that user", async () => {
    const server = await startServer();
    const raw = await rawClient(server);
    raw.sendSignin({ id: "alice" }, `${app.key}:${"f".repeat(64)}`);
    expect((await raw.error()).code).toBe(4009);
    const other = await rawClient(server);
    raw.sendSignin({ id: "alice" }, userAuth(app.key, app.secret, other.socketId, JSON.stringify({ id: "alice" })));
    await raw.error();
    raw.sendSubscribe("#server-to-user-alice");
    await raw.error();
    await serverSdk(server).sendToUser("alice", "secret", {});
    await raw.roundTrip();
    expect(raw.seen("pusher:signin_success")).toHaveLength(0);
    expect(raw.seen("secret")).toHaveLength(0);
  });

  it("signin - user_data without a usable id is refused", async () => {
    const server = await startServer();
    const raw = await rawClient(server);
    for (const userData of [{}, { id: "" }, { id: 42 }, { id: "x".repeat(129) }, "just a string"]) {
      raw.sendSignin(userData);
      await raw.error();
    }
    await raw.roundTrip();
    expect(raw.seen("pusher:signin_success")).toHaveLength(0);
  });

  it("signin - a user channel of someone else cannot be subscribed to", async () => {
    const server = await startServer();
    const raw = await rawClient(server);
    await raw.signin({ id: "bob" });
    raw.sendSubscribe("#server-to-user-alice");
    await raw.error();
    await raw.next("pusher:subscription_error", { channel: "#server-to-user-alice" });
    await raw.subscribe("#server-to-user-bob");
  });
});

describe("watchlists", () => {
  it("watchlist - online when a watched user signs in, offline when their last connection leaves", async () => {
    const server = await startServer();
    const alice = await signedInClient(server, "alice", ["bob"]);
    const online = waitFor<{ name: string; user_ids: string[] }>(alice.user.watchlist, "online");
    const bob1 = await signedInClient(server, "bob");
    expect(await online).toEqual({ name: "online", user_ids: ["bob"] });
    const bob2 = await signedInClient(server, "bob");
    const events: string[] = [];
    alice.user.watchlist.bind("online", () => events.push("online"));
    alice.user.watchlist.bind("offline", () => events.push("offline"));
    bob1.disconnect();
    await until(() => server.connectionCount() === 2, 3_000, "bob's first tab to go");
    await sleep(150);
    expect(events).toEqual([]);
    const offline = waitFor<{ name: string; user_ids: string[] }>(alice.user.watchlist, "offline");
    bob2.disconnect();
    expect(await offline).toEqual({ name: "offline", user_ids: ["bob"] });
  });

  it("watchlist - users already online are reported at sign-in", async () => {
    const server = await startServer();
    await signedInClient(server, "bob");
    const raw = await rawClient(server);
    await raw.signin({ id: "alice", watchlist: ["bob", "carol"] });
    const frame = await raw.next("pusher_internal:watchlist_events");
    expect(frame.data).toEqual({ events: [{ name: "online", user_ids: ["bob"] }] });
  });

  it("watchlist - over 100 ids gets pusher:error 4302 and no sign-in", async () => {
    const server = await startServer();
    const raw = await rawClient(server);
    raw.sendSignin({ id: "alice", watchlist: Array.from({ length: 101 }, (_, i) => `u${i}`) });
    expect((await raw.error()).code).toBe(4302);
    await raw.roundTrip();
    expect(raw.seen("pusher:signin_success")).toHaveLength(0);
    await raw.signin({ id: "alice", watchlist: Array.from({ length: 100 }, (_, i) => `u${i}`) });
  });
});

describe("sign-in deadline and termination", () => {
  it("userAuthTimeoutSeconds - connections that do not sign in in time are closed with 4009; signed-in ones stay", async () => {
    const server = await startServer({ userAuthTimeoutSeconds: 1, pongTimeoutSeconds: 1 });
    const unsigned = await rawClient(server);
    const signed = await rawClient(server);
    await signed.signin({ id: "alice" });
    expect((await unsigned.error(3_000)).code).toBe(4009);
    expect((await unsigned.closed).code).toBe(4009);
    expect(signed.open).toBe(true);
    await until(() => server.connectionCount() === 1, 3_000, "the unsigned connection to be forgotten");
  });

  it("terminate_connections - closes only that user's connections with 4009, and pusher-js does not reconnect them", async () => {
    const server = await startServer();
    const alice1 = await signedInClient(server, "alice");
    const alice2 = await signedInClient(server, "alice");
    const bob = await signedInClient(server, "bob");
    const anonymous = client(server);
    await connected(anonymous);
    const errors: number[] = [];
    for (const p of [alice1, alice2]) p.connection.bind("error", (e: { data?: { code?: number } }) => e.data?.code && errors.push(e.data.code));
    await serverSdk(server).terminateUserConnections("alice");
    await until(() => alice1.connection.state === "disconnected" && alice2.connection.state === "disconnected", 3_000, "alice's tabs to be disconnected");
    expect(errors).toContain(4009);
    await sleep(300);
    expect(alice1.connection.state).toBe("disconnected");
    expect(alice2.connection.state).toBe("disconnected");
    expect(bob.connection.state).toBe("connected");
    expect(anonymous.connection.state).toBe("connected");
    expect(server.connectionCount()).toBe(2);
  });

  it("terminate_connections - an unknown user is a no-op and an invalid user id is a 400", async () => {
    const server = await startServer();
    const raw = await rawClient(server);
    await raw.signin({ id: "alice" });
    const sdk = serverSdk(server);
    expect((await sdk.terminateUserConnections("nobody")).status).toBe(200);
    expect((await api(server, { path: `/users/${"x".repeat(129)}/terminate_connections`, body: {} })).status).toBe(400);
    expect(raw.open).toBe(true);
  });
});
