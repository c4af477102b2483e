import { expect, test } from "@playwright/test";
import { startPushReceiver, type PushReceiver } from "../tests/support/push-receiver";
import { disposePersonas, persona } from "./support";

const receivers: PushReceiver[] = [];
test.afterAll(async () => {
  await disposePersonas();
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

async function receiver(): Promise<PushReceiver> {
  const r = await startPushReceiver();
  receivers.push(r);
  return r;
}

test.describe("push subscriptions API", () => {
  test("GET /api/push/config gives the VAPID public key to a signed-in user; signed out gets 401", async ({ request }) => {
    const ada = await persona("ada");
    const response = await ada.api.get("/api/push/config");
    expect(response.status()).toBe(200);
    expect(await response.json()).toEqual({ publicKey: expect.stringMatching(/^[A-Za-z0-9_-]{87}$/) });
    expect((await request.get("/api/push/config")).status()).toBe(401);
  });

  test("POST /api/push/subscriptions stores this browser's subscription (201); registering again is fine; DELETE is 204, twice", async () => {
    const ada = await persona("ada");
    const r = await receiver();
    const body = { endpoint: r.endpoint, keys: r.keys, expirationTime: null };
    const first = await ada.api.post("/api/push/subscriptions", { data: body });
    expect(first.status(), await first.text()).toBe(201);
    expect(await first.json()).toEqual({ subscription: { id: expect.any(String), endpoint: r.endpoint } });
    expect((await ada.api.post("/api/push/subscriptions", { data: body })).status()).toBe(201);
    for (let i = 0; i < 2; i++) expect((await ada.api.delete("/api/push/subscriptions", { data: { endpoint: r.endpoint } })).status()).toBe(204);
  });

  test("a bad endpoint or bad keys get 422 naming the field; signed out gets 401; a cross-site request gets 403", async ({ request }) => {
    const ada = await persona("ada");
    const r = await receiver();
    for (const [data, field] of [
      [{ endpoint: "file:///etc/passwd", keys: r.keys }, "endpoint"],
      [{ endpoint: "not a url", keys: r.keys }, "endpoint"],
      [{ endpoint: r.endpoint, keys: { ...r.keys, p256dh: "short" } }, "keys.p256dh"],
      [{ endpoint: r.endpoint, keys: { p256dh: r.keys.p256dh } }, "keys.auth"],
    ] as const) {
      const response = await ada.api.post("/api/push/subscriptions", { data });
      expect(response.status(), JSON.stringify(data)).toBe(422);
      expect(Object.keys((await response.json()).error.fields)).toContain(field);
    }
    expect((await request.post("/api/push/subscriptions", { data: { endpoint: r.endpoint, keys: r.keys } })).status()).toBe(401);
    expect((await request.delete("/api/push/subscriptions", { data: { endpoint: r.endpoint } })).status()).toBe(401);
    const crossSite = await ada.api.post("/api/push/subscriptions", { data: { endpoint: r.endpoint, keys: r.keys }, headers: { origin: "https://evil.example" } });
    expect(crossSite.status()).toBe(403);
    expect((await ada.api.delete("/api/push/subscriptions", { data: { endpoint: r.endpoint }, headers: { origin: "https://evil.example" } })).status()).toBe(403);
  });

  test("POST /api/pusher/webhooks without a valid signature gets 401", async ({ request }) => {
    const body = JSON.stringify({ time_ms: Date.now(), events: [{ name: "member_added", channel: "presence-room-x-0123456789abcdef0123456789abcdef", user_id: "x" }] });
    expect((await request.post("/api/pusher/webhooks", { data: body, headers: { "content-type": "application/json" } })).status()).toBe(401);
    const forged = await request.post("/api/pusher/webhooks", { data: body, headers: { "content-type": "application/json", "x-pusher-key": process.env.E2E_PUSHER_KEY!, "x-pusher-signature": "0".repeat(64) } });
    expect(forged.status()).toBe(401);
  });

  test("/sw.js is served to anyone (never redirected to sign-in), revalidated every time, as JavaScript", async ({ request }) => {
    const response = await request.get("/sw.js", { maxRedirects: 0 });
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toMatch(/javascript/);
    expect(response.headers()["cache-control"]).toBe("no-cache");
    expect(await response.text()).toContain('addEventListener("push"');
  });

  test("a signed-in page's policy allows the service worker, and it registers", async ({ page }) => {
    const ada = await persona("ada");
    await page.context().addCookies((await ada.api.storageState()).cookies);
    const response = await page.goto("/account");
    expect(response?.headers()["content-security-policy"]).toContain("worker-src 'self'");
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.register("/sw.js", { scope: "/" })).scope);
    expect(scope).toMatch(/\/$/);
  });
});
