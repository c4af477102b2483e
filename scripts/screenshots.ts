// npm run screenshots — the README's screenshots, remade from a real stack: a production build
// (`SKIP_BUILD=1` reuses the last one), PostgreSQL, the realtime server, three people in a room
// with formatted messages, reactions, a thread, an image and a file, and a search. Writes
// docs/screenshots/*.png in light and dark, desktop (1440x900) and phone (390x844).
import path from "node:path";
import { chromium, type Browser } from "@playwright/test";
import sharp from "sharp";
import { seedRoom, seedUsers, withDb, type BenchUser } from "../bench/lib/fixtures";
import { projectRoot } from "./lib/schema-engine";
import { hasBuild, startStack, type Stack } from "./lib/stack";

const out = path.join(projectRoot, "docs/screenshots");

async function call(stack: Stack, who: BenchUser, route: string, init: { method?: string; body?: unknown; raw?: Buffer } = {}) {
  const response = await fetch(`${stack.baseUrl}${route}`, {
    method: init.method ?? (init.body || init.raw ? "POST" : "GET"),
    headers: { cookie: who.cookie, origin: stack.baseUrl, ...(init.body !== undefined && { "content-type": "application/json" }) },
    body: init.raw ? new Uint8Array(init.raw) : init.body !== undefined ? JSON.stringify(init.body) : undefined,
  });
  if (!response.ok) throw new Error(`${route}: ${response.status} ${await response.text()}`);
  return response.status === 204 ? null : ((await response.json()) as Record<string, unknown>);
}

/** Uploads `data` as the composer does (start, PUT, complete); returns the attachment's id. */
async function upload(stack: Stack, who: BenchUser, roomId: string, name: string, data: Buffer): Promise<string> {
  const started = (await call(stack, who, `/api/rooms/${roomId}/attachments`, { body: { name, size: data.length } })) as { attachment: { id: string }; upload: { url: string } };
  await call(stack, who, started.upload.url, { method: "PUT", raw: data });
  await call(stack, who, `/api/rooms/${roomId}/attachments/${started.attachment.id}/complete`, { method: "POST" });
  return started.attachment.id;
}

let clientCount = 0;
const say = async (stack: Stack, who: BenchUser, roomId: string, body: string, extra: Record<string, unknown> = {}) =>
  ((await call(stack, who, `/api/rooms/${roomId}/messages`, { body: { body, clientId: `screens${++clientCount}xx`, ...extra } })) as { message: { id: string } }).message.id;

async function shoot(browser: Browser, stack: Stack, who: BenchUser, route: string, file: string, options: { dark: boolean; phone: boolean }) {
  const context = await browser.newContext({
    viewport: options.phone ? { width: 390, height: 844 } : { width: 1440, height: 900 },
    deviceScaleFactor: options.phone ? 2 : 1,
    colorScheme: options.dark ? "dark" : "light",
  });
  const url = new URL(stack.baseUrl);
  await context.addCookies([{ name: "next-auth.session-token", value: who.cookie.split("=").slice(1).join("="), domain: url.hostname, path: "/" }]);
  const page = await context.newPage();
  await page.goto(`${stack.baseUrl}${route}`);
  // Every image loaded and the page live (its presence list filled), so nothing is mid-paint.
  await page.waitForFunction(() => [...document.images].every((img) => img.complete));
  // (On a phone the presence list is in the DOM but folded away.)
  if (route.startsWith("/rooms/")) await page.waitForFunction(() => document.querySelector('[data-testid="presence-list"]')?.textContent?.includes("Grace Hopper"));
  await page.screenshot({ path: path.join(out, file) });
  await context.close();
}

async function main() {
  const build = process.env.SKIP_BUILD !== "1" || !hasBuild();
  console.log(`▸ starting the stack${build ? " (after next build)" : ""}…`);
  const stack = await startStack({ build });
  try {
    const [ada, grace, linus] = (await seedUsers(stack.databaseUrl, stack.secret, 3, "screens")) as [BenchUser, BenchUser, BenchUser];
    await withDb(stack.databaseUrl, (db) =>
      db.query(`UPDATE "User" SET name = n FROM unnest($1::text[], $2::text[]) AS t(i, n) WHERE id = i`, [[ada.id, grace.id, linus.id], ["Ada Lovelace", "Grace Hopper", "Linus"]]),
    );
    const room = await seedRoom(stack.databaseUrl, [ada, grace, linus], "release-planning");
    await say(stack, grace, room.id, "Morning! The **12.4 release** is cut. Notes: https://example.com/releases/12.4");
    const question = await say(stack, linus, room.id, "Did the `retry` change make it in?\n\n```ts\nexport const retry = { attempts: 3, backoffMs: 250 };\n```");
    await call(stack, ada, `/api/rooms/${room.id}/messages/${question}/reactions`, { method: "PUT", body: { emoji: "👍", reacted: true } });
    await call(stack, grace, `/api/rooms/${room.id}/messages/${question}/reactions`, { method: "PUT", body: { emoji: "👍", reacted: true } });
    await say(stack, ada, room.id, "It did, and the rollout dashboard is green.", { parentId: question });
    await say(stack, grace, room.id, "Great, shipping at noon.", { parentId: question });
    // A picture: a gradient with the release number, made here so the repository holds no binary input.
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="960" height="540"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#4f46e5"/><stop offset="1" stop-color="#06b6d4"/></linearGradient></defs><rect width="960" height="540" fill="url(#g)"/><text x="480" y="300" font-family="sans-serif" font-size="96" fill="white" text-anchor="middle">Parley 12.4</text></svg>`;
    const image = await upload(stack, ada, room.id, "release-banner.png", await sharp(Buffer.from(svg)).png().toBuffer());
    const notes = await upload(stack, ada, room.id, "release-notes.txt", Buffer.from("Parley 12.4\n- threads\n- files\n- search\n".repeat(40)));
    await say(stack, ada, room.id, "Banner and notes for the announcement @Grace Hopper", { attachmentIds: [image, notes], mentions: [grace.id] });

    const browser = await chromium.launch({ executablePath: process.env.PLAYWRIGHT_CHROMIUM_PATH ?? "/usr/bin/chromium" });
    try {
      for (const dark of [false, true]) {
        for (const phone of [false, true]) {
          const name = `${dark ? "dark" : "light"}-${phone ? "mobile" : "desktop"}`;
          await shoot(browser, stack, grace, `/rooms/${room.slug}`, `room-${name}.png`, { dark, phone });
          console.log(`▸ docs/screenshots/room-${name}.png`);
        }
      }
      await shoot(browser, stack, grace, `/search?q=${encodeURIComponent("release")}`, "search-light-desktop.png", { dark: false, phone: false });
      console.log("▸ docs/screenshots/search-light-desktop.png");
    } finally {
      await browser.close();
    }
  } finally {
    await stack.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
