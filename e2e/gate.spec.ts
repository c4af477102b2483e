import { expect, test, type APIRequestContext } from "@playwright/test";
import { createRoom, disposePersonas, persona, realtimeClient, realtimeSdk, roomChannels } from "./support";

// The membership gate: /api/pusher/auth signs a room's channels for its members only, and the
// realtime server refuses unsigned subscriptions, so an outsider never receives a room's events.

const socketId = "1234.5678";

test.afterAll(disposePersonas);

const auth = (api: APIRequestContext, channel: string, socket = socketId) => api.post("/api/pusher/auth", { form: { socket_id: socket, channel_name: channel } });

test.describe("POST /api/pusher/auth", () => {
  test("a member gets signatures for the room's private and presence channels, and presence data carries no email", async () => {
    const owner = await persona("owner");
    const room = await createRoom(owner);
    const names = await roomChannels(owner, room.id);
    expect(names).toEqual({ messages: expect.stringMatching(new RegExp(`^private-room-${room.id}-[0-9a-f]{32}$`)), presence: expect.stringMatching(new RegExp(`^presence-room-${room.id}-[0-9a-f]{32}$`)) });
    const privateAuth = await auth(owner.api, names.messages);
    expect(privateAuth.status()).toBe(200);
    expect((await privateAuth.json()).auth).toMatch(/^[^:]+:[0-9a-f]{64}$/);

    const presence = await auth(owner.api, names.presence);
    expect(presence.status()).toBe(200);
    const body = (await presence.json()) as { auth: string; channel_data: string };
    const channelData = JSON.parse(body.channel_data) as { user_id: string; user_info: Record<string, string> };
    expect(channelData.user_id).toBe(owner.user.id);
    expect(channelData.user_info).toMatchObject({ name: owner.user.name, initials: expect.any(String), color: expect.stringMatching(/^#/) });
    expect(body.channel_data).not.toContain(owner.user.email);
  });

  test("a signed-in outsider gets 403 for each of the room's channels", async () => {
    const [owner, outsider] = await Promise.all([persona("owner"), persona("outsider")]);
    const room = await createRoom(owner);
    const names = await roomChannels(owner, room.id);
    // The current names (which an outsider could only have by guessing 128 bits), and the old unkeyed ones.
    for (const channel of [names.messages, names.presence, names.messages.replace("private-", "private-encrypted-"), `private-room-${room.id}`, `presence-room-${room.id}`]) {
      const response = await auth(outsider.api, channel);
      expect(response.status(), channel).toBe(403);
      expect((await response.json()).error.code).toBe("forbidden");
    }
  });

  test("signed out, every channel gets 403 with a JSON error", async ({ request }) => {
    const owner = await persona("owner");
    const room = await createRoom(owner);
    const response = await auth(request, (await roomChannels(owner, room.id)).messages);
    expect(response.status()).toBe(403);
    expect((await response.json()).error.message).toBe("Sign in to subscribe.");
  });

  test("user channels, public channels and unknown shapes get 403", async () => {
    const [me, other] = await Promise.all([persona("me"), persona("other")]);
    // Even one's own user channel: the realtime service admits that one after pusher:signin instead.
    for (const channel of [`#server-to-user-${other.user.id}`, `#server-to-user-${me.user.id}`, "lobby", "private-admin", "presence-room-nope_nope"]) {
      expect((await auth(me.api, channel)).status(), channel).toBe(403);
    }
  });

  test("a malformed socket_id or channel name gets 400", async () => {
    const me = await persona("me");
    expect((await auth(me.api, "private-room-abc", "not-a-socket")).status()).toBe(400);
    expect((await auth(me.api, "private room with spaces")).status()).toBe(400);
    expect((await me.api.post("/api/pusher/auth", { form: { socket_id: socketId } })).status()).toBe(400);
  });

  test("a cross-site request gets 403", async () => {
    const owner = await persona("owner");
    const room = await createRoom(owner);
    const response = await owner.api.post("/api/pusher/auth", {
      form: { socket_id: socketId, channel_name: (await roomChannels(owner, room.id)).messages },
      headers: { origin: "https://evil.example" },
    });
    expect(response.status()).toBe(403);
  });

  test("the batch form answers every channel in one request", async () => {
    const [owner, other] = await Promise.all([persona("owner"), persona("other")]);
    const mine = await createRoom(owner);
    const theirs = await createRoom(other);
    const [my, their] = [await roomChannels(owner, mine.id), await roomChannels(other, theirs.id)];
    const response = await owner.api.post("/api/pusher/auth", {
      data: { socket_id: socketId, channel_names: [my.messages, my.presence, their.messages] },
    });
    expect(response.status()).toBe(200);
    const { channels } = (await response.json()) as { channels: Record<string, { status: number; auth?: string }> };
    expect(channels[my.messages]).toMatchObject({ status: 200, auth: expect.any(String) });
    expect(channels[my.presence]).toMatchObject({ status: 200, auth: expect.any(String) });
    expect(channels[their.messages]).toMatchObject({ status: 403 });
    expect(channels[their.messages]!.auth).toBeUndefined();
  });

  test("a removal retires the room's channel names: nobody is signed the old ones again, the remaining members get the new ones", async () => {
    const [owner, stays, removed] = await Promise.all([persona("owner"), persona("stays"), persona("removed")]);
    const room = await createRoom(owner, "PUBLIC");
    for (const who of [stays, removed]) expect((await who.api.post(`/api/rooms/${room.id}/join`)).status()).toBe(200);
    const before = await roomChannels(stays, room.id);
    expect((await auth(removed.api, before.messages)).status()).toBe(200);
    expect((await owner.api.delete(`/api/rooms/${room.id}/members/${removed.user.id}`)).status()).toBe(204);
    const after = await roomChannels(stays, room.id);
    expect(after.messages).not.toBe(before.messages);
    expect(after.presence).not.toBe(before.presence);
    for (const who of [owner, stays, removed]) {
      for (const name of [before.messages, before.presence]) {
        const refused = await auth(who.api, name);
        expect(refused.status(), `${who.user.name} ${name}`).toBe(403);
      }
    }
    expect((await auth(stays.api, after.messages)).status()).toBe(200);
    expect((await auth(removed.api, after.messages)).status()).toBe(403);
    expect((await removed.api.get(`/api/rooms/${room.id}/channels`)).status()).toBe(403);
    // Changing roles or settings is not a removal: the names stay.
    expect((await owner.api.patch(`/api/rooms/${room.id}/members/${stays.user.id}`, { data: { role: "ADMIN" } })).status()).toBe(200);
    expect((await owner.api.patch(`/api/rooms/${room.id}`, { data: { description: "same channels" } })).status()).toBe(200);
    expect(await roomChannels(stays, room.id)).toEqual(after);
  });

  test("joining a public room opens its channels; a private room stays 404 to outsiders", async () => {
    const [owner, joiner] = await Promise.all([persona("owner"), persona("joiner")]);
    const open = await createRoom(owner, "PUBLIC");
    const closed = await createRoom(owner, "PRIVATE");
    const names = await roomChannels(owner, open.id);
    expect((await auth(joiner.api, names.messages)).status()).toBe(403);
    expect((await joiner.api.get(`/api/rooms/${open.id}/channels`)).status()).toBe(403);
    expect((await joiner.api.post(`/api/rooms/${open.id}/join`)).status()).toBe(200);
    expect((await joiner.api.post(`/api/rooms/${open.id}/join`)).status()).toBe(200);
    expect(await roomChannels(joiner, open.id)).toEqual(names);
    expect((await auth(joiner.api, names.messages)).status()).toBe(200);
    const refused = await joiner.api.post(`/api/rooms/${closed.id}/join`);
    expect(refused.status()).toBe(404);
    expect((await refused.json()).error.message).toBe("Room not found.");
  });
});

test.describe("POST /api/pusher/user-auth", () => {
  test("returns the signed-in user's data with co-members to watch, and 403 when signed out", async ({ request }) => {
    const [owner, member] = await Promise.all([persona("owner"), persona("member")]);
    const room = await createRoom(owner, "PUBLIC");
    await member.api.post(`/api/rooms/${room.id}/join`);
    const response = await member.api.post("/api/pusher/user-auth", { form: { socket_id: socketId } });
    expect(response.status()).toBe(200);
    const body = (await response.json()) as { auth: string; user_data: string };
    const userData = JSON.parse(body.user_data) as { id: string; user_info: { name: string }; watchlist: string[] };
    expect(userData).toMatchObject({ id: member.user.id, user_info: { name: member.user.name } });
    expect(userData.watchlist).toContain(owner.user.id);
    expect(body.user_data).not.toContain(member.user.email);
    expect((await request.post("/api/pusher/user-auth", { form: { socket_id: socketId } })).status()).toBe(403);
  });
});

test.describe("the gate end to end", () => {
  test("a member receives the room's events; an outsider is refused at the gate and receives none", async () => {
    const [member, outsider] = await Promise.all([persona("member"), persona("outsider")]);
    const room = await createRoom(member);
    const channel = (await roomChannels(member, room.id)).messages;

    const memberClient = realtimeClient(member);
    const outsiderClient = realtimeClient(outsider);
    try {
      const memberChannel = memberClient.subscribe(channel);
      await new Promise((resolve) => memberChannel.bind("pusher:subscription_succeeded", resolve));
      const outsiderChannel = outsiderClient.subscribe(channel);
      const refusal = await new Promise<{ error?: string }>((resolve) => outsiderChannel.bind("pusher:subscription_error", resolve));
      expect(refusal.error).toBe("HTTP 403");

      const outsiderSaw: string[] = [];
      outsiderClient.bind_global((event: string) => outsiderSaw.push(event));
      const received = new Promise((resolve) => memberChannel.bind("message.created", resolve));
      const sdk = realtimeSdk();
      await sdk.trigger(channel, "message.created", { body: "members only" });
      expect(await received).toEqual({ body: "members only" });
      // The member's delivery has arrived; the outsider's socket, on the same server, got nothing.
      const second = new Promise((resolve) => memberChannel.bind("message.created", resolve));
      await sdk.trigger(channel, "message.created", { body: "still members only" });
      await second;
      expect(outsiderSaw.filter((e) => !e.startsWith("pusher"))).toEqual([]);
    } finally {
      memberClient.disconnect();
      outsiderClient.disconnect();
    }
  });
});
