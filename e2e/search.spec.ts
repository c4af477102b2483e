import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { createRoom, disposePersonas, openAs, persona } from "./support";

// Search end to end: a member finds a word (and by from:) in the UI and lands on the message; an
// outsider, signed in separately, never gets it from the API.

test.afterAll(disposePersonas);

test("a member finds a message by word and by from:, and the result opens the room at it; an outsider's search never returns it", async ({ browser }) => {
  const [member, outsider] = await Promise.all([persona("searcher"), persona("outsider")]);
  const room = await createRoom(member);
  const word = `wombat${randomBytes(4).toString("hex")}`;
  const sent = await member.api.post(`/api/rooms/${room.id}/messages`, { data: { body: `the ${word} is here`, clientId: crypto.randomUUID() } });
  expect(sent.status(), await sent.text()).toBe(201);
  const messageId = ((await sent.json()) as { message: { id: string } }).message.id;

  const page = await openAs(browser, member, "/");
  // Ctrl+K is the app's only once the page has hydrated (before that it is the browser's): press
  // it until the box has focus, as a person would.
  await expect(async () => {
    await page.keyboard.press("Control+k");
    await expect(page.getByTestId("header-search")).toBeFocused({ timeout: 250 });
  }).toPass();
  await page.getByTestId("header-search").fill(word);
  await page.getByTestId("header-search").press("Enter");
  const result = page.getByTestId("search-result");
  await expect(result).toHaveCount(1);
  await expect(result.locator("mark")).toHaveText(word);

  await page.getByTestId("search-page-input").fill(`${word} from:"${member.user.name}"`);
  await page.getByTestId("search-page-input").press("Enter");
  await expect(result).toHaveCount(1);
  await page.getByTestId("search-page-input").fill(`${word} from:"${outsider.user.name}"`);
  await page.getByTestId("search-page-input").press("Enter");
  await expect(page.getByTestId("search-empty")).toBeVisible();

  await page.getByTestId("search-page-input").fill(word);
  await page.getByTestId("search-page-input").press("Enter");
  await result.click();
  await expect(page).toHaveURL(new RegExp(`/rooms/${room.slug}\\?message=${messageId}$`));
  await expect(page.getByText(`the ${word} is here`)).toBeVisible();

  for (const q of [word, `${word} in:${room.slug}`, `${word} from:"${member.user.name}"`]) {
    const response = await outsider.api.get(`/api/search?q=${encodeURIComponent(q)}`);
    expect(response.status()).toBe(200);
    expect(((await response.json()) as { results: unknown[] }).results).toEqual([]);
  }
});
