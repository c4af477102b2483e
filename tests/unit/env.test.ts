import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";

const production = {
  NODE_ENV: "production",
  DATABASE_URL: "postgresql://parley:pw@db.example.com:5432/parley",
  NEXTAUTH_SECRET: "s".repeat(32),
  PUSHER_APP_ID: "12345",
  PUSHER_KEY: "pusher-key",
  PUSHER_SECRET: "pusher-secret",
  PUSHER_CLUSTER: "eu",
  NEXTAUTH_URL: "https://chat.example.com",
};

describe("parseEnv in production", () => {
  it("accepts a complete env and fills only harmless defaults", () => {
    const env = parseEnv(production);
    expect(env).toMatchObject({ ...production, DATABASE_POOL_MAX: 10 });
    expect(env.GITHUB_ID).toBeUndefined();
  });

  it("NEXTAUTH_URL is required outside Vercel (the origin check compares with it), optional on Vercel", () => {
    const { NEXTAUTH_URL: _dropped, ...rest } = production;
    expect(() => parseEnv(rest)).toThrow("NEXTAUTH_URL is required in production outside Vercel");
    expect(parseEnv({ ...rest, VERCEL: "1" }).NEXTAUTH_URL).toBeUndefined();
  });

  it.each(["DATABASE_URL", "NEXTAUTH_SECRET", "PUSHER_APP_ID", "PUSHER_KEY", "PUSHER_SECRET"] as const)("a missing %s fails with a message naming it", (name) => {
    const { [name]: _dropped, ...rest } = production;
    expect(() => parseEnv(rest)).toThrow(new RegExp(`^Parley cannot start: invalid environment variables\\n  ${name} is required in production`));
  });

  it.each(["DATABASE_URL", "NEXTAUTH_SECRET"] as const)("an empty %s counts as missing", (name) => {
    expect(() => parseEnv({ ...production, [name]: "" })).toThrow(`${name} is required in production`);
  });

  it("never falls back to the development defaults", () => {
    let message = "";
    try {
      parseEnv({ NODE_ENV: "production" });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain("DATABASE_URL is required in production");
    expect(message).toContain("NEXTAUTH_SECRET is required in production");
  });

  it("without PUSHER_CLUSTER or PUSHER_HOST it fails naming both", () => {
    const { PUSHER_CLUSTER: _cluster, ...rest } = production;
    expect(() => parseEnv(rest)).toThrow("PUSHER_CLUSTER or PUSHER_HOST is required in production");
    expect(parseEnv({ ...rest, PUSHER_HOST: "ws.example.com", PUSHER_PORT: "443", PUSHER_USE_TLS: "true" })).toMatchObject({
      PUSHER_HOST: "ws.example.com",
      PUSHER_PORT: 443,
      PUSHER_USE_TLS: true,
    });
  });

  it("an encryption master key that is not 32 bytes of base64 fails naming it", () => {
    expect(() => parseEnv({ ...production, PUSHER_ENCRYPTION_MASTER_KEY: Buffer.alloc(16).toString("base64") })).toThrow(
      "PUSHER_ENCRYPTION_MASTER_KEY must be 32 bytes",
    );
    expect(parseEnv({ ...production, PUSHER_ENCRYPTION_MASTER_KEY: Buffer.alloc(32, 7).toString("base64") }).PUSHER_ENCRYPTION_MASTER_KEY).toBeDefined();
  });

  it("a NEXTAUTH_SECRET shorter than 32 characters fails naming it", () => {
    expect(() => parseEnv({ ...production, NEXTAUTH_SECRET: "s".repeat(31) })).toThrow("NEXTAUTH_SECRET must be at least 32 characters");
  });
});

describe("parseEnv outside production", () => {
  it.each([{}, { NODE_ENV: "development" }, { NODE_ENV: "test" }])("fills the development defaults for %o", (source) => {
    const env = parseEnv(source);
    expect(env.NODE_ENV).toBe(source.NODE_ENV ?? "development");
    expect(env.DATABASE_URL).toMatch(/^postgresql:\/\//);
    expect(env.NEXTAUTH_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(env.NEXTAUTH_URL).toBe("http://localhost:3000");
    expect(env).toMatchObject({ PUSHER_HOST: "127.0.0.1", PUSHER_PORT: 6001, PUSHER_USE_TLS: false, PUSHER_KEY: "parley-key" });
  });

  it("does not point at the built-in realtime server when a hosted cluster is named", () => {
    const env = parseEnv({ NODE_ENV: "development", PUSHER_CLUSTER: "eu" });
    expect(env.PUSHER_CLUSTER).toBe("eu");
    expect(env.PUSHER_HOST).toBeUndefined();
  });

  it("prefers the values it is given over the defaults", () => {
    const env = parseEnv({ NODE_ENV: "test", DATABASE_URL: "postgres://me@127.0.0.1:6543/mine", DATABASE_POOL_MAX: "3" });
    expect(env.DATABASE_URL).toBe("postgres://me@127.0.0.1:6543/mine");
    expect(env.DATABASE_POOL_MAX).toBe(3);
  });
});

describe("parseEnv field rules", () => {
  it.each(["postgres://u:p@host:5432/db", "postgresql://u:p@host/db?sslmode=require"])("accepts the database URL %s", (url) => {
    expect(parseEnv({ ...production, DATABASE_URL: url }).DATABASE_URL).toBe(url);
  });

  it.each(["mysql://u:p@host/db", "https://host/db", "postgresx://host/db", "not a url"])("rejects the database URL %s", (url) => {
    expect(() => parseEnv({ ...production, DATABASE_URL: url })).toThrow("DATABASE_URL must be a postgresql:// URL");
  });

  it.each(["0", "101", "2.5", "many"])("rejects DATABASE_POOL_MAX=%s", (value) => {
    expect(() => parseEnv({ ...production, DATABASE_POOL_MAX: value })).toThrow(/\n {2}DATABASE_POOL_MAX /);
  });

  it("rejects a NEXTAUTH_URL that is not absolute", () => {
    expect(() => parseEnv({ ...production, NEXTAUTH_URL: "chat.example.com" })).toThrow("NEXTAUTH_URL must be the site's absolute URL");
  });

  it("rejects an unknown NODE_ENV", () => {
    expect(() => parseEnv({ ...production, NODE_ENV: "staging" })).toThrow(/\n {2}NODE_ENV /);
  });
});

describe("parseEnv OAuth credentials", () => {
  it.each([
    [{ GITHUB_ID: "gh-id" }, "GITHUB_SECRET must be set together with GITHUB_ID"],
    [{ GITHUB_SECRET: "gh-secret" }, "GITHUB_ID must be set together with GITHUB_SECRET"],
    [{ GITHUB_ID: "gh-id", GITHUB_SECRET: "   " }, "GITHUB_SECRET must be set together with GITHUB_ID"],
    [{ GOOGLE_CLIENT_ID: "g-id" }, "GOOGLE_CLIENT_SECRET must be set together with GOOGLE_CLIENT_ID"],
    [{ GOOGLE_CLIENT_SECRET: "g-secret" }, "GOOGLE_CLIENT_ID must be set together with GOOGLE_CLIENT_SECRET"],
  ])("half a pair %o fails naming the missing half", (oauth, message) => {
    expect(() => parseEnv({ ...production, ...oauth })).toThrow(message);
    expect(() => parseEnv({ NODE_ENV: "development", ...oauth })).toThrow(message);
  });

  it("accepts complete pairs, trimmed", () => {
    const env = parseEnv({
      ...production,
      GITHUB_ID: " gh-id ",
      GITHUB_SECRET: "gh-secret",
      GOOGLE_CLIENT_ID: "g-id",
      GOOGLE_CLIENT_SECRET: "g-secret",
    });
    expect(env).toMatchObject({ GITHUB_ID: "gh-id", GITHUB_SECRET: "gh-secret", GOOGLE_CLIENT_ID: "g-id", GOOGLE_CLIENT_SECRET: "g-secret" });
  });

  it("treats blank pairs as not configured", () => {
    const env = parseEnv({ ...production, GITHUB_ID: " ", GITHUB_SECRET: "" });
    expect(env.GITHUB_ID).toBeUndefined();
    expect(env.GITHUB_SECRET).toBeUndefined();
  });
});

describe("parseEnv Web Push (VAPID)", () => {
  // A real pair, as `npx web-push generate-vapid-keys` prints it.
  const vapid = {
    VAPID_PUBLIC_KEY: "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM",
    VAPID_PRIVATE_KEY: "T-lPQ5uOlAbrgwBOUnLWPFQ2Ydl9JKYEJ0tTfYDDRjY",
    VAPID_SUBJECT: "mailto:admin@chat.example.com",
  };

  it("accepts all three, and none (push then off in production)", () => {
    expect(parseEnv({ ...production, ...vapid })).toMatchObject(vapid);
    expect(parseEnv(production).VAPID_PUBLIC_KEY).toBeUndefined();
  });

  it.each(Object.keys(vapid) as (keyof typeof vapid)[])("with %s missing, it fails naming it: all three or none", (name) => {
    const { [name]: _dropped, ...rest } = vapid;
    expect(() => parseEnv({ ...production, ...rest })).toThrow(`${name} must be set together with the other VAPID_* variables`);
  });

  it("rejects keys of the wrong size and a subject that is neither mailto: nor https:", () => {
    expect(() => parseEnv({ ...production, ...vapid, VAPID_PUBLIC_KEY: "abc" })).toThrow("VAPID_PUBLIC_KEY must be the base64url P-256 public key");
    expect(() => parseEnv({ ...production, ...vapid, VAPID_PRIVATE_KEY: vapid.VAPID_PUBLIC_KEY })).toThrow("VAPID_PRIVATE_KEY must be the base64url private key");
    expect(() => parseEnv({ ...production, ...vapid, VAPID_SUBJECT: "http://chat.example.com" })).toThrow("VAPID_SUBJECT must be a mailto: address or an https: URL");
  });

  it("PUSH_ALLOW_INSECURE_ENDPOINTS is off unless exactly true", () => {
    expect(parseEnv(production).PUSH_ALLOW_INSECURE_ENDPOINTS).toBe(false);
    expect(parseEnv({ ...production, PUSH_ALLOW_INSECURE_ENDPOINTS: "true" }).PUSH_ALLOW_INSECURE_ENDPOINTS).toBe(true);
    expect(() => parseEnv({ ...production, PUSH_ALLOW_INSECURE_ENDPOINTS: "yes" })).toThrow("PUSH_ALLOW_INSECURE_ENDPOINTS must be true or false");
  });
});
