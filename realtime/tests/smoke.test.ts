import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type PusherClient from "pusher-js";
import type { RealtimeServer } from "../server";
import { client, serverSdk, startTestServer, subscribed, waitFor } from "./helpers";

let server: RealtimeServer;
const clients: PusherClient[] = [];
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.disconnect();
  await server.close();
});

describe("realtime server with pusher-js and the pusher SDK", () => {
  it("delivers an event triggered with the SDK to a private-channel subscriber", async () => {
    const alice = client(server);
    clients.push(alice);
    const channel = alice.subscribe("private-room-1");
    await subscribed(channel);
    const received = waitFor<{ text: string }>(channel, "message.created");
    await serverSdk(server).trigger("private-room-1", "message.created", { text: "hello" });
    expect(await received).toEqual({ text: "hello" });
  });

  it("presence: members see each other join and leave", async () => {
    const alice = client(server, { presence: { user_id: "alice", user_info: { name: "Alice" } } });
    const bob = client(server, { presence: { user_id: "bob", user_info: { name: "Bob" } } });
    clients.push(alice, bob);
    const aliceChannel = alice.subscribe("presence-room-1") as PusherClient["channels"]["channels"][string] & { members: { count: number; get: (id: string) => { info: unknown } | null } };
    await subscribed(aliceChannel);
    const added = waitFor<{ id: string; info: unknown }>(aliceChannel, "pusher:member_added");
    const bobChannel = bob.subscribe("presence-room-1") as typeof aliceChannel;
    const bobSubscribed = subscribed(bobChannel);
    expect(await added).toEqual({ id: "bob", info: { name: "Bob" } });
    await bobSubscribed;
    expect(bobChannel.members.count).toBe(2);
    expect(bobChannel.members.get("alice")?.info).toEqual({ name: "Alice" });
    const removed = waitFor<{ id: string }>(aliceChannel, "pusher:member_removed");
    bob.disconnect();
    expect((await removed).id).toBe("bob");
  });

  it("signs in a user, delivers sendToUser, and terminate_connections closes it with 4009", async () => {
    const alice = client(server, { user: { id: "alice", user_info: { name: "Alice" } } });
    clients.push(alice);
    alice.signin();
    await waitFor(alice.connection, "connected");
    const got = new Promise((resolve) => alice.user.bind("invite", resolve));
    // wait for signin_success before sending
    await new Promise<void>((resolve) => alice.connection.bind("message", (e: { event: string }) => e.event === "pusher:signin_success" && resolve()));
    await serverSdk(server).sendToUser("alice", "invite", { room: "x" });
    expect(await got).toEqual({ room: "x" });
    const closed = new Promise<number>((resolve) => alice.connection.bind("error", (e: { data?: { code?: number } }) => e.data?.code && resolve(e.data.code)));
    await serverSdk(server).terminateUserConnections("alice");
    expect(await closed).toBe(4009);
  });
});
