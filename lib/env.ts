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
    /** The site's public URL. Optional on Vercel, which next-auth detects by itself. */
    NEXTAUTH_URL: z.url({ error: "must be the site's absolute URL, e.g. https://chat.example.com" }).optional(),
    GITHUB_ID: optionalSecret,
    GITHUB_SECRET: optionalSecret,
    GOOGLE_CLIENT_ID: optionalSecret,
    GOOGLE_CLIENT_SECRET: optionalSecret,
  })
  .superRefine((value, ctx) => {
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

export function parseEnv(source: Record<string, string | undefined>): Env {
  const production = source.NODE_ENV === "production";
  const present = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = envSchema.safeParse(production ? present : { ...developmentDefaults, ...present });
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join(".") || "env"} ${issue.message}`);
    throw new Error(`Parley cannot start: invalid environment variables\n${lines.join("\n")}`);
  }
  return result.data;
}

export const env: Env = parseEnv(process.env);
export const isProductionEnv = isProduction;
