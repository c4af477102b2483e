import { expect, test } from "@playwright/test";
import { createRoom, disposePersonas, persona, realtimeClient, roomChannels } from "./support";

test.afterAll(disposePersonas);

const authStatus = async (api: Awaited<ReturnType<typeof persona>>["api"], channel: string) =>
  (await api.post("/api/pusher/auth", { form: { socket_id: "1.2", channel_name: channel } })).status();

test.describe("rooms API", () => {
  test("GET /api/rooms/public lists public rooms (never private ones) with whether I joined", async () => {
    const [owner, visitor] = await Promise.all([persona("owner"), persona("visitor")]);
    const open = await createRoom(owner, "PUBLIC");
    const closed = await createRoom(owner, "PRIVATE");
    const list = async () => ((await (await visitor.api.get("/api/rooms/public")).json()) as { rooms: { id: string; joined: boolean; memberCount: number }[] }).rooms;
    const before = await list();
    expect(before.find((r) => r.id === open.id)).toMatchObject({ joined: false, memberCount: 1 });
    expect(before.find((r) => r.id === closed.id)).toBeUndefined();
    await visitor.api.post(`/api/rooms/${open.id}/join`);
    expect((await list()).find((r) => r.id === open.id)).toMatchObject({ joined: true, memberCount: 2 });
    const mine = ((await (await visitor.api.get("/api/rooms")).json()) as { rooms: { id: string; role: string }[] }).rooms;
    expect(mine).toEqual([expect.objectContaining({ id: open.id, role: "MEMBER" })]);
  });

  test("POST /api/rooms - invalid input gets 422 naming the field; signed out gets 401", async ({ request }) => {
    const owner = await persona("owner");
    const bad = await owner.api.post("/api/rooms", { data: { name: "  ", visibility: "SECRET" } });
    expect(bad.status()).toBe(422);
    expect(Object.keys((await bad.json()).error.fields).sort()).toEqual(["name", "visibility"]);
    expect((await request.post("/api/rooms", { data: { name: "x" } })).status()).toBe(401);
  });

  test("leaving: the only owner cannot; a member can, and loses the room's channels and history", async () => {
    const [owner, member] = await Promise.all([persona("owner"), persona("member")]);
    const room = await createRoom(owner, "PUBLIC");
    await member.api.post(`/api/rooms/${room.id}/join`);
    const onlyOwner = await owner.api.delete(`/api/rooms/${room.id}/membership`);
    expect(onlyOwner.status()).toBe(409);
    expect((await onlyOwner.json()).error.message).toMatch(/only owner/);

    const before = await roomChannels(member, room.id);
    expect(await authStatus(member.api, before.messages)).toBe(200);
    expect((await member.api.delete(`/api/rooms/${room.id}/membership`)).status()).toBe(204);
    expect(await authStatus(member.api, before.messages)).toBe(403);
    expect(await authStatus(member.api, (await roomChannels(owner, room.id)).messages)).toBe(403);
    expect((await member.api.get(`/api/rooms/${room.id}/messages`)).status()).toBe(403);
    expect((await member.api.delete(`/api/rooms/${room.id}/membership`)).status()).toBe(409);
    const secret = await createRoom(owner, "PRIVATE");
    expect((await member.api.delete(`/api/rooms/${secret.id}/membership`)).status()).toBe(404);
  });

  test("leaving closes the leaver's realtime connections (4009), and the room's channel is refused afterwards", async () => {
    const [owner, member] = await Promise.all([persona("owner"), persona("member")]);
    const room = await createRoom(owner, "PUBLIC");
    await member.api.post(`/api/rooms/${room.id}/join`);
    const names = await roomChannels(member, room.id);
    const client = realtimeClient(member, { signin: false });
    try {
      const signedIn = new Promise<void>((resolve) =>
        client.connection.bind("message", (event: { event: string }) => event.event === "pusher:signin_success" && resolve()),
      );
      client.signin();
      const channel = client.subscribe(names.messages);
      await Promise.all([signedIn, new Promise((resolve) => channel.bind("pusher:subscription_succeeded", resolve))]);

      const terminated = new Promise<number>((resolve) =>
        client.connection.bind("error", (error: { data?: { code?: number } }) => error.data?.code && resolve(error.data.code)),
      );
      expect((await member.api.delete(`/api/rooms/${room.id}/membership`)).status()).toBe(204);
      expect(await terminated).toBe(4009);

      // Reconnecting, the client may only have what it is still allowed: the room is refused.
      client.connect();
      const again = client.subscribe((await roomChannels(owner, room.id)).messages);
      const refusal = await new Promise<{ error?: string }>((resolve) => again.bind("pusher:subscription_error", resolve));
      expect(refusal.error).toBe("HTTP 403");
    } finally {
      client.disconnect();
    }
  });
});
