import { randomInt, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { ErrorBody } from "@/lib/errors";
import { signInWithCredentials } from "@/lib/login";

const correctPassword = "correct horse battery";
const uniqueEmail = (tag: string) => `${tag}-${randomUUID()}@example.com`;
const uniqueIp = () => `172.${randomInt(16, 32)}.${randomInt(256)}.${randomInt(256)}`;

/**
 * Stands in for next-auth's credentials callback with `json: "true"`, answering as next-auth 4 does:
 * 200 {url} on success, 401 {url: .../error?error=CredentialsSignin} on failure. It reads the
 * request body, as next-auth does, so the wrapper must leave it readable.
 */
function fakeNextAuth() {
  const seen: string[] = [];
  const handler = async (request: Request) => {
    const form = new URLSearchParams(await request.text());
    seen.push(form.get("email") ?? "");
    if (form.get("password") === correctPassword) return Response.json({ url: "http://localhost:3000/rooms" });
    return Response.json({ url: "http://localhost:3000/api/auth/error?error=CredentialsSignin&provider=credentials" }, { status: 401 });
  };
  return { handler, seen };
}

async function signIn({
  email,
  password,
  ip,
  nextAuth = fakeNextAuth().handler,
}: {
  email?: string;
  password?: string;
  ip: string;
  nextAuth?: (request: Request) => Promise<Response>;
}) {
  const form = new URLSearchParams({ csrfToken: "token", json: "true" });
  if (email !== undefined) form.set("email", email);
  if (password !== undefined) form.set("password", password);
  const request = new Request("http://localhost:3000/api/auth/callback/credentials", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": ip },
    body: form,
  });
  const response = await signInWithCredentials(request, nextAuth);
  return { response, body: (await response.json()) as ErrorBody & { url?: string } };
}

describe("signInWithCredentials", () => {
  it("a correct password returns next-auth's own response", async () => {
    const { response, body } = await signIn({ email: uniqueEmail("ok"), password: correctPassword, ip: uniqueIp() });
    expect(response.status).toBe(200);
    expect(body).toEqual({ url: "http://localhost:3000/rooms" });
  });

  it("a wrong password gets 401 'Email or password is wrong.'", async () => {
    const { response, body } = await signIn({ email: uniqueEmail("wrong"), password: "guess", ip: uniqueIp() });
    expect(response.status).toBe(401);
    expect(body.error).toEqual({ code: "invalid_credentials", message: "Email or password is wrong." });
  });

  it("a redirect-style answer (no json flag) is read from Location: success passes through, an error gets 401", async () => {
    const redirectTo = (location: string) => async () => new Response(null, { status: 302, headers: { location } });

    const ok = await signInWithCredentials(
      new Request("http://localhost:3000/api/auth/callback/credentials", {
        method: "POST",
        headers: { "x-forwarded-for": uniqueIp() },
        body: new URLSearchParams({ email: uniqueEmail("redirect"), password: "p" }),
      }),
      redirectTo("http://localhost:3000/rooms"),
    );
    expect(ok.status).toBe(302);
    expect(ok.headers.get("location")).toBe("http://localhost:3000/rooms");

    const failed = await signIn({
      email: uniqueEmail("redirect"),
      password: "p",
      ip: uniqueIp(),
      nextAuth: redirectTo("http://localhost:3000/login?error=CredentialsSignin"),
    });
    expect(failed.response.status).toBe(401);
  });

  it("a sign-in that fails inside the server (authorize threw) gets 503, not 'wrong password'", async () => {
    const email = uniqueEmail("db-down");
    const ip = uniqueIp();
    const broken = async () =>
      Response.json({ url: `http://localhost:3000/api/auth/error?error=${encodeURIComponent("Can't reach database server at db:5432")}` }, { status: 401 });
    for (let attempt = 0; attempt < 12; attempt++) {
      const { response, body } = await signIn({ email, password: correctPassword, ip, nextAuth: broken });
      expect(response.status).toBe(503);
      expect(body.error.message).toBe("Sign-in is unavailable right now. Please try again in a moment.");
    }
    // Those failures were not counted: the account is not locked out once the server recovers.
    const { response } = await signIn({ email, password: correctPassword, ip });
    expect(response.status).toBe(200);
  });

  it("an answer without any URL counts as a failure", async () => {
    const { response } = await signIn({ email: uniqueEmail("empty"), password: "p", ip: uniqueIp(), nextAuth: async () => new Response("ok") });
    expect(response.status).toBe(401);
  });

  it("an expired CSRF token gets 403", async () => {
    const { response, body } = await signIn({
      email: uniqueEmail("csrf"),
      password: correctPassword,
      ip: uniqueIp(),
      nextAuth: async () => Response.json({ url: "http://localhost:3000/api/auth/signin?csrf=true" }),
    });
    expect(response.status).toBe(403);
    expect(body.error).toEqual({ code: "forbidden", message: "This sign-in form has expired. Reload the page and try again." });
  });

  it.each([
    [{ password: "p" }, "email", "Enter your email address."],
    [{ email: "  ", password: "p" }, "email", "Enter your email address."],
    [{ email: "someone@example.com" }, "password", "Enter your password."],
  ])("an incomplete form %o gets 422 on %s and never reaches next-auth", async (fields, field, message) => {
    const nextAuth = fakeNextAuth();
    const { response, body } = await signIn({ ...fields, ip: uniqueIp(), nextAuth: nextAuth.handler });
    expect(response.status).toBe(422);
    expect(body.error.fields?.[field]).toBe(message);
    expect(nextAuth.seen).toEqual([]);
  });
});

describe("signInWithCredentials: protection against guessing (rate-limiter-flexible's login recipe)", () => {
  const wrongTimes = async (times: number, who: { email: string; ip: string }) => {
    for (let i = 0; i < times; i++) expect((await signIn({ ...who, password: `guess ${i}` })).response.status).toBe(401);
  };

  it("wrong passwords for an email from elsewhere never lock its owner out", async () => {
    const email = uniqueEmail("owner");
    // An attacker tries from one address until blocked, and from five more.
    for (let i = 0; i < 6; i++) {
      const ip = uniqueIp();
      await wrongTimes(10, { email, ip });
      expect((await signIn({ email, password: "guess", ip })).response.status).toBe(429);
    }
    const { response, body } = await signIn({ email, password: correctPassword, ip: uniqueIp() });
    expect(response.status).toBe(200);
    expect(body).toEqual({ url: "http://localhost:3000/rooms" });
  });

  it("10 consecutive failures for one email from one IP block that pair for an hour, even with the right password, in any case of the email", async () => {
    const email = uniqueEmail("target");
    const ip = uniqueIp();
    await wrongTimes(10, { email, ip });
    const nextAuth = fakeNextAuth();
    const { response, body } = await signIn({ email: `  ${email.toUpperCase()}`, password: correctPassword, ip, nextAuth: nextAuth.handler });
    expect(response.status).toBe(429);
    const retryAfter = Number(response.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(59 * 60);
    expect(retryAfter).toBeLessThanOrEqual(60 * 60);
    expect(body.error).toEqual({ code: "rate_limited", message: "Too many failed sign-ins. Try again in 60 minutes." });
    expect(nextAuth.seen).toEqual([]);
    // The same IP may still sign in to another account.
    expect((await signIn({ email: uniqueEmail("colleague"), password: correctPassword, ip })).response.status).toBe(200);
  });

  it("a successful sign-in starts the consecutive count over", async () => {
    const email = uniqueEmail("typist");
    const ip = uniqueIp();
    await wrongTimes(9, { email, ip });
    expect((await signIn({ email, password: correctPassword, ip })).response.status).toBe(200);
    await wrongTimes(9, { email, ip });
    expect((await signIn({ email, password: correctPassword, ip })).response.status).toBe(200);
  });

  it("100 failures from one IP in a day block that IP for a day, for every email", async () => {
    const ip = uniqueIp();
    for (let i = 0; i < 100; i++) expect((await signIn({ email: uniqueEmail(`spray${i}`), password: "guess", ip })).response.status).toBe(401);
    const { response, body } = await signIn({ email: uniqueEmail("spray-last"), password: correctPassword, ip });
    expect(response.status).toBe(429);
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(23 * 3600);
    expect(body.error.message).toBe("Too many failed sign-ins. Try again in 24 hours.");
    // Another address is not affected.
    expect((await signIn({ email: uniqueEmail("elsewhere"), password: correctPassword, ip: uniqueIp() })).response.status).toBe(200);
  });

  it("successful sign-ins are never counted", async () => {
    const email = uniqueEmail("regular");
    const ip = uniqueIp();
    for (let i = 0; i < 30; i++) expect((await signIn({ email, password: correctPassword, ip })).response.status).toBe(200);
  });
});
