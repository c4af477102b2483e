import { describe, expect, it } from "vitest";
import { endpointProblem, isInternalAddress } from "@/lib/push-endpoint";
import { pushSubscriptionBodySchema } from "@/lib/schemas/push";

const strict = { allowInsecure: false };
const insecure = { allowInsecure: true };

describe("endpointProblem (which push endpoints the server will POST to)", () => {
  it.each([
    "https://fcm.googleapis.com/fcm/send/abc:def",
    "https://updates.push.services.mozilla.com/wpush/v2/gAAAA",
    "https://web.push.apple.com/QGx",
    "https://wns2-par02p.notify.windows.com/w/?token=x",
  ])("accepts the public push service %s", (endpoint) => {
    expect(endpointProblem(endpoint, strict)).toBeNull();
  });

  it.each([
    ["http://fcm.googleapis.com/fcm/send/x", /https/],
    ["ftp://push.example.com/x", /https/],
    ["not a url", /absolute URL/],
    ["https://user:pw@push.example.com/x", /credentials/],
    ["https://localhost/x", /internal/],
    ["https://api.localhost/x", /internal/],
    ["https://127.0.0.1/x", /internal/],
    ["https://10.1.2.3/x", /internal/],
    ["https://172.20.0.1/x", /internal/],
    ["https://192.168.1.1/x", /internal/],
    ["https://169.254.169.254/latest/meta-data", /internal/],
    ["https://100.64.0.1/x", /internal/],
    ["https://0.0.0.0/x", /internal/],
    ["https://[::1]/x", /internal/],
    ["https://[fd00::1]/x", /internal/],
    ["https://[fe80::1]/x", /internal/],
    ["https://[::ffff:127.0.0.1]/x", /internal/],
    ["https://metadata/computeMetadata", /internal/],
    ["https://db.internal/x", /internal/],
    ["https://printer.local/x", /internal/],
  ])("refuses %s", (endpoint, problem) => {
    expect(endpointProblem(endpoint, strict)).toMatch(problem);
  });

  it("with PUSH_ALLOW_INSECURE_ENDPOINTS (tests), accepts a local http receiver but still only http(s)", () => {
    expect(endpointProblem("http://127.0.0.1:4000/push/1", insecure)).toBeNull();
    expect(endpointProblem("https://localhost/push", insecure)).toBeNull();
    expect(endpointProblem("file:///etc/passwd", insecure)).toMatch(/http/);
  });

  it("public addresses are not internal, private and special ones are", () => {
    expect(isInternalAddress("142.250.74.110")).toBe(false);
    expect(isInternalAddress("2a00:1450:4007:80e::200a")).toBe(false);
    for (const address of ["127.0.0.53", "10.0.0.1", "::1", "fc00::5", "::ffff:10.0.0.1", "224.0.0.1", "not-an-ip"]) expect(isInternalAddress(address), address).toBe(true);
  });
});

describe("pushSubscriptionBodySchema", () => {
  const schema = pushSubscriptionBodySchema(strict);
  const p256dh = Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 7)]).toString("base64url");
  const auth = Buffer.alloc(16, 1).toString("base64url");

  it("accepts what PushSubscription.toJSON() gives", () => {
    const body = { endpoint: "https://fcm.googleapis.com/fcm/send/x", expirationTime: null, keys: { p256dh, auth } };
    expect(schema.parse(body)).toEqual(body);
  });

  it("refuses keys of the wrong size or shape, and a missing endpoint", () => {
    const endpoint = "https://fcm.googleapis.com/fcm/send/x";
    expect(schema.safeParse({ endpoint, keys: { p256dh: auth, auth } }).success).toBe(false);
    expect(schema.safeParse({ endpoint, keys: { p256dh, auth: p256dh } }).success).toBe(false);
    expect(schema.safeParse({ endpoint, keys: { p256dh: Buffer.alloc(65, 2).toString("base64url"), auth } }).success).toBe(false);
    expect(schema.safeParse({ endpoint, keys: { p256dh: "!!!", auth } }).success).toBe(false);
    expect(schema.safeParse({ keys: { p256dh, auth } }).success).toBe(false);
    expect(schema.safeParse({ endpoint: `https://push.example.com/${"x".repeat(2100)}`, keys: { p256dh, auth } }).success).toBe(false);
  });
});
