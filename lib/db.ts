import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";

function createPrismaClient() {
  const adapter = new PrismaPg({
    connectionString: env.DATABASE_URL,
    max: env.DATABASE_POOL_MAX,
    // Fail fast when the database is unreachable instead of hanging the request.
    connectionTimeoutMillis: 5_000,
  });
  // Password hashes are never selected unless a query asks for them by name.
  return new PrismaClient({ adapter, omit: { user: { passwordHash: true } } });
}

type ParleyPrismaClient = ReturnType<typeof createPrismaClient>;

// One client (and so one pool) per process; dev's hot reload would otherwise open a pool per edit.
const globalForPrisma = globalThis as unknown as { parleyPrisma?: ParleyPrismaClient };

export const prisma: ParleyPrismaClient = globalForPrisma.parleyPrisma ?? createPrismaClient();

if (env.NODE_ENV !== "production") globalForPrisma.parleyPrisma = prisma;
