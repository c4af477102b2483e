import { expect, test } from "@playwright/test";
import { createRoom, disposePersonas, openAs, persona } from "./support";

// Two members: one writes Markdown in the composer (Ctrl+B included), the other sees it formatted.

test.afterAll(disposePersonas);

test.describe("markdown", () => {
  test("a code block, a bold word and a link typed in the composer render formatted for the other member; a javascript: link stays text", async ({ browser }) => {
    const [alice, bob] = await Promise.all([persona("alice"), persona("bob")]);
    const room = await createRoom(alice, "PUBLIC");
    expect((await bob.api.post(`/api/rooms/${room.id}/join`)).status()).toBe(200);
    const alicePage = await openAs(browser, alice, `/rooms/${room.slug}`);
    const bobPage = await openAs(browser, bob, `/rooms/${room.slug}`);
    await bobPage.context().grantPermissions(["clipboard-read", "clipboard-write"]);
    await expect(bobPage.getByTestId("presence-list")).toContainText(alice.user.name);

    // Ctrl+B with nothing selected inserts ** ** with the caret between: typing goes inside.
    const composer = alicePage.getByLabel(/^Message #/);
    await composer.fill("Deploy is ");
    await composer.press("Control+b");
    await composer.pressSequentially("done");
    await expect(composer).toHaveValue("Deploy is **done**");
    await composer.press("End");
    await composer.press("Shift+Enter");
    await composer.pressSequentially("see [the runbook](https://example.com/runbook) and [bad](javascript:alert(1))");
    await composer.press("Shift+Enter");
    await composer.pressSequentially("```");
    await composer.press("Shift+Enter");
    await composer.pressSequentially("const answer = 42; <script>alert(1)</script>");
    await composer.press("Shift+Enter");
    await composer.pressSequentially("```");
    await composer.press("Enter");
    await expect(composer).toHaveValue("");

    const message = bobPage.getByTestId("message").filter({ hasText: "Deploy is" });
    await expect(message.locator("strong")).toHaveText("done");
    await expect(message.locator("pre code")).toHaveText("const answer = 42; <script>alert(1)</script>");
    const link = message.getByRole("link", { name: "the runbook" });
    await expect(link).toHaveAttribute("href", "https://example.com/runbook");
    await expect(link).toHaveAttribute("target", "_blank");
    await expect(link).toHaveAttribute("rel", "noopener noreferrer nofollow");
    await expect(message.getByText("[bad](javascript:alert(1))")).toBeVisible();
    await expect(message.getByRole("link")).toHaveCount(1);

    // Copy puts the code on the clipboard and says so.
    const copy = message.getByRole("button", { name: "Copy code" });
    await copy.click();
    await expect(message.getByRole("button", { name: "Copied" })).toBeVisible();
    expect(await bobPage.evaluate(() => navigator.clipboard.readText())).toBe("const answer = 42; <script>alert(1)</script>");

    await alicePage.context().close();
    await bobPage.context().close();
  });
});
