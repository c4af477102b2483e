import { expect, request as playwrightRequest, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { createRoom, createUser, disposePersonas, persona, signInApi, type Persona } from "./support";

// Script-injection payloads in everything a user can type that others see: message bodies (API and
// composer, on load and live), room names and descriptions (created and renamed), display names.
// The pages are opened with the CSP switched off (bypassCSP), so a payload that became markup
// would run: "nothing ran" then proves React escaped it, not that the policy caught it. Each page
// is also checked for elements and URLs no payload may create, and for the payload shown literally.

const ownClients: APIRequestContext[] = [];
test.afterAll(async () => {
  await disposePersonas();
  for (const api of ownClients.splice(0)) await api.dispose();
});

// Every payload sets a marker if it ever runs: a dialog, window.__xss, or the document title.
const composerPayloads = [
  "<script>window.__xss=(window.__xss||0)+1</script>",
  '<img src=x onerror="window.__xss=(window.__xss||0)+1">',
  '"><svg onload=alert(1)>',
  "</textarea><script>alert(1)</script>",
  "{{constructor.constructor('alert(1)')()}}",
  "[click me](javascript:alert(1))",
  "&lt;script&gt;alert(1)&lt;/script&gt;",
];

const apiPayloads = [
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  "<img src=x onerror=alert(1)//",
  "<svg><script>alert(1)</script></svg>",
  '<iframe srcdoc="<script>parent.__xss=(parent.__xss||0)+1</script>"></iframe>',
  '<iframe src="javascript:alert(1)"></iframe>',
  "javascript:alert(1)",
  "JaVaScRiPt:window.__xss=1",
  "data:text/html,<script>alert(1)</script>",
  "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
  "'><svg/onload=alert(1)>",
  "</p></li></ol><script>document.title='pwned'</script>",
  "${alert(1)} #{alert(1)} <%= alert(1) %>",
  "![x](x\" onerror=\"alert(1))",
  '<a href="javascript:alert(1)">click me</a>',
  "<a href=https://example.com/ onmouseover=alert(1)>hover me</a>",
  'https://example.com/"onmouseover="alert(1)',
  "https://example.com/<script>alert(1)</script>",
  "see http://example.com/?q=javascript:alert(1)&x=<img src=x onerror=alert(1)>",
  "&#60;img src=x onerror=alert(1)&#62; &#x3C;script&#x3E;",
  "<style>@import 'javascript:alert(1)';*{display:none!important}</style>",
  "bidi \u202e<img src=x onerror=alert(1)>\u202c tail",
  "<scr\u200bipt>alert(1)</scr\u200bipt> \uff1cscript\uff1ealert(1)\uff1c/script\uff1e",
  "<details open ontoggle=alert(1)>",
  "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  "<input autofocus onfocus=alert(1)><body onload=alert(1)>",
  '<object data="javascript:alert(1)"></object><embed src=javascript:alert(1)>',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)"><base href="javascript:alert(1)//">',
  "<<script>script>alert(1)<</script>/script> %3Cscript%3Ealert(1)%3C%2Fscript%3E \\x3cscript\\x3ealert(1)",
  "first line\n<script>alert(1)</script>\n<video><source onerror=alert(1)></video>",
];

// Markdown: links with script schemes (in every disguise), raw HTML inside formatting, and inputs
// meant to make the parser slow or confused. Messages are at most 4,000 characters, so the bombs are too.
const markdownPayloads = [
  "[x](javascript:alert(1))",
  "[x](JaVaScRiPt:window.__xss=1)",
  "[x](data:text/html,<script>alert(1)</script>)",
  "[x]( javascript:alert(1))",
  "[x](java\tscript:alert(1)) [y](&#106;avascript:alert(1)) [z](&#x6A;avascript&#58;alert(1))",
  "[x](<javascript:alert(1)>) [y](vbscript:msgbox(1)) [z](//evil.example/x)",
  "**<img src=x onerror=window.__xss=1>** _<svg onload=alert(1)>_ ~~<script>alert(1)</script>~~",
  "<javascript:alert(1)> <data:text/html,x> <vbscript:msgbox(1)>",
  "*".repeat(3_900),
  "_".repeat(1_900) + "a" + "_".repeat(1_900),
  "`".repeat(3_900),
  "x " + "`".repeat(3_900),
  "[".repeat(3_900),
  "a <!-- <script>alert(1)</script> --> b",
  "```html\n<script>window.__xss=1</script>\n<img src=x onerror=alert(1)>\n```",
  "`<img src=x onerror=alert(1)>` and ``<script>`` ",
  "![x](javascript:alert(1)) ![y](https://example.com/x.png\" onerror=\"alert(1))",
  "[x](https://example.com/\" onmouseover=\"alert(1)) [y](https://example.com/ 'title\" onmouseover=\"alert(1)')",
  "> <script>alert(1)</script>\n> - **<img src=x onerror=alert(1)>**\n\n1. <iframe src=javascript:alert(1)>",
  "# <script>alert(1)</script>\nHeading\n===\n| a | b |\n|---|---|\n| <img src=x onerror=alert(1)> | x |",
  "[ref]\n\n[ref]: javascript:alert(1)",
];

// Display names (at most 80 characters; control and bidi characters are refused, markup is not).
const ownerName = 'Mallory"><img src=x onerror=alert(1)>';
const memberName = "Eve<script>document.title='pwned'</script>";
const inviteeName = "Carol<svg/onload=window.__xss=(window.__xss||0)+1>";
// Room names (at most 80) and descriptions (at most 500).
const firstRoomName = '<script>alert("room")</script>';
const firstDescription = '<iframe srcdoc="<script>parent.__xss=1</script>"></iframe><style>body{display:none}</style>';
const renamedRoom = "\"><svg onload=alert(1)>{{constructor.constructor('alert(2)')()}}";
const renamedDescription = '</textarea><script>window.__xss=1</script><a href="javascript:alert(1)">click</a> ${alert(1)} [x](javascript:alert(1))';

/** Like persona(), but with a display name of our choosing. */
async function personaNamed(name: string): Promise<Persona> {
  const api = await playwrightRequest.newContext({ baseURL: process.env.E2E_BASE_URL });
  ownClients.push(api);
  const id = randomBytes(4).toString("hex");
  const user = await createUser(api, { name, email: `xss-${id}@example.test`, password: `pw-${id}-secret` });
  await signInApi(api, user);
  const session = (await (await api.get("/api/auth/session")).json()) as { user: { id: string; name: string } };
  expect(session.user.name, "the name is stored as typed").toBe(name);
  return { user: { ...user, id: session.user.id }, api };
}

interface Watched {
  page: Page;
  dialogs: string[];
}

/** A page with the CSP bypassed, recording every dialog a payload might open. */
async function openWatched(browser: Browser, who: Persona, path: string): Promise<Watched> {
  const context = await browser.newContext({ storageState: await who.api.storageState(), bypassCSP: true });
  const page = await context.newPage();
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await page.goto(path);
  return { page, dialogs };
}

// Every tag the app itself renders inside its header and <main> on these pages.
const appTags = ["a", "aside", "blockquote", "br", "code", "del", "em", "pre", "strong", "button", "dialog", "div", "fieldset", "form", "h1", "h2", "header", "input", "label", "legend", "li", "main", "nav", "ol", "option", "p", "section", "select", "span", "table", "tbody", "td", "th", "thead", "time", "tr", "ul", "textarea"];

/** No payload ran, and none became an element, a handler or a script URL; the canary proves the page would have run it. */
async function expectInert({ page, dialogs }: Watched, title: string) {
  // React streams a page behind its loading state and reveals it a moment later: until then its
  // boundary's <template id="B:…"> placeholder is still in <main>, and the content sits hidden.
  await expect(page.locator("main template")).toHaveCount(0);
  const found = await page.evaluate((allowed) => {
    const all = [...document.querySelectorAll("*")];
    // The app's own icons (inline SVG marked data-app-icon) are its markup, not a payload's; their
    // attributes are still checked for handlers and script URLs below, with everything else.
    const icon = (el: Element) => ["svg", "path", "circle"].includes(el.localName) && el.closest('svg[data-app-icon][aria-hidden="true"]') !== null;
    const app = [...document.querySelectorAll("body > header, body > main")].flatMap((root) => [root, ...root.querySelectorAll("*")]).filter((el) => !icon(el));
    const scriptUrl = (value: string) => /^(javascript|vbscript|data):/i.test(value.replace(/[\s\u0000-\u001f]/g, ""));
    return {
      title: document.title,
      marker: typeof (window as unknown as { __xss?: unknown }).__xss,
      foreignTags: [...new Set(app.map((el) => el.localName).filter((tag) => !allowed.includes(tag)))],
      embedded: [...document.querySelectorAll("iframe, frame, object, embed, img, svg, math, video, audio, base, body meta[http-equiv], body style, [srcdoc]")].filter((el) => !icon(el)).map((el) => el.outerHTML.slice(0, 100)),
      handlers: all.flatMap((el) => [...el.attributes].filter((a) => a.name.toLowerCase().startsWith("on")).map((a) => `<${el.localName} ${a.name}=${a.value}>`)),
      scriptUrls: all.flatMap((el) =>
        [...el.attributes].filter((a) => ["href", "src", "action", "formaction", "data", "xlink:href"].includes(a.name) && scriptUrl(a.value)).map((a) => `<${el.localName} ${a.name}=${a.value}>`),
      ),
      nonHttpLinks: [...document.querySelectorAll<HTMLAnchorElement>("a[href]")].filter((a) => !/^https?:$/.test(a.protocol)).map((a) => a.href),
    };
  }, appTags);
  expect(found).toEqual({ title, marker: "undefined", foreignTags: [], embedded: [], handlers: [], scriptUrls: [], nonHttpLinks: [] });
  expect(dialogs).toEqual([]);
  // The control: this page does run injected markup (no CSP to save it), so the checks above could fail.
  await page.evaluate(() => {
    delete (window as unknown as { __canary?: number }).__canary;
    document.createElement("div").innerHTML = '<img src="/canary-missing.png" onerror="window.__canary=1">';
  });
  await page.waitForFunction(() => (window as unknown as { __canary?: number }).__canary === 1);
}

/** The exact text of every message body on the page (a payload turned into markup would not read back verbatim). */
const bodiesOn = (page: Page) =>
  page
    .getByTestId("message-text")
    .evaluateAll((bodies) => bodies.map((body) => [...body.children].map((block) => [...block.childNodes].filter((n) => n.nodeType !== Node.COMMENT_NODE).map((n) => (n.nodeName === "BR" ? "\n" : (n.textContent ?? ""))).join("")).join("\n")).sort());

async function say(page: Page, text: string) {
  const composer = page.getByLabel(/^Message #/);
  await composer.fill(text);
  await composer.press("Enter");
  await expect(composer).toHaveValue("");
}

test.describe("script injection", () => {
  test(`message bodies: ${composerPayloads.length + apiPayloads.length} payloads from the API and the composer, on load and live, render as literal text and run nothing`, async ({ browser }) => {
    test.setTimeout(60_000);
    const [reader, mallory, eve] = await Promise.all([persona("reader"), personaNamed(ownerName), personaNamed(memberName)]);
    const room = await createRoom(reader, "PUBLIC");
    for (const who of [mallory, eve]) expect((await who.api.post(`/api/rooms/${room.id}/join`)).status()).toBe(200);

    // Before anyone looks, three senders post the API corpus at once (each stays within 20 messages per 10 s, Mallory's typing included).
    const senders = [eve, mallory, reader];
    const sent = await Promise.all(
      apiPayloads.map((body, i) => senders[i % senders.length]!.api.post(`/api/rooms/${room.id}/messages`, { data: { body, clientId: crypto.randomUUID() } })),
    );
    for (const [i, response] of sent.entries()) expect(response.status(), apiPayloads[i]).toBe(201);
    for (const [i, response] of sent.entries()) expect(((await response.json()) as { message: { body: string } }).message.body, "stored verbatim").toBe(apiPayloads[i]);

    const readerView = await openWatched(browser, reader, `/rooms/${room.slug}`);
    const malloryView = await openWatched(browser, mallory, `/rooms/${room.slug}`);
    await expect(readerView.page.getByTestId("presence-list")).toContainText(ownerName);
    await expect(malloryView.page.getByTestId("presence-list")).toContainText(`${ownerName} (you)`);
    await expectInert(readerView, "Room · Parley");
    expect(await bodiesOn(readerView.page)).toEqual([...apiPayloads].sort());

    // Mallory types the rest into the composer; the reader's open page receives them live.
    for (const payload of composerPayloads) await say(malloryView.page, payload);
    const everything = [...apiPayloads, ...composerPayloads].sort();
    await expect.poll(() => bodiesOn(readerView.page)).toEqual(everything);
    await expect.poll(() => bodiesOn(malloryView.page)).toEqual(everything);
    await expect(malloryView.page.getByText("Sending…")).toHaveCount(0);
    // The screen-reader announcement of the last live message is plain text too.
    await expect(readerView.page.locator(".sr-only[aria-live=polite]")).toHaveText(`${ownerName}: ${composerPayloads.at(-1)}`);

    // Author names are shown as typed.
    await expect(readerView.page.getByTestId("message").filter({ hasText: memberName }).first()).toBeVisible();
    await expect(readerView.page.getByTestId("message").filter({ hasText: ownerName }).first()).toBeVisible();
    // The only links are the http(s) URLs found in bodies, each exactly the URL text.
    const links = await readerView.page.getByTestId("message").locator("a").evaluateAll((as) => as.map((a) => ({ href: a.getAttribute("href"), text: a.textContent, rel: a.getAttribute("rel") })));
    expect(links).toEqual(
      expect.arrayContaining([
        { href: "https://example.com/", text: "https://example.com/", rel: "noopener noreferrer nofollow" },
        { href: "http://example.com/?q=javascript:alert(1)&x=", text: "http://example.com/?q=javascript:alert(1)&x=", rel: "noopener noreferrer nofollow" },
      ]),
    );
    for (const link of links) expect(link.href, JSON.stringify(link)).toMatch(/^https?:\/\/[^\s<>"']+$/);

    await expectInert(readerView, "Room · Parley");
    await expectInert(malloryView, "Room · Parley");

    // Loaded from scratch, the whole history is still inert text.
    await readerView.page.reload();
    await expect.poll(() => bodiesOn(readerView.page)).toEqual(everything);
    await expectInert(readerView, "Room · Parley");
    await readerView.page.context().close();
    await malloryView.page.context().close();
  });

  test(`markdown: ${markdownPayloads.length + 1} payloads render inert, and the only links are the http(s) ones`, async ({ browser }) => {
    test.setTimeout(60_000);
    const [reader, mallory, eve] = await Promise.all([persona("reader"), personaNamed(ownerName), personaNamed(memberName)]);
    const room = await createRoom(reader, "PUBLIC");
    for (const who of [mallory, eve]) expect((await who.api.post(`/api/rooms/${room.id}/join`)).status()).toBe(200);
    const readerView = await openWatched(browser, reader, `/rooms/${room.slug}`);
    await expect(readerView.page.getByTestId("presence-list")).toContainText(reader.user.name);

    // Sent while the reader's page is open (live), then loaded again from scratch.
    const senders = [eve, mallory];
    const sent = await Promise.all(
      markdownPayloads.map((body, i) => senders[i % senders.length]!.api.post(`/api/rooms/${room.id}/messages`, { data: { body, clientId: crypto.randomUUID() } })),
    );
    for (const [i, response] of sent.entries()) expect(response.status(), markdownPayloads[i]).toBe(201);
    // A link whose text is a mention: the mention is highlighted, the javascript: link stays text.
    const mentionLink = await mallory.api.post(`/api/rooms/${room.id}/messages`, {
      data: { body: `[@${reader.user.name}](javascript:alert(1)) [@${reader.user.name}](https://example.com/ok)`, clientId: crypto.randomUUID(), mentions: [reader.user.id] },
    });
    expect(mentionLink.status(), await mentionLink.text()).toBe(201);

    for (const load of ["live", "reload"]) {
      if (load === "reload") await readerView.page.reload();
      await expect(readerView.page.getByTestId("message-text"), load).toHaveCount(markdownPayloads.length + 1);
      await expectInert(readerView, "Room · Parley");
      const links = await readerView.page.getByTestId("message-text").locator("a").evaluateAll((as) => as.map((a) => ({ href: a.getAttribute("href"), rel: a.getAttribute("rel"), target: a.getAttribute("target") })));
      expect(links.length, load).toBeGreaterThan(0);
      for (const link of links) expect(link, load).toEqual({ href: expect.stringMatching(/^https:\/\/example\.com\//), rel: "noopener noreferrer nofollow", target: "_blank" });
      await expect(readerView.page.getByText("[x](javascript:alert(1))", { exact: true }), load).toBeVisible();
      await expect(readerView.page.getByRole("link", { name: `@${reader.user.name}` }).getByTestId("mention"), load).toHaveText(`@${reader.user.name}`);
      await expect(readerView.page.locator("pre code").filter({ hasText: "<script>window.__xss=1</script>" }), load).toHaveCount(1);
    }
    await readerView.page.context().close();
  });

  test("room names, descriptions and display names render as text in the room, sidebar, presence list, members page, audit log, invite page and home page", async ({ browser }) => {
    test.setTimeout(60_000);
    const [admin, mallory, eve, carol] = await Promise.all([persona("admin"), personaNamed(ownerName), personaNamed(memberName), personaNamed(inviteeName)]);
    const created = await mallory.api.post("/api/rooms", { data: { name: firstRoomName, description: firstDescription, visibility: "PRIVATE" } });
    expect(created.status(), await created.text()).toBe(201);
    const room = ((await created.json()) as { room: { id: string; slug: string; name: string; description: string } }).room;
    expect(room).toMatchObject({ name: firstRoomName, description: firstDescription });
    const link = await mallory.api.post(`/api/rooms/${room.id}/invitations`, { data: { expiresInHours: 1, maxUses: 10 } });
    expect(link.status()).toBe(201);
    const token = ((await link.json()) as { invitation: { url: string } }).invitation.url.split("/invite/")[1]!;
    for (const who of [admin, eve]) expect((await who.api.post("/api/invitations/accept", { data: { token } })).status()).toBe(200);
    expect((await mallory.api.patch(`/api/rooms/${room.id}/members/${admin.user.id}`, { data: { role: "ADMIN" } })).status()).toBe(200);
    await Promise.all(
      [mallory, eve].map(async (who) => expect((await who.api.post(`/api/rooms/${room.id}/messages`, { data: { body: "hello", clientId: crypto.randomUUID() } })).status()).toBe(201)),
    );

    // The room page: title, description, sidebar, composer label, presence list, author names.
    const adminView = await openWatched(browser, admin, `/rooms/${room.slug}`);
    const malloryView = await openWatched(browser, mallory, `/rooms/${room.slug}`);
    const { page } = adminView;
    await expect(page.getByTestId("presence-list")).toContainText(`${admin.user.name} (you)`);
    await expectInert(adminView, "Room · Parley");
    await expectInert(malloryView, "Room · Parley");
    await expect(page.locator("#room-title")).toHaveText(`# ${firstRoomName}`);
    await expect(page.getByText(firstDescription, { exact: true })).toBeVisible();
    await expect(page.getByTestId("sidebar-rooms")).toHaveText(`# ${firstRoomName}`);
    await expect(page.getByLabel(`Message #${firstRoomName}`, { exact: true })).toBeVisible();
    await expect(page.getByTestId("presence-list")).toContainText(ownerName);
    await expect(page.getByTestId("message").filter({ hasText: memberName })).toHaveCount(1);
    await expect(malloryView.page.getByTestId("header-user")).toHaveText(ownerName);
    await expect(malloryView.page.getByTestId("presence-list")).toContainText(`${ownerName} (you)`);

    // Renamed while the pages are open: the new name and description arrive live.
    const renamed = await mallory.api.patch(`/api/rooms/${room.id}`, { data: { name: renamedRoom, description: renamedDescription } });
    expect(renamed.status(), await renamed.text()).toBe(200);
    for (const view of [adminView, malloryView]) {
      await expect(view.page.locator("#room-title")).not.toHaveText(`# ${firstRoomName}`);
      await expectInert(view, "Room · Parley");
      await expect(view.page.locator("#room-title")).toHaveText(`# ${renamedRoom}`);
      await expect(view.page.getByText(renamedDescription, { exact: true })).toBeVisible();
      await expect(view.page.getByLabel(`Message #${renamedRoom}`, { exact: true })).toBeVisible();
    }
    await malloryView.page.context().close();

    // The members page, as an admin: member rows, invitations table, audit log.
    await page.goto(`/rooms/${room.slug}/members`);
    await expect(page.getByRole("heading", { name: "Members", level: 1 })).toBeVisible();
    await expectInert(adminView, "Members · Parley");
    await expect(page.getByRole("link", { name: `← #${renamedRoom}` })).toBeVisible();
    for (const name of [ownerName, memberName]) await expect(page.getByTestId("member-row").filter({ hasText: name })).toHaveCount(1);
    await expect(page.getByTestId("member-row").filter({ hasText: ownerName }).getByTestId("member-role")).toHaveText("owner");
    await expect(page.getByTestId("invitations-table")).toContainText(`by ${ownerName}`);
    const audit = page.getByTestId("audit-log");
    await expect(audit).toContainText(`${ownerName} changed the name from “${firstRoomName}” to “${renamedRoom}”, changed the description`);
    await expect(audit).toContainText(`${memberName} joined through an invitation`);

    // The admin's home page lists the room with its description.
    await page.goto("/");
    await expect(page.getByTestId("rooms-list")).toBeVisible();
    await expectInert(adminView, "Parley");
    await expect(page.getByTestId("rooms-list")).toContainText(`# ${renamedRoom}`);
    await expect(page.getByTestId("rooms-list")).toContainText(renamedDescription);
    await page.context().close();

    // Carol (a payload herself) opens the invitation link: room name, inviter and description.
    const carolView = await openWatched(browser, carol, `/invite/${token}`);
    const carolPage = carolView.page;
    await expect(carolPage.getByTestId("invite-title")).toBeVisible();
    await expectInert(carolView, "Invitation · Parley");
    await expect(carolPage.getByTestId("invite-title")).toHaveText(`Join #${renamedRoom}`);
    await expect(carolPage.getByText(`${ownerName} invited you to this room on Parley.`)).toBeVisible();
    await expect(carolPage.getByText(renamedDescription, { exact: true })).toBeVisible();
    await expect(carolPage.getByRole("button", { name: `Join #${renamedRoom}`, exact: true })).toBeVisible();
    await expect(carolPage.getByTestId("header-user")).toHaveText(inviteeName);

    // Invited by email while her home page is open: the invitation appears live, then on reload.
    await carolPage.goto("/");
    await expect(carolPage.getByRole("heading", { name: `Hello, ${inviteeName}`, exact: true })).toBeVisible();
    await expect(carolPage.getByTestId("invitations-live")).toHaveAttribute("data-live", "true");
    const invited = await mallory.api.post(`/api/rooms/${room.id}/invitations`, { data: { email: carol.user.email } });
    expect(invited.status(), await invited.text()).toBe(201);
    for (const load of ["live", "reload"]) {
      if (load === "reload") await carolPage.reload();
      const pending = carolPage.getByTestId("pending-invitations");
      await expect(pending, load).toBeVisible();
      await expectInert(carolView, "Parley");
      await expect(pending, load).toContainText(`${ownerName} invited you to #${renamedRoom}`);
      await expect(pending.getByText(renamedDescription, { exact: true }), load).toBeVisible();
      await expect(pending.getByRole("button", { name: `Join #${renamedRoom}`, exact: true }), load).toBeVisible();
    }
    await carolPage.context().close();

    // A direct conversation between two payloads, with a mention: its title, the sidebar, the
    // composer label, the mention highlight and the Mentions page.
    const dmResponse = await mallory.api.post("/api/conversations", { data: { userIds: [eve.user.id] } });
    expect(dmResponse.status(), await dmResponse.text()).toBe(201);
    const dm = ((await dmResponse.json()) as { conversation: { id: string; slug: string } }).conversation;
    const mention = await mallory.api.post(`/api/rooms/${dm.id}/messages`, { data: { body: `@${memberName} hi`, clientId: crypto.randomUUID(), mentions: [eve.user.id] } });
    expect(mention.status(), await mention.text()).toBe(201);
    const eveView = await openWatched(browser, eve, `/rooms/${dm.slug}`);
    await expect(eveView.page.locator("#room-title")).toHaveText(ownerName);
    await expectInert(eveView, "Room · Parley");
    await expect(eveView.page.getByTestId("sidebar-conversations")).toContainText(ownerName);
    await expect(eveView.page.getByLabel(`Message ${ownerName}`, { exact: true })).toBeVisible();
    await expect(eveView.page.getByTestId("mention")).toHaveText(`@${memberName}`);
    await eveView.page.goto("/mentions");
    await expect(eveView.page.getByTestId("mention-entry")).toContainText(ownerName);
    await expectInert(eveView, "Mentions · Parley");
    await eveView.page.context().close();
  });
});
