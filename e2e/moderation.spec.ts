import { expect, test } from "@playwright/test";
import { createRoom, disposePersonas, persona, realtimeClient, roomChannels, type Persona } from "./support";

test.afterAll(disposePersonas);

const authStatus = async (who: Persona, channel: string) =>
  (await who.api.post("/api/pusher/auth", { form: { socket_id: "1.2", channel_name: channel } })).status();

async function roomWith(owner: Persona, ...members: Persona[]) {
  const room = await createRoom(owner, "PUBLIC");
  for (const member of members) expect((await member.api.post(`/api/rooms/${room.id}/join`)).status()).toBe(200);
  return room;
}

test.describe("moderation API", () => {
  test("roles: members can't remove anyone; admins remove members only; owners promote, demote and remove admins", async () => {
    const [owner, alice, bob] = await Promise.all([persona("owner"), persona("alice"), persona("bob")]);
    const room = await roomWith(owner, alice, bob);
    const remove = (who: Persona, target: Persona) => who.api.delete(`/api/rooms/${room.id}/members/${target.user.id}`);
    const setRole = (who: Persona, target: Persona, role: string) => who.api.patch(`/api/rooms/${room.id}/members/${target.user.id}`, { data: { role } });

    expect((await remove(alice, bob)).status()).toBe(403);
    expect((await setRole(alice, bob, "ADMIN")).status()).toBe(403);
    expect((await setRole(owner, alice, "ADMIN")).status()).toBe(200);
    expect((await setRole(alice, bob, "ADMIN")).status()).toBe(403);
    expect((await remove(alice, owner)).status()).toBe(403);
    expect((await setRole(owner, bob, "OWNER")).status()).toBe(422);
    expect((await remove(alice, bob)).status()).toBe(204);
    expect((await remove(alice, alice)).status()).toBe(409);
    expect((await setRole(owner, alice, "MEMBER")).status()).toBe(200);
    expect((await remove(owner, alice)).status()).toBe(204);

    const members = ((await (await owner.api.get(`/api/rooms/${room.id}/members`)).json()) as { members: { id: string; role: string }[] }).members;
    expect(members).toEqual([expect.objectContaining({ id: owner.user.id, role: "OWNER" })]);
    expect((await remove(owner, bob)).status()).toBe(404);
  });

  test("a removed member loses the room's channels and history; a banned one cannot rejoin until unbanned", async () => {
    const [owner, removed, banned] = await Promise.all([persona("owner"), persona("removed"), persona("banned")]);
    const room = await roomWith(owner, removed, banned);
    const before = await roomChannels(removed, room.id);
    expect(await authStatus(removed, before.messages)).toBe(200);
    expect((await owner.api.delete(`/api/rooms/${room.id}/members/${removed.user.id}`)).status()).toBe(204);
    const after = await roomChannels(owner, room.id);
    for (const channel of [before.messages, before.presence, after.messages, after.presence]) expect(await authStatus(removed, channel), channel).toBe(403);
    expect((await removed.api.get(`/api/rooms/${room.id}/messages`)).status()).toBe(403);
    expect((await removed.api.post(`/api/rooms/${room.id}/join`)).status()).toBe(200);

    expect((await owner.api.delete(`/api/rooms/${room.id}/members/${banned.user.id}?ban=true`)).status()).toBe(204);
    const refused = await banned.api.post(`/api/rooms/${room.id}/join`);
    expect(refused.status()).toBe(403);
    expect((await refused.json()).error.message).toBe("You were banned from this room.");
    expect((await removed.api.delete(`/api/rooms/${room.id}/bans/${banned.user.id}`)).status()).toBe(403);
    expect((await owner.api.delete(`/api/rooms/${room.id}/bans/${banned.user.id}`)).status()).toBe(204);
    expect((await banned.api.post(`/api/rooms/${room.id}/join`)).status()).toBe(200);
  });

  test("removal cuts live access: 4009 at once, and nothing published afterwards arrives", async () => {
    const [owner, member] = await Promise.all([persona("owner"), persona("member")]);
    const room = await roomWith(owner, member);
    const names = await roomChannels(member, room.id);
    const client = realtimeClient(member, { signin: false });
    try {
      const signedIn = new Promise<void>((resolve) => client.connection.bind("message", (e: { event: string }) => e.event === "pusher:signin_success" && resolve()));
      client.signin();
      const channel = client.subscribe(names.messages);
      await Promise.all([signedIn, new Promise((resolve) => channel.bind("pusher:subscription_succeeded", resolve))]);
      const received: string[] = [];
      channel.bind("message.created", (m: { body: string }) => received.push(m.body));
      const cut = new Promise<number>((resolve) => client.connection.bind("error", (e: { data?: { code?: number } }) => e.data?.code && resolve(e.data.code)));
      const started = Date.now();
      expect((await owner.api.delete(`/api/rooms/${room.id}/members/${member.user.id}`)).status()).toBe(204);
      expect(await cut).toBe(4009);
      console.log(`removal → 4009 on the removed member's connection: ${Date.now() - started} ms`);
      const after = await owner.api.post(`/api/rooms/${room.id}/messages`, { data: { body: "after removal", clientId: crypto.randomUUID() } });
      expect(after.status()).toBe(201);
      // Reconnecting, the channel is refused; the message sent after the removal never arrived.
      client.connect();
      const refusal = await new Promise<{ error?: string }>((resolve) => channel.bind("pusher:subscription_error", resolve));
      expect(refusal.error).toBe("HTTP 403");
      expect(received).not.toContain("after removal");
    } finally {
      client.disconnect();
    }
  });

  test("a removed member's open room page says so and stops receiving the room", async ({ browser }) => {
    const [owner, member] = await Promise.all([persona("owner"), persona("member")]);
    const room = await roomWith(owner, member);
    const context = await browser.newContext({ storageState: await member.api.storageState() });
    const page = await context.newPage();
    await page.goto(`/rooms/${room.slug}`);
    await expect(page.getByTestId("presence-list")).toContainText(member.user.name);
    expect((await owner.api.delete(`/api/rooms/${room.id}/members/${member.user.id}`)).status()).toBe(204);
    await expect(page.getByTestId("access-lost")).toContainText("You were removed from this room.");
    await owner.api.post(`/api/rooms/${room.id}/messages`, { data: { body: "not for you", clientId: crypto.randomUUID() } });
    await expect(page.getByLabel(/^Message #/)).toBeDisabled();
    // An event the owner can see (their own page) proves the message went out; the removed page never shows it.
    const ownerPage = await (await browser.newContext({ storageState: await owner.api.storageState() })).newPage();
    await ownerPage.goto(`/rooms/${room.slug}`);
    await expect(ownerPage.getByTestId("message").filter({ hasText: "not for you" })).toBeVisible();
    await expect(page.getByTestId("message").filter({ hasText: "not for you" })).toHaveCount(0);
    await ownerPage.context().close();
    await context.close();
  });
});
