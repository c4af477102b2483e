import { expect, test } from "@playwright/test";
import { createRoom, disposePersonas, persona, roomChannels, uniqueUser, type Persona } from "./support";

test.afterAll(disposePersonas);

async function makeLink(admin: Persona, roomId: string, data: Record<string, unknown> = { expiresInHours: 24 }) {
  const response = await admin.api.post(`/api/rooms/${roomId}/invitations`, { data });
  expect(response.status(), await response.text()).toBe(201);
  const { invitation } = (await response.json()) as { invitation: { id: string; url: string } };
  return { ...invitation, token: invitation.url.split("/invite/")[1]! };
}

const accept = (who: Persona, token: string) => who.api.post("/api/invitations/accept", { data: { token } });

test.describe("invitation links", () => {
  test("an admin's link lets someone into a private room once per use; members can't make links; tokens are never listed", async () => {
    const [owner, member, guest, latecomer] = await Promise.all([persona("owner"), persona("member"), persona("guest"), persona("late")]);
    const room = await createRoom(owner, "PRIVATE");
    const memberLink = await makeLink(owner, room.id, { expiresInHours: 1, maxUses: 1 });
    expect((await accept(member, memberLink.token)).status()).toBe(200);
    expect((await member.api.post(`/api/rooms/${room.id}/invitations`, { data: { expiresInHours: 24 } })).status()).toBe(403);

    const link = await makeLink(owner, room.id, { expiresInHours: 24, maxUses: 1 });
    expect(link.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const listed = await (await owner.api.get(`/api/rooms/${room.id}/invitations`)).text();
    expect(listed).not.toContain(link.token);

    const joined = await accept(guest, link.token);
    expect(joined.status()).toBe(200);
    expect(await joined.json()).toMatchObject({ room: { id: room.id }, joined: true });
    expect((await guest.api.post("/api/pusher/auth", { form: { socket_id: "1.2", channel_name: (await roomChannels(guest, room.id)).messages } })).status()).toBe(200);
    // Accepting twice is harmless, even though the link is now used up.
    expect(await (await accept(guest, link.token)).json()).toMatchObject({ joined: false });
    const usedUp = await accept(latecomer, link.token);
    expect(usedUp.status()).toBe(409);
    expect((await usedUp.json()).error.message).toMatch(/used up/);
  });

  test("revoked and malformed links are refused, and bad link settings get 422", async () => {
    const [owner, guest] = await Promise.all([persona("owner"), persona("guest")]);
    const room = await createRoom(owner, "PRIVATE");
    const link = await makeLink(owner, room.id);
    expect((await owner.api.delete(`/api/rooms/${room.id}/invitations/${link.id}`)).status()).toBe(204);
    const revoked = await accept(guest, link.token);
    expect(revoked.status()).toBe(409);
    expect((await revoked.json()).error.message).toMatch(/revoked/);
    expect((await accept(guest, "not-a-token")).status()).toBe(404);
    expect((await accept(guest, link.token.replace(/.$/, (c) => (c === "A" ? "B" : "A")))).status()).toBe(404);
    for (const data of [{ expiresInHours: 0 }, { expiresInHours: 721 }, { expiresInHours: 24, maxUses: 1001 }, { expiresInHours: 24, maxUses: 0 }]) {
      expect((await owner.api.post(`/api/rooms/${room.id}/invitations`, { data })).status(), JSON.stringify(data)).toBe(422);
    }
  });

  test("a banned user cannot get back in through a fresh link", async () => {
    const [owner, guest] = await Promise.all([persona("owner"), persona("guest")]);
    const room = await createRoom(owner, "PRIVATE");
    expect((await accept(guest, (await makeLink(owner, room.id)).token)).status()).toBe(200);
    expect((await owner.api.delete(`/api/rooms/${room.id}/members/${guest.user.id}?ban=true`)).status()).toBe(204);
    const refused = await accept(guest, (await makeLink(owner, room.id)).token);
    expect(refused.status()).toBe(403);
    expect((await refused.json()).error.message).toBe("You were banned from this room.");
  });

  test("a new visitor opens a link, registers through it, joins and chats", async ({ browser }) => {
    const owner = await persona("owner");
    const room = await createRoom(owner, "PRIVATE");
    const link = await makeLink(owner, room.id);
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`/invite/${link.token}`);
    await expect(page.getByTestId("invite-title")).toHaveText(/^Join #/);
    await expect(page.getByText(`${owner.user.name} invited you`)).toBeVisible();
    await page.getByRole("link", { name: "Create an account" }).click();
    const visitor = uniqueUser("visitor");
    await page.getByLabel("Name").fill(visitor.name);
    await page.getByLabel("Email").fill(visitor.email);
    await page.getByLabel("Password").fill(visitor.password);
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page).toHaveURL(new RegExp(`/invite/${link.token}$`));
    await page.getByRole("button", { name: /^Join #/ }).click();
    await expect(page).toHaveURL(new RegExp(`/rooms/${room.slug}$`));
    const composer = page.getByLabel(/^Message #/);
    await composer.fill("Thanks for the invite!");
    await composer.press("Enter");
    await expect
      .poll(async () => ((await (await owner.api.get(`/api/rooms/${room.id}/messages`)).json()) as { messages: { body: string }[] }).messages.map((m) => m.body))
      .toContain("Thanks for the invite!");
    await context.close();
  });

  test("dead links get a clear page", async ({ page }) => {
    const owner = await persona("owner");
    const room = await createRoom(owner, "PRIVATE");
    const link = await makeLink(owner, room.id);
    await owner.api.delete(`/api/rooms/${room.id}/invitations/${link.id}`);
    await page.goto(`/invite/${link.token}`);
    await expect(page.getByTestId("invite-title")).toHaveText("This invitation was revoked");
    await page.goto("/invite/garbage");
    await expect(page.getByTestId("invite-title")).toHaveText("This invitation link is not valid");
  });
});
