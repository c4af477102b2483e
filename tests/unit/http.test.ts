import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { AppError, errorStatus, type ErrorBody } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { assertSameOrigin, type SiteOrigin, clientIp, parseBody, route } from "@/lib/http";

const noParams = { params: Promise.resolve({}) };

afterEach(() => {
  vi.restoreAllMocks();
});

/** Silences the server log for errors that are logged on purpose, and returns what was logged. */
function captureErrorLog() {
  const spy = vi.spyOn(console, "error").mockImplementation(() => {});
  return () => spy.mock.calls.map((args) => args.join(" ")).join("\n");
}

async function call(handler: (request: Request) => Promise<Response>, request = new Request("http://localhost/x")) {
  const response = await route(handler)(request, noParams);
  return { response, body: (await response.json()) as ErrorBody & Record<string, unknown> };
}

describe("AppError status table", () => {
  const expected: Record<string, number> = {
    bad_request: 400,
    unauthorized: 401,
    invalid_credentials: 401,
    forbidden: 403,
    not_found: 404,
    conflict: 409,
    payload_too_large: 413,
    unsupported_media_type: 415,
    unprocessable: 422,
    rate_limited: 429,
    internal: 500,
    unavailable: 503,
  };

  it("has a row here for every error code", () => {
    expect(Object.keys(errorStatus).sort()).toEqual(Object.keys(expected).sort());
  });

  it.each(Object.entries(expected))("route() answers %s with HTTP %i and the one body shape", async (code, status) => {
    captureErrorLog();
    const { response, body } = await call(async () => {
      throw new AppError(code as keyof typeof errorStatus, `a ${code} message`);
    });
    expect(response.status).toBe(status);
    expect(body).toEqual({ error: { code, message: `a ${code} message` } });
  });
});

describe("route()", () => {
  it("returns the handler's own response when nothing is thrown", async () => {
    const { response, body } = await call(async () => Response.json({ ok: true }, { status: 201 }));
    expect(response.status).toBe(201);
    expect(body).toEqual({ ok: true });
  });

  it("includes fields and Retry-After when the error carries them", async () => {
    const { response, body } = await call(async () => {
      throw new AppError("rate_limited", "Slow down.", { retryAfterSeconds: 42, fields: { email: "Too many." } });
    });
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("42");
    expect(body).toEqual({ error: { code: "rate_limited", message: "Slow down.", fields: { email: "Too many." } } });
  });

  it("turns an unknown error into a 500 that says nothing about internals, and logs the details", async () => {
    const logged = captureErrorLog();
    const { response, body } = await call(async () => {
      throw new Error("password authentication failed for user parley_admin");
    });
    expect(response.status).toBe(500);
    expect(body).toEqual({ error: { code: "internal", message: "Something went wrong on our side. Please try again." } });
    expect(JSON.stringify(body)).not.toContain("parley_admin");
    expect(logged()).toContain("password authentication failed for user parley_admin");
  });

  it.each([
    ["P2002", 409, "conflict"],
    ["P2025", 404, "not_found"],
    ["P2034", 409, "conflict"],
  ])("maps Prisma %s to %i %s", async (prismaCode, status, code) => {
    const { response, body } = await call(async () => {
      throw new Prisma.PrismaClientKnownRequestError("query failed", { code: prismaCode, clientVersion: "7.10.0" });
    });
    expect(response.status).toBe(status);
    expect(body.error.code).toBe(code);
  });

  it.each([
    new Prisma.PrismaClientKnownRequestError("Database error. Code: `22021`. Message: `invalid byte sequence for encoding \"UTF8\": 0x00`", { code: "P2010", clientVersion: "7.10.0" }),
    new Prisma.PrismaClientKnownRequestError("Database error. Code: `22008`. Message: `date/time field value out of range`", { code: "P2010", clientVersion: "7.10.0" }),
    new Error("Invalid input value: invalid input syntax for type json"),
  ])("answers 422, not 500, when PostgreSQL refuses a value (%s)", async (error) => {
    captureErrorLog();
    const { response, body } = await call(async () => {
      throw error;
    });
    expect(response.status).toBe(422);
    expect(body.error).toEqual({ code: "unprocessable", message: "The request contains a value that can't be stored." });
  });

  it.each([
    new Prisma.PrismaClientInitializationError("Can't reach database server", "7.10.0"),
    new Error("connect ECONNREFUSED 127.0.0.1:5432"),
    new Error("Connection terminated due to connection timeout"),
    // A raw query ($queryRaw) reports an unreachable server this way (found by the outage test).
    new Prisma.PrismaClientKnownRequestError("Raw query failed. Code: `N/A`. Message: `Can't reach database server at 127.0.0.1:5432`", { code: "P2010", clientVersion: "7.10.0" }),
    new Error("FATAL: the database system is starting up"),
  ])("answers 503 with Retry-After when the database is unreachable (%s)", async (error) => {
    captureErrorLog();
    const { response, body } = await call(async () => {
      throw error;
    });
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("5");
    expect(body.error).toEqual({ code: "unavailable", message: "The database is unavailable right now. Please try again in a moment." });
  });
});

describe("parseBody", () => {
  const schema = z.object({ name: z.string().trim().min(1, "Enter a name."), age: z.coerce.number().int("Whole years.") });
  const echo = async (request: Request) => Response.json({ parsed: await parseBody(request, schema) });
  const post = (body: string, headers: Record<string, string> = { "content-type": "application/json" }) =>
    new Request("http://localhost/x", { method: "POST", headers, body });

  it.each([
    ["application/json", JSON.stringify({ name: " Ada ", age: 36 })],
    ["application/json; charset=utf-8", JSON.stringify({ name: "Ada", age: "36" })],
  ])("reads a %s body and returns the validated value", async (contentType, text) => {
    const { response, body } = await call(echo, post(text, { "content-type": contentType }));
    expect(response.status).toBe(200);
    expect(body).toEqual({ parsed: { name: "Ada", age: 36 } });
  });

  it.each([
    ["application/x-www-form-urlencoded", "name=Ada&age=36"],
    ["application/x-www-form-urlencoded;charset=UTF-8", "name=%20Ada&age=36"],
    ["application/json", JSON.stringify({ name: "Ada", age: 36 })],
  ])("with accept: json-or-form, reads a %s body too", async (contentType, text) => {
    const formEcho = async (request: Request) => Response.json({ parsed: await parseBody(request, schema, { accept: "json-or-form" }) });
    const { response, body } = await call(formEcho, post(text, { "content-type": contentType }));
    expect(response.status).toBe(200);
    expect(body).toEqual({ parsed: { name: "Ada", age: 36 } });
  });

  it.each([
    ["a form", { "content-type": "application/x-www-form-urlencoded" }, "name=Ada&age=36"],
    ["text/plain (what a cross-site form can send without a preflight)", { "content-type": "text/plain" }, JSON.stringify({ name: "Ada", age: 36 })],
    ["no Content-Type at all", {}, JSON.stringify({ name: "Ada", age: 36 })],
  ])("a JSON route answers 415 to %s", async (_label, headers, text) => {
    const request = new Request("http://localhost/x", { method: "POST", headers, body: text });
    // A body with no declared type: fetch would label it text/plain; strip that to send none at all.
    if (!("content-type" in headers)) request.headers.delete("content-type");
    const { response, body } = await call(echo, request);
    expect(response.status).toBe(415);
    expect(body.error).toEqual({ code: "unsupported_media_type", message: "Send the body as JSON (Content-Type: application/json)." });
  });

  it.each(['{"name": "Ada",', "name=Ada", "undefined"])("answers 400 for the malformed JSON %j", async (text) => {
    const { response, body } = await call(echo, post(text));
    expect(response.status).toBe(400);
    expect(body.error).toEqual({ code: "bad_request", message: "The request body is not valid JSON." });
  });

  it("with accept: json-or-form, answers 415 naming both types to anything else", async () => {
    const formEcho = async (request: Request) => Response.json({ parsed: await parseBody(request, schema, { accept: "json-or-form" }) });
    const { response, body } = await call(formEcho, post("name=Ada", { "content-type": "text/plain" }));
    expect(response.status).toBe(415);
    expect(body.error.message).toBe("Send the body as JSON or as a form (Content-Type: application/json or application/x-www-form-urlencoded).");
  });

  it("answers 422 naming every invalid field, with the first one as the message", async () => {
    const { response, body } = await call(echo, post(JSON.stringify({ name: "  ", age: 1.5 })));
    expect(response.status).toBe(422);
    expect(body.error).toEqual({
      code: "unprocessable",
      message: "Enter a name.",
      fields: { name: "Enter a name.", age: "Whole years." },
    });
  });

  it("treats an empty body as an empty object, so each required field is named", async () => {
    const { response, body } = await call(echo, post(""));
    expect(response.status).toBe(422);
    expect(Object.keys(body.error.fields ?? {})).toEqual(["name", "age"]);
  });

  it("answers 422 on the body itself when JSON is not an object", async () => {
    const { response, body } = await call(echo, post("[1, 2]"));
    expect(response.status).toBe(422);
    expect(Object.keys(body.error.fields ?? {})).toEqual(["body"]);
  });

  it("answers 413 for a body over 64 KiB", async () => {
    const { response, body } = await call(echo, post(JSON.stringify({ name: "x".repeat(70_000), age: 1 })));
    expect(response.status).toBe(413);
    expect(body.error.code).toBe("payload_too_large");
  });

  it("answers 413 from the declared Content-Length, before reading the body", async () => {
    const { response } = await call(echo, post("{}", { "content-type": "application/json", "content-length": String(10 * 1024 * 1024) }));
    expect(response.status).toBe(413);
  });
});

describe("assertSameOrigin", () => {
  const production: SiteOrigin = { siteUrl: "https://chat.example.com", vercel: false, production: true };
  const vercel: SiteOrigin = { siteUrl: undefined, vercel: true, production: true };
  const development: SiteOrigin = { siteUrl: "http://localhost:3000", vercel: false, production: false };
  const guarded = (site: SiteOrigin) => async (request: Request) => {
    assertSameOrigin(request, site);
    return Response.json({ ok: true });
  };
  const request = (headers: Record<string, string>) => new Request("http://localhost/x", { method: "POST", headers });

  it.each([
    ["no Origin (a non-browser client)", production, { host: "chat.example.com" }],
    ["the configured site's origin", production, { origin: "https://chat.example.com", host: "10.0.0.5:3000" }],
    ["on Vercel, the host Vercel forwards", vercel, { origin: "https://parley.vercel.app", host: "10.0.0.5", "x-forwarded-host": "parley.vercel.app", "x-forwarded-proto": "https" }],
    ["in development, the configured URL", development, { origin: "http://localhost:3000", host: "localhost:3000" }],
    ["in development, the page's own host", development, { origin: "http://127.0.0.1:3000", host: "127.0.0.1:3000" }],
  ])("lets through a request with %s", async (_label, site, headers) => {
    const { response } = await call(guarded(site), request(headers));
    expect(response.status).toBe(200);
  });

  it.each([
    ["another site", production, { origin: "https://evil.example", host: "chat.example.com" }],
    ["the site's host over http (the scheme counts)", production, { origin: "http://chat.example.com", host: "chat.example.com" }],
    ["https for an http site", development, { origin: "https://localhost:3000", host: "localhost:3000" }],
    ["another port", production, { origin: "https://chat.example.com:8443", host: "chat.example.com" }],
    ["a client-supplied X-Forwarded-Host outside Vercel", production, { origin: "https://evil.example", host: "chat.example.com", "x-forwarded-host": "evil.example" }],
    ["a Host header that matches the Origin, in production", production, { origin: "https://evil.example", host: "evil.example" }],
    ["Origin: null", production, { origin: "null", host: "chat.example.com" }],
    ["on Vercel, no forwarded host", vercel, { origin: "https://parley.vercel.app", host: "parley.vercel.app" }],
  ])("answers 403 to %s", async (_label, site, headers) => {
    const { response, body } = await call(guarded(site), request(headers));
    expect(response.status).toBe(403);
    expect(body.error).toEqual({ code: "forbidden", message: "Cross-site requests are not allowed." });
  });
});

describe("clientIp", () => {
  it.each([
    [{ "x-forwarded-for": "203.0.113.7" }, "203.0.113.7"],
    [{ "x-forwarded-for": " 203.0.113.7 , 10.0.0.1" }, "203.0.113.7"],
    [{ "x-forwarded-for": "203.0.113.7", "x-real-ip": "198.51.100.1" }, "203.0.113.7"],
    [{ "x-real-ip": "198.51.100.1" }, "198.51.100.1"],
    [{ "x-forwarded-for": "", "x-real-ip": "198.51.100.1" }, "198.51.100.1"],
    [{}, "unknown"],
  ])("reads %o as %s", (headers, ip) => {
    expect(clientIp(new Request("http://localhost/x", { headers }))).toBe(ip);
  });
});
