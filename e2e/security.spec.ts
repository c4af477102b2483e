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
