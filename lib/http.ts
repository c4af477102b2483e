import "server-only";
import { NextResponse } from "next/server";
import { z } from "zod";
import { Prisma } from "@/lib/generated/prisma/client";
import { AppError, type ErrorBody } from "@/lib/errors";
import { env } from "@/lib/env";
import { log } from "@/lib/log";

/** Turns any thrown value into the one error body; internals go to the log, never the response. */
export function errorResponse(error: unknown): NextResponse<ErrorBody> {
  const appError = toAppError(error);
  if (appError.code === "internal" || appError.code === "unavailable") {
    log.error("request failed", { code: appError.code, error });
  }
  const headers = new Headers();
  if (appError.retryAfterSeconds !== undefined) headers.set("Retry-After", String(appError.retryAfterSeconds));
  return NextResponse.json(appError.toBody(), { status: appError.status, headers });
}

export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    if (databaseUnreachableCodes.has(error.code)) return unavailable(error);
    if (error.code === "P2002") return new AppError("conflict", "That already exists.", { cause: error });
    if (error.code === "P2025") return new AppError("not_found", "Not found.", { cause: error });
    // A deadlock or serialization failure that PostgreSQL broke by aborting this transaction.
    if (error.code === "P2034") return new AppError("conflict", "That changed at the same moment as another change. Please try again.", { cause: error });
  }
  if (isDatabaseUnreachable(error)) return unavailable(error);
  // A value PostgreSQL refuses (SQLSTATE class 22, "data exception": NUL bytes, out-of-range
  // dates): the request's fault, whatever validation missed. A safety net behind the schemas.
  if (isDataException(error)) return new AppError("unprocessable", "The request contains a value that can't be stored.", { cause: error });
  return new AppError("internal", "Something went wrong on our side. Please try again.", { cause: error });
}

// Can't reach the server, timed out connecting, server closed the connection.
const databaseUnreachableCodes = new Set(["P1001", "P1002", "P1017"]);

function unavailable(cause: unknown): AppError {
  return new AppError("unavailable", "The database is unavailable right now. Please try again in a moment.", {
    retryAfterSeconds: 5,
    cause,
  });
}

function isDataException(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown; meta?: { code?: unknown } }).meta?.code ?? (error as { code?: unknown }).code;
  if (typeof code === "string" && /^22[0-9A-Z]{3}$/.test(code)) return true;
  return /Code: `22[0-9A-Z]{3}`|invalid byte sequence for encoding|invalid input syntax for type json/.test(error.message);
}

function isDatabaseUnreachable(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientInitializationError) return true;
  const text = error instanceof Error ? `${error.name} ${error.message} ${String(error.cause ?? "")}` : "";
  return /ECONNREFUSED|ECONNRESET|ETIMEDOUT|DatabaseNotReachable|Can't reach database server|Connection terminated|timeout exceeded when trying to connect|the database system is (starting up|shutting down)|terminating connection due to administrator command/i.test(text);
}

type RouteContext<P> = { params: Promise<P> };

/** The outer door of every route handler: errors become the one body shape with the right status. */
export function route<P = Record<string, string>>(
  handler: (request: Request, context: RouteContext<P>) => Promise<Response>,
) {
  return async (request: Request, context: RouteContext<P>): Promise<Response> => {
    try {
      return await handler(request, context);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

const maxBodyBytes = 64 * 1024;

/**
 * Reads the body and validates it: JSON, or also a form with `accept: "json-or-form"` (the
 * endpoints pusher-js and plain HTML forms post to). 400 for an unreadable body, 415 for another
 * content type (a body without one too: text/plain is what a cross-site form can send without a
 * preflight), 422 for invalid fields (or 400 with `invalidIs: "bad_request"`, for protocol
 * endpoints whose clients expect it). An empty body is an empty object.
 */
export async function parseBody<S extends z.ZodType>(
  request: Request,
  schema: S,
  { invalidIs = "unprocessable", accept = "json" }: { invalidIs?: "unprocessable" | "bad_request"; accept?: "json" | "json-or-form" } = {},
): Promise<z.output<S>> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > maxBodyBytes) throw new AppError("payload_too_large", "The request body is too large.");
  const mediaType = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  let raw: unknown;
  try {
    const text = await request.text();
    if (text.length > maxBodyBytes) throw new AppError("payload_too_large", "The request body is too large.");
    if (text.trim() === "") raw = {};
    else if (mediaType === "application/json") raw = JSON.parse(text);
    else if (mediaType === "application/x-www-form-urlencoded" && accept === "json-or-form") raw = Object.fromEntries(new URLSearchParams(text));
    else {
      throw new AppError(
        "unsupported_media_type",
        accept === "json" ? "Send the body as JSON (Content-Type: application/json)." : "Send the body as JSON or as a form (Content-Type: application/json or application/x-www-form-urlencoded).",
      );
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError("bad_request", "The request body is not valid JSON.");
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    const error = validationError(result.error);
    throw invalidIs === "bad_request" ? new AppError("bad_request", error.message, { fields: error.fields }) : error;
  }
  return result.data;
}

export function validationError(error: z.ZodError): AppError {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    // An unknown field is reported under its own name, not as the whole body.
    if (issue.code === "unrecognized_keys") {
      for (const name of issue.keys) fields[[...issue.path, name].join(".")] ??= `Unknown field "${name}".`;
      continue;
    }
    const key = issue.path.join(".") || "body";
    fields[key] ??= issue.message;
  }
  const first = Object.entries(fields)[0];
  const message = first ? (first[0] === "body" ? first[1] : `${first[1]}`) : "The request is invalid.";
  return new AppError("unprocessable", message, { fields });
}

export interface SiteOrigin {
  /** The site's configured URL (NEXTAUTH_URL). */
  siteUrl: string | undefined;
  /** On Vercel, which sets X-Forwarded-Host and X-Forwarded-Proto itself: the only place they are trusted. */
  vercel: boolean;
  /** Outside production the page's own host is accepted too (http://127.0.0.1:3000 as well as localhost). */
  production: boolean;
}

const siteFromEnv: SiteOrigin = { siteUrl: env.NEXTAUTH_URL, vercel: Boolean(env.VERCEL), production: env.NODE_ENV === "production" };

/** The origins a same-site browser request may carry. */
export function allowedOrigins(request: Request, site: SiteOrigin): string[] {
  const origins: string[] = [];
  if (site.siteUrl) origins.push(new URL(site.siteUrl).origin);
  if (site.vercel) {
    const host = request.headers.get("x-forwarded-host");
    if (host) origins.push(`${request.headers.get("x-forwarded-proto") ?? "https"}://${host}`);
  }
  const host = request.headers.get("host");
  if (!site.production && host) origins.push(`http://${host}`);
  return origins;
}

/**
 * Browsers send Origin on every cross-site POST; refusing a foreign one stops form-based CSRF
 * on endpoints that change state without next-auth's own token. The whole origin (scheme, host,
 * port) must be the site's: a client-supplied X-Forwarded-Host proves nothing except on Vercel.
 */
export function assertSameOrigin(request: Request, site: SiteOrigin = siteFromEnv): void {
  const origin = request.headers.get("origin");
  if (!origin) return;
  if (!allowedOrigins(request, site).includes(origin)) throw new AppError("forbidden", "Cross-site requests are not allowed.");
}

/** The caller's IP as seen by the nearest trusted proxy (Vercel and `next start` both set it). */
export function clientIp(request: Request): string {
  const forwarded = request.headers.get("x-forwarded-for");
  return forwarded?.split(",")[0]?.trim() || request.headers.get("x-real-ip") || "unknown";
}

/** The body as text, refused with 413 past `maxBytes` (declared or actually sent) without reading the rest. */
export async function readBodyText(request: Request, maxBytes: number): Promise<string> {
  return (await readBodyBytes(request, maxBytes)).toString("utf8");
}

/** The body's bytes, refused with 413 (`message`) past `maxBytes`, declared or actually sent, without reading the rest. */
export async function readBodyBytes(request: Request, maxBytes: number, message = "The request body is too large."): Promise<Buffer> {
  const tooLarge = () => new AppError("payload_too_large", message);
  if (Number(request.headers.get("content-length") ?? 0) > maxBytes) throw tooLarge();
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
