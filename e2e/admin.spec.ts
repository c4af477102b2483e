import { expect, test, type Page } from "@playwright/test";
import { createRoom, disposePersonas, openAs, persona, roomChannels, type Persona, say, uniqueUser } from "./support";

// Room administration in the browser: links and email invitations, removal that cuts a live page
// off, bans, settings. The removal is timed from the admin's click to the notice on the removed
// user's page (median of 10 runs, printed).

test.afterAll(disposePersonas);

async function linkFor(admin: Persona, roomId: string): Promise<string> {
  const response = await admin.api.post(`/api/rooms/${roomId}/invitations`, { data: { expiresInHours: 1, maxUses: 1 } });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { invitation: { url: string } }).invitation.url.split("/invite/")[1]!;
}

async function addThroughLink(admin: Persona, roomId: string, who: Persona) {
  const token = await linkFor(admin, roomId);
  expect((await who.api.post("/api/invitations/accept", { data: { token } })).status()).toBe(200);
}

/** Opens the room as `who` and waits until its channels are live (they appear in the presence list). */
async function openRoomLive(page: Page, slug: string, who: Persona) {
  await page.goto(`/rooms/${slug}`);
  await expect(page.getByTestId("presence-list")).toContainText(who.user.name);
}

/** Milliseconds from the admin's confirming click to the removal notice on the other page, both read from the same system clock. */
async function removeAndTime(adminPage: Page, userPage: Page, name: string, action: "Remove" | "Ban"): Promise<number> {
  const row = adminPage.getByTestId("member-row").filter({ hasText: name });
  await row.getByRole("button", { name: `${action}: ${name}` }).click();
  await userPage.evaluate(() => {
    const w = window as unknown as { noticeAt?: Promise<number> };
    w.noticeAt = new Promise((resolve) => {
      const observer = new MutationObserver(() => {
        if (document.querySelector('[data-testid="access-lost"]')) {
          observer.disconnect();
          resolve(performance.timeOrigin + performance.now());
        }
      });
      observer.observe(document.body, { childList: true, subtree: true });
    });
  });
  const confirm = row.getByRole("group", { name: `Confirm ${action}` }).getByRole("button", { name: action, exact: true });
  await confirm.evaluate((button) =>
    button.addEventListener("click", () => ((window as unknown as { clickedAt?: number }).clickedAt = performance.timeOrigin + performance.now()), { once: true }),
  );
  await confirm.click();
  const noticeAt = await userPage.evaluate(() => (window as unknown as { noticeAt: Promise<number> }).noticeAt);
  const clickedAt = await adminPage.evaluate(() => (window as unknown as { clickedAt: number }).clickedAt);
  return noticeAt - clickedAt;
}

test.describe("room administration", () => {
  test("an admin's link brings a new user in; removed while their page is open, they lose the room within 2 s and hear nothing more", async ({ browser }) => {
    test.setTimeout(90_000);
    const [owner, witness] = await Promise.all([persona("owner"), persona("witness")]);
    const room = await createRoom(owner, "PRIVATE");
    await addThroughLink(owner, room.id, witness);

    // The admin makes a link on the members page.
    const adminPage = await openAs(browser, owner, `/rooms/${room.slug}/members`);
    await adminPage.getByLabel("Maximum uses").selectOption("1");
    await adminPage.getByRole("button", { name: "Create link" }).click();
    const url = await adminPage.getByTestId("invite-url").inputValue();
    expect(url).toMatch(/\/invite\/[A-Za-z0-9_-]{32}$/);
    await expect(adminPage.getByTestId("invitations-table")).toContainText("0 / 1");

    // A new visitor registers through it and chats.
    const visitor = uniqueUser("newcomer");
    const userContext = await browser.newContext();
    const userPage = await userContext.newPage();
    await userPage.goto(new URL(url).pathname);
    await userPage.getByRole("link", { name: "Create an account" }).click();
    await userPage.getByLabel("Name").fill(visitor.name);
    await userPage.getByLabel("Email").fill(visitor.email);
    await userPage.getByLabel("Password").fill(visitor.password);
    await userPage.getByRole("button", { name: "Create account" }).click();
    await userPage.getByRole("button", { name: /^Join #/ }).click();
    await expect(userPage).toHaveURL(new RegExp(`/rooms/${room.slug}$`));
    await expect(userPage.getByTestId("presence-list")).toContainText(visitor.name);
    await say(userPage, "Hello, I came through the link");
    const witnessPage = await openAs(browser, witness, `/rooms/${room.slug}`);
    await expect(witnessPage.getByTestId("message").filter({ hasText: "Hello, I came through the link" })).toBeVisible();

    // The admin sees the newcomer online and removes them.
    await adminPage.reload();
    const row = adminPage.getByTestId("member-row").filter({ hasText: visitor.name });
    await expect(row.getByTestId("online-state")).toHaveAttribute("data-online", "true");
    const elapsed = await removeAndTime(adminPage, userPage, visitor.name, "Remove");
    console.log(`admin click → removal notice: ${elapsed.toFixed(0)} ms`);
    expect(elapsed).toBeLessThan(2_000);
    await expect(userPage.getByTestId("access-lost")).toContainText("You were removed from this room.");
    await expect(userPage.getByTestId("sidebar-rooms").locator(`a[href="/rooms/${room.slug}"]`)).toHaveCount(0);
    await expect(userPage.getByLabel(/^Message #/)).toBeDisabled();
    await expect(adminPage.getByTestId("members-list")).not.toContainText(visitor.name);

    // A message sent afterwards reaches the witness's open page, never the removed user's.
    await say(witnessPage, "after the removal");
    await expect(witnessPage.getByTestId("message").filter({ hasText: "after the removal" })).toBeVisible();
    await expect(userPage.getByTestId("message").filter({ hasText: "after the removal" })).toHaveCount(0);

    // And the room's channels are refused to them.
    const current = await roomChannels(owner, room.id);
    for (const channel of [current.messages, current.presence]) {
      const refused = await userPage.request.post("/api/pusher/auth", { form: { socket_id: "123.456", channel_name: channel } });
      expect(refused.status()).toBe(403);
    }
    await userContext.close();
    await witnessPage.context().close();
    await adminPage.context().close();
  });

  test("admin click → removal notice, median of 10 runs", async ({ browser }) => {
    test.setTimeout(120_000);
    const [owner, member] = await Promise.all([persona("owner"), persona("member")]);
    const room = await createRoom(owner, "PRIVATE");
    const adminPage = await openAs(browser, owner, `/rooms/${room.slug}/members`);
    const userPage = await openAs(browser, member, "/");
    const timings: number[] = [];
    for (let run = 0; run < 10; run++) {
      await addThroughLink(owner, room.id, member);
      await openRoomLive(userPage, room.slug, member);
      await adminPage.reload();
      timings.push(await removeAndTime(adminPage, userPage, member.user.name, "Remove"));
      await expect(adminPage.getByTestId("members-list")).not.toContainText(member.user.name);
    }
    const sorted = [...timings].sort((a, b) => a - b);
    const median = (sorted[4]! + sorted[5]!) / 2;
    console.log(`admin click → removal notice over 10 runs: median ${median.toFixed(0)} ms, min ${sorted[0]!.toFixed(0)}, max ${sorted[9]!.toFixed(0)} (${timings.map((t) => t.toFixed(0)).join(", ")})`);
    for (const t of timings) expect(t).toBeLessThan(2_000);
    await adminPage.context().close();
    await userPage.context().close();
  });

  test("a banned user is cut off and cannot come back through a fresh link until the ban is lifted", async ({ browser }) => {
    const [owner, member] = await Promise.all([persona("owner"), persona("member")]);
    const room = await createRoom(owner, "PRIVATE");
    await addThroughLink(owner, room.id, member);
    const userPage = await openAs(browser, member, "/");
    await openRoomLive(userPage, room.slug, member);
    const adminPage = await openAs(browser, owner, `/rooms/${room.slug}/members`);
    await removeAndTime(adminPage, userPage, member.user.name, "Ban");
    await expect(userPage.getByTestId("access-lost")).toContainText("You were banned from this room.");
    await expect(adminPage.getByTestId("bans-list")).toContainText(member.user.name);

    const token = await linkFor(owner, room.id);
    await userPage.goto(`/invite/${token}`);
    await expect(userPage.getByTestId("invite-title")).toHaveText("You can't join this room");
    const refused = await userPage.request.post("/api/invitations/accept", { data: { token } });
    expect(refused.status()).toBe(403);
    await userPage.goto(`/rooms/${room.slug}`);
    await expect(userPage.getByRole("heading", { name: /not found/i })).toBeVisible();

    await adminPage.getByRole("button", { name: `Lift ban: ${member.user.name}` }).click();
    await expect(adminPage.getByText("Nobody is banned from this room.")).toBeVisible();
    await expect(adminPage.getByTestId("audit-log")).toContainText(`${owner.user.name} lifted the ban on ${member.user.name}`);
    await expect(adminPage.getByTestId("audit-log")).toContainText(`${owner.user.name} banned ${member.user.name}`);
    await userPage.goto(`/invite/${token}`);
    await userPage.getByRole("button", { name: /^Join #/ }).click();
    await expect(userPage).toHaveURL(new RegExp(`/rooms/${room.slug}$`));
    await adminPage.context().close();
    await userPage.context().close();
  });

  test("an email invitation to an existing user appears live on their open home page; accepting opens the room", async ({ browser }) => {
    const [owner, invitee] = await Promise.all([persona("owner"), persona("invitee")]);
    const room = await createRoom(owner, "PRIVATE");
    const homePage = await openAs(browser, invitee, "/");
    await expect(homePage.getByTestId("invitations-live")).toHaveAttribute("data-live", "true");
    await expect(homePage.getByTestId("pending-invitations")).toHaveCount(0);

    const adminPage = await openAs(browser, owner, `/rooms/${room.slug}/members`);
    await adminPage.getByLabel("Invite by email").fill(invitee.user.email.toUpperCase());
    await adminPage.getByRole("button", { name: "Invite", exact: true }).click();
    // The same answer as for an address without an account: who it belongs to is theirs to tell.
    await expect(adminPage.getByTestId("invite-result")).toContainText(`Invitation for ${invitee.user.email} created.`);
    await expect(adminPage.getByTestId("invite-result")).not.toContainText(invitee.user.name);

    const card = homePage.getByTestId("pending-invitations").getByRole("listitem");
    await expect(card).toContainText(`${owner.user.name} invited you to #`);
    await card.getByRole("button", { name: /^Join #/ }).click();
    await expect(homePage).toHaveURL(new RegExp(`/rooms/${room.slug}$`));
    await say(homePage, "thanks for having me");
    await expect(homePage.getByTestId("message").filter({ hasText: "thanks for having me" })).toBeVisible();
    await adminPage.reload();
    await expect(adminPage.getByTestId("audit-log")).toContainText(`${invitee.user.name} joined through an invitation`);
    await expect(adminPage.getByTestId("audit-log")).toContainText(`${owner.user.name} invited ${invitee.user.email}`);
    await adminPage.context().close();
    await homePage.context().close();
  });

  test("an unknown address gets a link to copy; a declined invitation leaves the list live", async ({ browser }) => {
    const [owner, invitee] = await Promise.all([persona("owner"), persona("invitee")]);
    const room = await createRoom(owner, "PRIVATE");
    const adminPage = await openAs(browser, owner, `/rooms/${room.slug}/members`);
    await adminPage.getByLabel("Invite by email").fill("nobody-yet@example.test");
    await adminPage.getByRole("button", { name: "Invite", exact: true }).click();
    await expect(adminPage.getByTestId("invite-result")).toContainText("Invitation for nobody-yet@example.test created. This server can't send email, so send them this link");
    await expect(adminPage.getByTestId("invite-url")).toHaveValue(/\/invite\/[A-Za-z0-9_-]{32}$/);
    await adminPage.getByLabel("Invite by email").fill("not an email");
    await adminPage.getByRole("button", { name: "Invite", exact: true }).click();
    await expect(adminPage.getByRole("form", { name: "Email invitation" }).getByRole("alert")).toContainText("Enter a valid email address");

    await owner.api.post(`/api/rooms/${room.id}/invitations`, { data: { email: invitee.user.email } });
    const homePage = await openAs(browser, invitee, "/");
    const card = homePage.getByTestId("pending-invitations").getByRole("listitem");
    await expect(card).toHaveCount(1);
    await card.getByRole("button", { name: "Decline" }).click();
    await expect(homePage.getByTestId("pending-invitations")).toHaveCount(0);
    await adminPage.reload();
    await expect(adminPage.getByTestId("audit-log")).toContainText(`${invitee.user.name} declined an invitation`);
    await expect(adminPage.getByTestId("invitations-table")).toContainText("declined");
    await adminPage.context().close();
    await homePage.context().close();
  });

  test("settings: an admin renames the room and open pages follow; members can't change settings", async ({ browser }) => {
    const [owner, member] = await Promise.all([persona("owner"), persona("member")]);
    const room = await createRoom(owner, "PRIVATE");
    await addThroughLink(owner, room.id, member);
    const memberPage = await openAs(browser, member, "/");
    await openRoomLive(memberPage, room.slug, member);

    const adminPage = await openAs(browser, owner, `/rooms/${room.slug}/settings`);
    await adminPage.getByLabel("Room name").fill("");
    await adminPage.getByRole("button", { name: "Save changes" }).click();
    await expect(adminPage.getByText("Give the room a name.").first()).toBeVisible();
    await adminPage.getByLabel("Room name").fill("Renamed <b>room</b>");
    await adminPage.getByLabel("Description").fill("Now with a description");
    await adminPage.getByRole("button", { name: "Save changes" }).click();
    await expect(adminPage.getByTestId("settings-saved")).toBeVisible();
    await expect(memberPage.getByRole("heading", { level: 1 })).toHaveText("# Renamed <b>room</b>");
    await expect(memberPage.getByText("Now with a description")).toBeVisible();

    await memberPage.goto(`/rooms/${room.slug}/settings`);
    await expect(memberPage.getByTestId("settings-forbidden")).toContainText("Only owners and admins can change room settings.");
    await memberPage.goto(`/rooms/${room.slug}/members`);
    await expect(memberPage.getByTestId("member-row")).toHaveCount(2);
    await expect(memberPage.getByRole("button", { name: /^(Remove|Ban|Make)/ })).toHaveCount(0);
    await expect(memberPage.getByTestId("audit-log")).toHaveCount(0);

    await adminPage.goto(`/rooms/${room.slug}/members`);
    await expect(adminPage.getByTestId("audit-log")).toContainText(`${owner.user.name} changed the name from`);
    await adminPage.context().close();
    await memberPage.context().close();
  });

  test("the owner promotes, demotes and hands over the room from the members page", async ({ browser }) => {
    const [owner, member] = await Promise.all([persona("owner"), persona("member")]);
    const room = await createRoom(owner, "PRIVATE");
    await addThroughLink(owner, room.id, member);
    const adminPage = await openAs(browser, owner, `/rooms/${room.slug}/members`);
    const row = adminPage.getByTestId("member-row").filter({ hasText: member.user.name });
    await row.getByRole("button", { name: `Make admin: ${member.user.name}` }).click();
    await expect(row.getByTestId("member-role")).toHaveText("admin");
    await row.getByRole("button", { name: `Make member: ${member.user.name}` }).click();
    await expect(row.getByTestId("member-role")).toHaveText("member");
    await row.getByRole("button", { name: `Make owner: ${member.user.name}` }).click();
    await row.getByRole("group", { name: "Confirm Make owner" }).getByRole("button", { name: "Make owner" }).click();
    await expect(row.getByTestId("member-role")).toHaveText("owner");
    const me = adminPage.getByTestId("member-row").filter({ hasText: "(you)" });
    await expect(me.getByTestId("member-role")).toHaveText("admin");
    // Now an admin: no more role buttons for the new owner (their name, which opens their card, is a button of its own).
    await expect(row.getByRole("button", { name: new RegExp(`: ${member.user.name}$`) })).toHaveCount(0);
    await expect(row.getByTestId("person-name")).toHaveText(member.user.name);
    await expect(adminPage.getByTestId("audit-log")).toContainText(`${owner.user.name} made ${member.user.name} the owner`);
    await adminPage.context().close();
  });
});
