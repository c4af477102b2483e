import { randomInt, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { POST } from "@/app/api/register/route";
import { prisma } from "@/lib/db";
import type { ErrorBody } from "@/lib/errors";
import { verifyCredentials } from "@/lib/users";

const uniqueEmail = (tag: string) => `${tag}-${randomUUID()}@example.com`;
// Each test registers from its own address so the per-IP limit of one test never reaches another.
const uniqueIp = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(256)}`;

interface Sent {
  body: unknown;
  ip?: string;
  headers?: Record<string, string>;
}

async function register({ body, ip = uniqueIp(), headers = {} }: Sent) {
  const request = new Request("http://localhost/api/register", {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": ip, ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const response = await POST(request, { params: Promise.resolve({}) });
  return { response, body: (await response.json()) as ErrorBody & { user?: Record<string, unknown> } };
}

const countUsers = (email: string) => prisma.user.count({ where: { email } });

describe("POST /api/register", () => {
  it("valid details get 201 with the new user's id, name and email, and nothing else", async () => {
    const email = uniqueEmail("ada");
    const { response, body } = await register({ body: { name: "  Ada Lovelace ", email, password: "analytical engine" } });
    expect(response.status).toBe(201);
    expect(body).toEqual({ user: { id: expect.any(String), name: "Ada Lovelace", email } });
  });

  it("the new account can sign in with its password", async () => {
    const email = uniqueEmail("grace");
    const { body } = await register({ body: { name: "Grace", email, password: "cobol-forever" } });
    expect(await verifyCredentials({ email, password: "cobol-forever" })).toEqual({ ...body.user, sessionVersion: 0 });
    expect(await verifyCredentials({ email, password: "cobol-never" })).toBeNull();
  });

  it("an email typed with capitals and spaces is stored trimmed and lower-cased", async () => {
    const email = uniqueEmail("mixed");
    const { response, body } = await register({ body: { name: "Mixed", email: `  ${email.toUpperCase()} `, password: "12345678" } });
    expect(response.status).toBe(201);
    expect(body.user?.email).toBe(email);
    expect(await countUsers(email)).toBe(1);
  });

  it("a form-encoded body works like JSON", async () => {
    const email = uniqueEmail("form");
    const { response } = await register({
      body: new URLSearchParams({ name: "Form User", email, password: "form-password" }).toString(),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(response.status).toBe(201);
    expect(await countUsers(email)).toBe(1);
  });

  it("a taken email in another letter case gets 409 with fields.email, and no second account", async () => {
    const email = uniqueEmail("taken");
    expect((await register({ body: { name: "First", email, password: "first-password" } })).response.status).toBe(201);

    const { response, body } = await register({ body: { name: "Second", email: email.toUpperCase(), password: "second-password" } });
    expect(response.status).toBe(409);
    expect(body.error).toEqual({
      code: "conflict",
      message: "An account with this email already exists. Sign in instead?",
      fields: { email: "An account with this email already exists." },
    });
    expect(await countUsers(email)).toBe(1);
    expect(await verifyCredentials({ email, password: "second-password" })).toBeNull();
  });

  it("invalid fields get 422 naming each one", async () => {
    const { response, body } = await register({ body: { name: " ", email: "not-an-email", password: "short" } });
    expect(response.status).toBe(422);
    expect(body.error.code).toBe("unprocessable");
    expect(body.error.fields).toEqual({
      name: "Enter your name.",
      email: "Enter a valid email address, like name@example.com.",
      password: "Use at least 8 characters for your password.",
    });
  });

  it("a name with control characters gets 422 and creates nothing", async () => {
    const email = uniqueEmail("control");
    const { response, body } = await register({ body: { name: "Bad\u0007Name", email, password: "12345678" } });
    expect(response.status).toBe(422);
    expect(body.error.fields?.name).toBe("Your name contains characters that can't be shown.");
    expect(await countUsers(email)).toBe(0);
  });

  it("malformed JSON gets 400", async () => {
    const { response, body } = await register({ body: '{"name": "Ada", "email": ' });
    expect(response.status).toBe(400);
    expect(body.error.code).toBe("bad_request");
  });

  it("a body over 64 KiB gets 413", async () => {
    const { response, body } = await register({ body: { name: "Big", email: uniqueEmail("big"), password: "x".repeat(70_000) } });
    expect(response.status).toBe(413);
    expect(body.error.code).toBe("payload_too_large");
  });

  it("a request whose Origin is another site gets 403 and creates nothing", async () => {
    const email = uniqueEmail("csrf");
    const { response, body } = await register({
      body: { name: "Victim", email, password: "12345678" },
      headers: { origin: "https://evil.example", host: "localhost:3000" },
    });
    expect(response.status).toBe(403);
    expect(body.error.code).toBe("forbidden");
    expect(await countUsers(email)).toBe(0);
  });

  it("a browser request from the site itself is accepted", async () => {
    const { response } = await register({
      body: { name: "Same Site", email: uniqueEmail("same"), password: "12345678" },
      headers: { origin: "http://localhost:3000", host: "localhost:3000" },
    });
    expect(response.status).toBe(201);
  });

  it("the 21st registration from one IP within an hour gets 429 with Retry-After, other IPs are unaffected", async () => {
    const ip = uniqueIp();
    for (let i = 0; i < 20; i++) {
      const { response } = await register({ ip, body: { name: `Bulk ${i}`, email: uniqueEmail(`bulk${i}`), password: "12345678" } });
      expect(response.status).toBe(201);
    }

    const email = uniqueEmail("one-too-many");
    const { response, body } = await register({ ip, body: { name: "One too many", email, password: "12345678" } });
    expect(response.status).toBe(429);
    const retryAfter = Number(response.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(3500);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(body.error.code).toBe("rate_limited");
    expect(body.error.message).toBe(`Too many new accounts from your network. Try again in ${retryAfter} seconds.`);
    expect(await countUsers(email)).toBe(0);

    const elsewhere = await register({ body: { name: "Elsewhere", email, password: "12345678" } });
    expect(elsewhere.response.status).toBe(201);
  });
});
