import { expect, test } from "@playwright/test";
import { createRoom, disposePersonas, persona } from "./support";

// The headers a browser enforces, checked on the production build.

test.afterAll(disposePersonas);

const policyOf = (header: string | undefined) => Object.fromEntries((header ?? "").split("; ").map((d) => [d.split(" ")[0]!, d]));

test.describe("security headers", () => {
  test("pages carry a strict CSP with a fresh nonce on every response, and Next's scripts carry that nonce", async ({ request }) => {
    const first = await request.get("/login");
    const second = await request.get("/login");
    const policy = policyOf(first.headers()["content-security-policy"]);
    const nonce = /'nonce-([^']+)'/.exec(policy["script-src"] ?? "")?.[1];
    expect(nonce).toBeTruthy();
    expect(policy["script-src"]).toBe(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`);
    expect(policy["connect-src"]).toBe(`connect-src 'self' ws://${process.env.E2E_PUSHER_HOST}:${process.env.E2E_PUSHER_PORT}`);
    expect(policy["frame-ancestors"]).toBe("frame-ancestors 'none'");
    expect(policy["object-src"]).toBe("object-src 'none'");
    expect(second.headers()["content-security-policy"]).not.toBe(first.headers()["content-security-policy"]);

    const html = await first.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);

    expect(first.headers()).toMatchObject({
      "x-content-type-options": "nosniff",
      "referrer-policy": "strict-origin-when-cross-origin",
      "x-frame-options": "DENY",
    });
    expect(first.headers()["x-powered-by"]).toBeUndefined();
  });

  test("API responses get the static headers too", async ({ request }) => {
    const response = await request.get("/api/rooms");
    expect(response.status()).toBe(401);
    expect(response.headers()).toMatchObject({ "x-content-type-options": "nosniff", "x-frame-options": "DENY" });
  });

  test("the browser runs no injected script, and a live room works under the policy with no violations", async ({ browser }) => {
    const owner = await persona("owner");
    const room = await createRoom(owner, "PRIVATE");
    const context = await browser.newContext({ storageState: await owner.api.storageState() });
    const page = await context.newPage();
    const violations: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await page.goto(`/rooms/${room.slug}`);
    await expect(page.getByTestId("presence-list")).toContainText(owner.user.name);
    const composer = page.getByLabel(/^Message #/);
    await composer.fill("under CSP");
    await composer.press("Enter");
    await expect(page.getByTestId("message").filter({ hasText: "under CSP" })).toBeVisible();
    expect(violations).toEqual([]);

    // Markup that slips past React (say, through a future bug) cannot run script: the inline
    // handler is refused, and the refusal is reported.
    const outcome = await page.evaluate(
      () =>
        new Promise<{ ran: boolean; blocked: string }>((resolve) => {
          document.addEventListener("securitypolicyviolation", (event) => resolve({ ran: "injected" in window, blocked: event.violatedDirective }), { once: true });
          const holder = document.createElement("div");
          holder.innerHTML = '<img src="/no-such-image.png" onerror="window.injected = true">';
          document.body.append(holder);
        }),
    );
    expect(outcome).toEqual({ ran: false, blocked: "script-src-attr" });
    await context.close();
  });
});

test.describe("redirects and requests from elsewhere", () => {
  for (const path of ["/login", "/register"]) {
    test(`a signed-in visit to ${path} never redirects off the site, whatever callbackUrl says`, async () => {
      const me = await persona("redirected");
      for (const callbackUrl of ["/.//evil.example", "/x/..//evil.example", "/%2e//evil.example", "/./\\evil.example", "//evil.example", "https://evil.example/", "/\\evil.example"]) {
        const response = await me.api.get(`${path}?callbackUrl=${encodeURIComponent(callbackUrl)}`, { maxRedirects: 0 });
        expect(response.status(), callbackUrl).toBe(307);
        const location = response.headers().location ?? "";
        expect(new URL(location, "http://parley.invalid").host, `${callbackUrl} → ${location}`).toBe("parley.invalid");
        expect(location, callbackUrl).toBe("/");
      }
      // A same-site path still works.
      expect((await me.api.get(`${path}?callbackUrl=${encodeURIComponent("/rooms")}`, { maxRedirects: 0 })).headers().location).toBe("/rooms");
    });
  }

  test("a write from another origin is refused even when its host matches or it claims a forwarded host", async () => {
    const me = await persona("origin");
    const site = new URL(process.env.E2E_BASE_URL!);
    const create = (headers: Record<string, string>) => me.api.post("/api/rooms", { data: { name: "Origin check" }, headers });
    expect((await create({ origin: site.origin })).status()).toBe(201);
    for (const headers of [
      { origin: `https://${site.host}` } as Record<string, string>,
      { origin: "https://evil.example", "x-forwarded-host": "evil.example" },
      { origin: `http://${site.hostname}:1` },
      { origin: "null" },
    ]) {
      const response = await create(headers);
      expect(response.status(), JSON.stringify(headers)).toBe(403);
      expect((await response.json()).error.message).toBe("Cross-site requests are not allowed.");
    }
  });

  test("a JSON route answers 415 to a body that is not declared JSON", async () => {
    const me = await persona("media");
    for (const contentType of ["text/plain", "application/x-www-form-urlencoded"]) {
      const response = await me.api.post("/api/rooms", { headers: { "content-type": contentType }, data: JSON.stringify({ name: "Sneaky" }) });
      expect(response.status(), contentType).toBe(415);
      expect((await response.json()).error).toEqual({ code: "unsupported_media_type", message: "Send the body as JSON (Content-Type: application/json)." });
    }
    const rooms = (await (await me.api.get("/api/rooms")).json()) as { rooms: { name: string }[] };
    expect(rooms.rooms.map((r) => r.name)).not.toContain("Sneaky");
  });

  test("a room's address says nothing about other rooms, private ones included", async () => {
    const [secretKeeper, creator] = await Promise.all([persona("keeper"), persona("creator")]);
    const taken = await secretKeeper.api.post("/api/rooms", { data: { name: "Merger talks", visibility: "PRIVATE" } });
    expect(taken.status()).toBe(201);
    const slugOf = async (name: string) => ((await (await creator.api.post("/api/rooms", { data: { name, visibility: "PUBLIC" } })).json()) as { room: { slug: string } }).room.slug;
    const same = await slugOf("Merger talks");
    const fresh = await slugOf(`Nobody has this name ${Date.now()}`);
    // Both look alike: a name taken by a private room and a name nobody used get the same shape of address.
    expect(same).toMatch(/^merger-talks-[0-9a-f]{8}$/);
    expect(fresh).toMatch(/^nobody-has-this-name-\d+-[0-9a-f]{8}$/);
  });
});
