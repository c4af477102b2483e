// The HTTP security headers, built from the validated env. Pure (no I/O, no server-only import) so
// next.config.ts, proxy.ts and the unit tests share it.
import type { Env } from "@/lib/env";

/** Where pusher-js opens its WebSocket: the configured Pusher-compatible host, or hosted Pusher's cluster. */
export function realtimeOrigins(env: Pick<Env, "PUSHER_HOST" | "PUSHER_PORT" | "PUSHER_USE_TLS" | "PUSHER_CLUSTER">): string[] {
  if (env.PUSHER_HOST) {
    const tls = env.PUSHER_USE_TLS ?? true;
    const port = env.PUSHER_PORT && env.PUSHER_PORT !== (tls ? 443 : 80) ? `:${env.PUSHER_PORT}` : "";
    return [`${tls ? "wss" : "ws"}://${env.PUSHER_HOST}${port}`];
  }
  return [`wss://ws-${env.PUSHER_CLUSTER ?? "mt1"}.pusher.com`];
}

/**
 * Where the browser PUTs files and loads them after the app's redirect, when files live in an
 * S3-compatible store: the bucket's virtual-hosted and path-style origins.
 */
export function storageOrigins(env: Partial<Pick<Env, "S3_BUCKET" | "S3_ENDPOINT" | "S3_REGION" | "S3_FORCE_PATH_STYLE">>): string[] {
  if (!env.S3_BUCKET) return [];
  if (env.S3_ENDPOINT) {
    const endpoint = new URL(env.S3_ENDPOINT);
    return env.S3_FORCE_PATH_STYLE ? [endpoint.origin] : [endpoint.origin, `${endpoint.protocol}//${env.S3_BUCKET}.${endpoint.host}`];
  }
  const region = env.S3_REGION ?? "us-east-1";
  return [`https://${env.S3_BUCKET}.s3.${region}.amazonaws.com`, `https://s3.${region}.amazonaws.com`];
}

type CspEnv = Pick<Env, "NODE_ENV" | "NEXTAUTH_URL" | "PUSHER_HOST" | "PUSHER_PORT" | "PUSHER_USE_TLS" | "PUSHER_CLUSTER" | "GITHUB_ID" | "GOOGLE_CLIENT_ID"> &
  Partial<Pick<Env, "S3_BUCKET" | "S3_ENDPOINT" | "S3_REGION" | "S3_FORCE_PATH_STYLE">>;

/**
 * A strict, per-request policy: scripts only with this response's nonce (Next.js puts it on its
 * own scripts), connections only to this origin and the realtime service, no framing.
 */
export function contentSecurityPolicy(env: CspEnv, nonce: string): string {
  const development = env.NODE_ENV === "development";
  // OAuth sign-in posts a form whose redirect leaves for the provider; form-action covers redirects.
  const oauth = [env.GITHUB_ID && "https://github.com", env.GOOGLE_CLIENT_ID && "https://accounts.google.com"].filter(Boolean);
  const files = storageOrigins(env).map((origin) => ` ${origin}`).join("");
  const directives = [
    "default-src 'self'",
    // 'unsafe-eval' only in development, where React's dev build needs it for stack traces.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    // Style attributes (avatar colours) need 'unsafe-inline'; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob:${files}`,
    "font-src 'self'",
    `connect-src 'self' ${realtimeOrigins(env).join(" ")}${files}${development ? " ws: wss:" : ""}`,
    // The service worker (/sw.js): with 'strict-dynamic', script-src alone would refuse it (no nonce on a worker).
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    `form-action 'self'${oauth.length ? ` ${oauth.join(" ")}` : ""}`,
    "frame-ancestors 'none'",
    ...(env.NEXTAUTH_URL?.startsWith("https://") ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}

/** Headers for every response, pages and API alike. */
export function staticSecurityHeaders(env: Pick<Env, "NEXTAUTH_URL">): { key: string; value: string }[] {
  return [
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    // For browsers without CSP frame-ancestors.
    { key: "X-Frame-Options", value: "DENY" },
    { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()" },
    { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
    ...(env.NEXTAUTH_URL?.startsWith("https://") ? [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }] : []),
  ];
}

/** Headers of /sw.js: always revalidated (a fixed worker reaches browsers at once), and a policy for the worker itself. */
export function serviceWorkerHeaders(): { key: string; value: string }[] {
  return [
    { key: "Cache-Control", value: "no-cache" },
    { key: "Content-Security-Policy", value: "default-src 'self'; script-src 'self'; object-src 'none'" },
  ];
}
