import { defineConfig } from "prisma/config";

// Only the Prisma CLI reads this (generate, and `prisma migrate deploy` on machines that have
// Prisma's native engine). The app builds its own connection from lib/env.ts.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations", seed: "tsx scripts/seed.ts" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/parley" },
});
