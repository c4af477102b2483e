import { expect, test, type Page } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { signInThroughForm, uniqueUser, type TestUser } from "./support";

// Production smoke test (`npm run test:smoke`): the built app under `next start`, realtime through
// the Pusher-protocol server as an external host, driven only through the UI two people would use.

async function register(page: Page, user: TestUser) {
  await page.goto("/register");
  await page.getByLabel("Name").fill(user.name);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: `Hello, ${user.name}` })).toBeVisible();
  await expect(page.getByTestId("header-user")).toHaveText(user.name);
}

async function say(page: Page, text: string) {
  const composer = page.getByLabel(/^Message #/);
  await composer.fill(text);
  await composer.press("Enter");
  const mine = page.getByTestId("message").filter({ hasText: text });
  await expect(mine).toBeVisible();
  await expect(mine).not.toContainText("Sending…");
}

test("production smoke: register, sign out and back in, create a room, invite a second user who accepts, and chat live both ways", async ({ browser }) => {
  test.setTimeout(60_000);
  const alice = uniqueUser("alice");
  const bob = uniqueUser("bob");
  const roomName = `Smoke ${randomBytes(3).toString("hex")}`;
  const aliceContext = await browser.newContext();
  const bobContext = await browser.newContext();
  const alicePage = await aliceContext.newPage();
  const bobPage = await bobContext.newPage();

  // Alice registers, signs out, and signs back in.
  await register(alicePage, alice);
  await expect(alicePage.getByTestId("rooms-empty")).toContainText("You are not in any rooms yet.");
  await alicePage.getByRole("button", { name: "Sign out" }).click();
  await expect(alicePage).toHaveURL(/\/login$/);
  await expect(alicePage.getByRole("heading", { name: "Sign in to Parley" })).toBeVisible();
  await expect(alicePage.getByTestId("header-user")).toHaveCount(0);
  await signInThroughForm(alicePage, alice);
  await expect(alicePage.getByRole("heading", { name: `Hello, ${alice.name}` })).toBeVisible();

  // She creates a private room from the rooms page and lands in it, alone.
  await alicePage.getByRole("link", { name: "Browse or create rooms" }).first().click();
  await expect(alicePage).toHaveURL(/\/rooms$/);
  await alicePage.getByLabel("Room name").fill(roomName);
  await alicePage.getByLabel("Description (optional)").fill("Where the smoke test talks");
  await alicePage.getByRole("button", { name: "Create room" }).click();
  await expect(alicePage).toHaveURL(/\/rooms\/smoke-[0-9a-f]{6}-[0-9a-f]{8}$/);
  await expect(alicePage.getByRole("heading", { name: `# ${roomName}` })).toBeVisible();
  await expect(alicePage.getByTestId("room-empty")).toBeVisible();
  await expect(alicePage.getByTestId("presence-list")).toContainText(`${alice.name} (you)`);
  const roomPath = new URL(alicePage.url()).pathname;

  // Bob registers in his own browser and waits on his home page.
  await register(bobPage, bob);
  await expect(bobPage.getByTestId("invitations-live")).toHaveAttribute("data-live", "true");

  // Alice invites him by email from the members page.
  await alicePage.getByRole("link", { name: "Members", exact: true }).click();
  await expect(alicePage.getByRole("heading", { name: "Members", level: 1 })).toBeVisible();
  await alicePage.getByLabel("Invite by email").fill(bob.email);
  await alicePage.getByRole("button", { name: "Invite", exact: true }).click();
  await expect(alicePage.getByTestId("invite-result")).toContainText(`Invitation for ${bob.email} created.`);

  // The invitation appears on Bob's open page; he accepts and is in the room.
  await expect(bobPage.getByTestId("pending-invitations")).toContainText(`${alice.name} invited you to #${roomName}`);
  await bobPage.getByRole("button", { name: `Join #${roomName}` }).click();
  await expect(bobPage).toHaveURL(new RegExp(`${roomPath}$`));
  await expect(bobPage.getByRole("heading", { name: `# ${roomName}` })).toBeVisible();
  await expect(bobPage.getByTestId("presence-list")).toContainText(alice.name);
  await expect(bobPage.getByTestId("sidebar-rooms")).toContainText(roomName);

  // Alice goes back to the room and sees Bob online; they talk, each message arriving live.
  await alicePage.getByRole("link", { name: `← #${roomName}` }).click();
  await expect(alicePage).toHaveURL(new RegExp(`${roomPath}$`));
  await expect(alicePage.getByTestId("presence-list")).toContainText(bob.name);
  await expect(alicePage.getByTestId("online-count")).toHaveText("2");
  await expect(bobPage.getByTestId("online-count")).toHaveText("2");

  await say(alicePage, "Hi Bob, welcome to the room!");
  const atBob = bobPage.getByTestId("message").filter({ hasText: "Hi Bob, welcome to the room!" });
  await expect(atBob).toBeVisible();
  await expect(atBob).toContainText(alice.name);

  await say(bobPage, "Thanks Alice, glad to be here.");
  const atAlice = alicePage.getByTestId("message").filter({ hasText: "Thanks Alice, glad to be here." });
  await expect(atAlice).toBeVisible();
  await expect(atAlice).toContainText(bob.name);

  await aliceContext.close();
  await bobContext.close();
});
