import { expect, test, type Page } from "@playwright/test";
import { createRoom, disposePersonas, openAs, persona } from "./support";

test.afterAll(disposePersonas);

/** A 64x48 PNG, made in the page (a canvas), pasted into the composer as a screenshot would be. */
async function pasteImage(page: Page) {
  await page.getByRole("combobox", { name: /Message #/ }).evaluate(async (textarea) => {
    const canvas = document.createElement("canvas");
    canvas.width = 64;
    canvas.height = 48;
    const context = canvas.getContext("2d")!;
    context.fillStyle = "#3366ff";
    context.fillRect(0, 0, 64, 48);
    const blob = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b!), "image/png"));
    const data = new DataTransfer();
    data.items.add(new File([blob], "screenshot.png", { type: "image/png" }));
    textarea.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  });
}

test("an image pasted by one member shows as a thumbnail on the other's page and opens full size; a file shows as a card; after removal the saved URL is refused", async ({ browser }) => {
  const [ada, bob] = await Promise.all([persona("ada"), persona("bob")]);
  const room = await createRoom(ada, "PUBLIC");
  expect((await bob.api.post(`/api/rooms/${room.id}/join`)).status()).toBe(200);
  const [adaPage, bobPage] = await Promise.all([openAs(browser, ada, `/rooms/${room.slug}`), openAs(browser, bob, `/rooms/${room.slug}`)]);
  for (const page of [adaPage, bobPage]) await expect(page.getByTestId("presence-list")).toContainText(bob.user.name);

  await pasteImage(adaPage);
  const chip = adaPage.getByTestId("composer-upload");
  await expect(chip).toHaveAttribute("data-status", "ready");
  await expect(chip).toContainText("screenshot.png");
  const box = adaPage.getByRole("combobox", { name: /Message #/ });
  await box.fill("the new logo");
  await box.press("Enter");
  await expect(adaPage.getByTestId("composer-upload")).toHaveCount(0);

  // Bob sees it live, as a thumbnail that has loaded.
  const thumbnail = bobPage.getByTestId("attachment-thumbnail");
  await expect(thumbnail).toHaveAttribute("alt", "screenshot.png");
  await expect.poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(64);
  await bobPage.getByRole("button", { name: "Open screenshot.png full size" }).click();
  const full = bobPage.getByTestId("attachment-full");
  await expect.poll(() => full.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(64);
  await bobPage.keyboard.press("Escape");
  await expect(full).toHaveCount(0);

  // A file that is not an image: a card with its name and size, on both pages.
  await adaPage.getByTestId("file-input").setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("meeting notes\n") });
  await expect(adaPage.getByTestId("composer-upload")).toHaveAttribute("data-status", "ready");
  await adaPage.getByRole("button", { name: "Send" }).click();
  const card = bobPage.getByTestId("attachment-file");
  await expect(card).toContainText("notes.txt");
  await expect(card).toContainText("14 bytes · Text");

  // The URLs Bob's page holds work for him now…
  const thumbnailUrl = await thumbnail.getAttribute("src");
  const fileUrl = await card.getAttribute("href");
  for (const url of [thumbnailUrl!, fileUrl!]) expect((await bob.api.get(url)).status()).toBe(200);
  expect(await (await bob.api.get(fileUrl!)).text()).toBe("meeting notes\n");
  // …and not once he is removed.
  expect((await ada.api.delete(`/api/rooms/${room.id}/members/${bob.user.id}`)).status()).toBe(204);
  for (const url of [thumbnailUrl!, fileUrl!]) expect([403, 404]).toContain((await bob.api.get(url)).status());
  await Promise.all([adaPage, bobPage].map((page) => page.context().close()));
});

test("the upload API: limits and refusals come with reasons, and outsiders and the signed-out are refused", async ({ request }) => {
  const [ada, outsider] = await Promise.all([persona("ada"), persona("outsider")]);
  const room = await createRoom(ada, "PRIVATE");
  const start = (data: unknown, who = ada) => who.api.post(`/api/rooms/${room.id}/attachments`, { data });
  expect((await start({ name: "x.bin", size: 0 })).status()).toBe(422);
  const tooBig = await start({ name: "huge.iso", size: 5 * 1024 ** 3 });
  expect(tooBig.status()).toBe(422);
  const overLimit = await start({ name: "big.bin", size: 1024 ** 3 });
  expect(overLimit.status()).toBe(413);
  expect(((await overLimit.json()) as { error: { message: string } }).error.message).toBe("big.bin is 1 GB; files can be at most 25 MB.");
  expect((await start({ name: "x.bin", size: 10 }, outsider)).status()).toBe(404);
  expect((await request.post(`/api/rooms/${room.id}/attachments`, { data: { name: "x.bin", size: 10 } })).status()).toBe(401);

  const started = await start({ name: "ten.bin", size: 10 });
  expect(started.status()).toBe(201);
  const { attachment, upload } = (await started.json()) as { attachment: { id: string }; upload: { url: string } };
  // More bytes than announced: refused.
  expect((await ada.api.put(upload.url, { data: Buffer.alloc(11) })).status()).toBe(413);
  expect((await outsider.api.put(upload.url, { data: Buffer.alloc(10) })).status()).toBe(404);
  expect((await ada.api.put(upload.url, { data: Buffer.alloc(10) })).status()).toBe(204);
  const completed = await ada.api.post(`/api/rooms/${room.id}/attachments/${attachment.id}/complete`);
  expect(completed.status()).toBe(200);
  // Sending a message that names a file twice, or eleven files, is a 422.
  const send = (attachmentIds: string[]) => ada.api.post(`/api/rooms/${room.id}/messages`, { data: { body: "", clientId: crypto.randomUUID(), attachmentIds } });
  expect((await send([attachment.id, attachment.id])).status()).toBe(422);
  expect((await send(Array.from({ length: 11 }, (_, i) => `a${i}`))).status()).toBe(422);
  expect((await send([])).status()).toBe(422);
  expect((await send([attachment.id])).status()).toBe(201);
  expect((await outsider.api.get(`/api/rooms/${room.id}/attachments/${attachment.id}`)).status()).toBe(404);
});
