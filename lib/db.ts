import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";

function createPool() {
  return new pg.Pool({
    connectionString: env.DATABASE_URL,
    max: env.DATABASE_POOL_MAX,
    // Fail fast when the database is unreachable instead of hanging the request.
    connectionTimeoutMillis: 5_000,
    // Give idle connections back soon: on serverless many instances share the database's limit.
    idleTimeoutMillis: 10_000,
  });
}

function createPrismaClient(pool: pg.Pool) {
  // Password hashes are never selected unless a query asks for them by name.
  return new PrismaClient({ adapter: new PrismaPg(pool), omit: { user: { passwordHash: true } } });
}

type ParleyPrismaClient = ReturnType<typeof createPrismaClient>;

// One pool per process, shared by Prisma and the rate limiter; dev's hot reload would otherwise
// open a pool per edit.
const globalForDb = globalThis as unknown as { parleyPool?: pg.Pool; parleyPrisma?: ParleyPrismaClient };

export const pool: pg.Pool = globalForDb.parleyPool ?? createPool();
export const prisma: ParleyPrismaClient = globalForDb.parleyPrisma ?? createPrismaClient(pool);

// An idle client that loses its server (database restart) must not crash the process.
if (!globalForDb.parleyPool) pool.on("error", () => {});

if (env.NODE_ENV !== "production") {
  globalForDb.parleyPool = pool;
  globalForDb.parleyPrisma = prisma;
}
