// The one place that reads process.env. Everything else imports `env` from here, so a missing or
// malformed variable fails once, at startup (and at build time: next.config.js imports this file),
// with a message naming the variable, instead of surfacing later as a confusing runtime error.
import { z } from "zod";

if (typeof window !== "undefined") {
  throw new Error("lib/env.ts holds server secrets and must never be imported by client code.");
}

const isProduction = process.env.NODE_ENV === "production";

/** Used only outside production, so `npm run dev` and `npm test` need no env file. */
const developmentDefaults: Record<string, string> = {
  DATABASE_URL: "postgresql://postgres:postgres@127.0.0.1:54329/postgres?sslmode=disable",
  NEXTAUTH_SECRET: "parley-development-secret-never-use-in-production",
  NEXTAUTH_URL: "http://localhost:3000",
  // The built-in realtime server that `npm run dev` starts (realtime/config.ts has the same defaults).
  PUSHER_APP_ID: "parley",
  PUSHER_KEY: "parley-key",
  PUSHER_SECRET: "parley-secret",
};

const required = (hint: string) =>
  z.string({
    error: (issue) => (issue.input === undefined ? `is required in production. ${hint}` : "must be a string"),
  });

const optionalSecret = z
  .string()
  .trim()
  .transform((v) => v || undefined)
  .optional();

function isBase64UrlOfLength(value: string, bytes: number): boolean {
  return /^[A-Za-z0-9_-]+={0,2}$/.test(value) && Buffer.from(value, "base64url").length === bytes;
}

const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    DATABASE_URL: required("Set it to your PostgreSQL connection string (postgresql://user:password@host:5432/db).")
      .pipe(z.url({ protocol: /^postgres(ql)?$/, error: "must be a postgresql:// URL" })),
    /** Connections per server instance; keep it small on serverless, where each instance has its own pool. */
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
    NEXTAUTH_SECRET: required("Generate one with `openssl rand -base64 32`.").pipe(
      z.string().min(32, "must be at least 32 characters (generate one with `openssl rand -base64 32`)"),
    ),
    /** The site's public URL. Required in production except on Vercel, which next-auth detects by itself. */
    NEXTAUTH_URL: z.url({ error: "must be the site's absolute URL, e.g. https://chat.example.com" }).optional(),
    PUSHER_APP_ID: required("Copy it from your Pusher (or soketi) app.").pipe(z.string().min(1)),
    PUSHER_KEY: required("Copy it from your Pusher (or soketi) app.").pipe(z.string().min(1)),
    PUSHER_SECRET: required("Copy it from your Pusher (or soketi) app.").pipe(z.string().min(1)),
    /** Hosted Pusher's cluster, e.g. `eu`. Set this or PUSHER_HOST. */
    PUSHER_CLUSTER: z.string().trim().min(1).optional(),
    /** A Pusher-compatible server (soketi, the built-in one): its host name, port and TLS. */
    PUSHER_HOST: z.string().trim().min(1).optional(),
    PUSHER_PORT: z.coerce.number().int().min(1).max(65535).optional(),
    PUSHER_USE_TLS: z
      .enum(["true", "false"], { error: "must be true or false" })
      .transform((v) => v === "true")
      .optional(),
    /** Base64 of 32 random bytes: room messages then go end-to-end encrypted (private-encrypted- channels). */
    PUSHER_ENCRYPTION_MASTER_KEY: z
      .string()
      .trim()
      .refine((v) => Buffer.from(v, "base64").length === 32, "must be 32 bytes, base64-encoded (`openssl rand -base64 32`)")
      .optional(),
    /** Sends email invitations when set: smtp(s)://user:password@host:port. Unset: the admin copies the link. */
    SMTP_URL: z.url({ protocol: /^smtps?$/, error: "must be an smtp:// or smtps:// URL, e.g. smtps://user:password@smtp.example.com:465" }).optional(),
    /** The From: of invitation emails. */
    EMAIL_FROM: z.string().trim().min(3).default("Parley <no-reply@parley.invalid>"),
    /** Set by Vercel: sessions then use secure cookies even without NEXTAUTH_URL. */
    VERCEL: z.string().optional(),
    GITHUB_ID: optionalSecret,
    GITHUB_SECRET: optionalSecret,
    GOOGLE_CLIENT_ID: optionalSecret,
    GOOGLE_CLIENT_SECRET: optionalSecret,
    /** Web Push (VAPID): all three or none. Outside production, none set means a generated pair in .data/vapid.json. */
    VAPID_PUBLIC_KEY: optionalSecret.pipe(
      z.string().refine((v) => isBase64UrlOfLength(v, 65), "must be the base64url P-256 public key (65 bytes) that `npx web-push generate-vapid-keys` prints").optional(),
    ),
    VAPID_PRIVATE_KEY: optionalSecret.pipe(
      z.string().refine((v) => isBase64UrlOfLength(v, 32), "must be the base64url private key (32 bytes) that `npx web-push generate-vapid-keys` prints").optional(),
    ),
    /** Who push services contact about this server's pushes: mailto:you@example.com or https://your.site. */
    VAPID_SUBJECT: optionalSecret.pipe(z.string().regex(/^(mailto:\S+@\S+|https:\/\/\S+)$/, "must be a mailto: address or an https: URL").optional()),
    /** Shared files without S3: this folder (created on first upload; git-ignored under .data/). */
    UPLOAD_DIR: z.string().trim().min(1).default(".data/uploads"),
    /** The largest file one may share, in bytes (default 25 MiB). */
    UPLOAD_MAX_BYTES: z.coerce.number().int().min(1024).max(2 ** 31 - 1).default(25 * 1024 * 1024),
    /** What one person's files may add up to, in bytes (default 1 GiB). */
    UPLOAD_QUOTA_BYTES: z.coerce.number().int().min(1024).default(1024 * 1024 * 1024),
    /** Files in an S3-compatible store (AWS S3, Cloudflare R2, MinIO) when set; the folder above otherwise. */
    S3_BUCKET: z.string().trim().min(1).optional(),
    /** The bucket's region; R2 takes `auto`. */
    S3_REGION: z.string().trim().min(1).default("us-east-1"),
    /** Not AWS: the store's endpoint, e.g. https://<account>.r2.cloudflarestorage.com or http://127.0.0.1:9000 (MinIO). */
    S3_ENDPOINT: z.url({ protocol: /^https?$/, error: "must be the store's http(s):// endpoint" }).optional(),
    S3_ACCESS_KEY_ID: optionalSecret,
    S3_SECRET_ACCESS_KEY: optionalSecret,
    /** MinIO and some others need path-style URLs (https://host/bucket/key). */
    S3_FORCE_PATH_STYLE: z
      .enum(["true", "false"], { error: "must be true or false" })
      .transform((v) => v === "true")
      .default(false),
    /** Tests only: accept http:// and loopback/private push endpoints (a local push receiver). */
    PUSH_ALLOW_INSECURE_ENDPOINTS: z
      .enum(["true", "false"], { error: "must be true or false" })
      .transform((v) => v === "true")
      .default(false),
  })
  .superRefine((value, ctx) => {
    if (value.NODE_ENV === "production" && !value.NEXTAUTH_URL && !value.VERCEL) {
      // The origin check compares every write's Origin with it (on Vercel, with the host Vercel forwards).
      ctx.addIssue({ code: "custom", path: ["NEXTAUTH_URL"], message: "is required in production outside Vercel: the site's public URL, e.g. https://chat.example.com" });
    }
    if (value.NODE_ENV === "production" && !value.PUSHER_CLUSTER && !value.PUSHER_HOST) {
      ctx.addIssue({ code: "custom", path: ["PUSHER_CLUSTER"], message: "or PUSHER_HOST is required in production (hosted Pusher's cluster, or your soketi host)" });
    }
    const vapid = [value.VAPID_PUBLIC_KEY, value.VAPID_PRIVATE_KEY, value.VAPID_SUBJECT];
    if (vapid.some(Boolean) && !vapid.every(Boolean)) {
      for (const name of ["VAPID_PUBLIC_KEY", "VAPID_PRIVATE_KEY", "VAPID_SUBJECT"] as const) {
        if (!value[name]) ctx.addIssue({ code: "custom", path: [name], message: "must be set together with the other VAPID_* variables (all three or none)" });
      }
    }
    if (Boolean(value.S3_ACCESS_KEY_ID) !== Boolean(value.S3_SECRET_ACCESS_KEY)) {
      ctx.addIssue({ code: "custom", path: [value.S3_ACCESS_KEY_ID ? "S3_SECRET_ACCESS_KEY" : "S3_ACCESS_KEY_ID"], message: "must be set together with the other S3 key (or neither, to use the SDK's own credentials)" });
    }
    for (const [id, secret] of [
      ["GITHUB_ID", "GITHUB_SECRET"],
      ["GOOGLE_CLIENT_ID", "GOOGLE_CLIENT_SECRET"],
    ] as const) {
      if (Boolean(value[id]) !== Boolean(value[secret])) {
        ctx.addIssue({ code: "custom", path: [value[id] ? secret : id], message: `must be set together with ${value[id] ? id : secret}` });
      }
    }
  });

export type Env = z.infer<typeof envSchema>;

/** Outside production, with no realtime service named, the app talks to the built-in server. */
function withDevelopmentRealtime(source: Record<string, string>): Record<string, string> {
  if (source.PUSHER_CLUSTER || source.PUSHER_HOST) return source;
  return { PUSHER_HOST: "127.0.0.1", PUSHER_PORT: "6001", PUSHER_USE_TLS: "false", ...source };
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const production = source.NODE_ENV === "production";
  const present = Object.fromEntries(Object.entries(source).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ""));
  const result = envSchema.safeParse(production ? present : withDevelopmentRealtime({ ...developmentDefaults, ...present }));
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join(".") || "env"} ${issue.message}`);
    throw new Error(`Parley cannot start: invalid environment variables\n${lines.join("\n")}`);
  }
  return result.data;
}

export const env: Env = parseEnv(process.env);
export const isProductionEnv = isProduction;
