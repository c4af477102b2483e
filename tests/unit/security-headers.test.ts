import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, realtimeOrigins, staticSecurityHeaders, storageOrigins } from "@/lib/security-headers";

const base = { NODE_ENV: "production" as const, NEXTAUTH_URL: "https://chat.example.com", PUSHER_CLUSTER: "eu" };
const directive = (policy: string, name: string) => policy.split("; ").find((d) => d.startsWith(`${name} `));

describe("realtimeOrigins", () => {
  it.each([
    [{ PUSHER_CLUSTER: "eu" }, "wss://ws-eu.pusher.com"],
    [{}, "wss://ws-mt1.pusher.com"],
    [{ PUSHER_HOST: "soketi.example.com" }, "wss://soketi.example.com"],
    [{ PUSHER_HOST: "soketi.example.com", PUSHER_PORT: 443, PUSHER_USE_TLS: true }, "wss://soketi.example.com"],
    [{ PUSHER_HOST: "soketi.example.com", PUSHER_PORT: 6001, PUSHER_USE_TLS: true }, "wss://soketi.example.com:6001"],
    [{ PUSHER_HOST: "127.0.0.1", PUSHER_PORT: 6001, PUSHER_USE_TLS: false }, "ws://127.0.0.1:6001"],
    [{ PUSHER_HOST: "127.0.0.1", PUSHER_PORT: 80, PUSHER_USE_TLS: false }, "ws://127.0.0.1"],
  ])("%o → %s", (env, origin) => {
    expect(realtimeOrigins(env)).toEqual([origin]);
  });
});

describe("contentSecurityPolicy", () => {
  it("allows scripts only with the nonce, connections only to this site and the realtime service, and no framing", () => {
    const policy = contentSecurityPolicy(base, "abc123==");
    expect(directive(policy, "script-src")).toBe("script-src 'self' 'nonce-abc123==' 'strict-dynamic'");
    expect(directive(policy, "connect-src")).toBe("connect-src 'self' wss://ws-eu.pusher.com");
    expect(directive(policy, "frame-ancestors")).toBe("frame-ancestors 'none'");
    expect(directive(policy, "object-src")).toBe("object-src 'none'");
    // The service worker: 'strict-dynamic' would otherwise refuse it (a worker carries no nonce).
    expect(directive(policy, "worker-src")).toBe("worker-src 'self'");
    expect(directive(policy, "form-action")).toBe("form-action 'self'");
    expect(policy).toContain("upgrade-insecure-requests");
    expect(policy).not.toContain("unsafe-eval");
  });

  it("a new nonce each time gives a new policy", () => {
    expect(contentSecurityPolicy(base, "one")).not.toBe(contentSecurityPolicy(base, "two"));
  });

  it("lets OAuth sign-in forms redirect to the configured providers only", () => {
    expect(directive(contentSecurityPolicy({ ...base, GITHUB_ID: "id" }, "n"), "form-action")).toBe("form-action 'self' https://github.com");
    expect(directive(contentSecurityPolicy({ ...base, GOOGLE_CLIENT_ID: "id" }, "n"), "form-action")).toBe("form-action 'self' https://accounts.google.com");
  });

  it("in development allows eval (React's dev build) and any WebSocket (hot reload)", () => {
    const policy = contentSecurityPolicy({ ...base, NODE_ENV: "development", NEXTAUTH_URL: "http://localhost:3000" }, "n");
    expect(directive(policy, "script-src")).toContain("'unsafe-eval'");
    expect(directive(policy, "connect-src")).toContain("ws:");
    expect(policy).not.toContain("upgrade-insecure-requests");
  });

  it("does not upgrade requests on a plain-http site (it would turn ws:// into wss://)", () => {
    expect(contentSecurityPolicy({ ...base, NEXTAUTH_URL: "http://127.0.0.1:3000" }, "n")).not.toContain("upgrade-insecure-requests");
  });
});

describe("storageOrigins", () => {
  it("admits the S3 bucket's origins for the browser's uploads and the redirected downloads, and nothing without a bucket", () => {
    expect(storageOrigins({})).toEqual([]);
    expect(storageOrigins({ S3_BUCKET: "files", S3_REGION: "eu-west-1" })).toEqual(["https://files.s3.eu-west-1.amazonaws.com", "https://s3.eu-west-1.amazonaws.com"]);
    expect(storageOrigins({ S3_BUCKET: "files", S3_ENDPOINT: "http://127.0.0.1:9000", S3_FORCE_PATH_STYLE: true })).toEqual(["http://127.0.0.1:9000"]);
    expect(storageOrigins({ S3_BUCKET: "files", S3_ENDPOINT: "https://acct.r2.cloudflarestorage.com" })).toEqual(["https://acct.r2.cloudflarestorage.com", "https://files.acct.r2.cloudflarestorage.com"]);
    const policy = contentSecurityPolicy({ ...base, S3_BUCKET: "files", S3_REGION: "eu-west-1" }, "n");
    expect(policy).toContain("img-src 'self' data: blob: https://files.s3.eu-west-1.amazonaws.com https://s3.eu-west-1.amazonaws.com;");
    expect(policy).toMatch(/connect-src 'self' wss:\/\/ws-eu\.pusher\.com https:\/\/files\.s3/);
    expect(contentSecurityPolicy(base, "n")).toContain("img-src 'self' data: blob:;");
  });
});

describe("staticSecurityHeaders", () => {
  it("sets nosniff, a referrer policy, no framing, and HSTS only on https", () => {
    const https = Object.fromEntries(staticSecurityHeaders({ NEXTAUTH_URL: "https://chat.example.com" }).map((h) => [h.key, h.value]));
    expect(https).toMatchObject({
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "strict-origin-when-cross-origin",
      "X-Frame-Options": "DENY",
      "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
    });
    const http = staticSecurityHeaders({ NEXTAUTH_URL: "http://127.0.0.1:3000" }).map((h) => h.key);
    expect(http).not.toContain("Strict-Transport-Security");
  });
});
