// A fresh, migrated database for one test run. With DATABASE_URL (a local PostgreSQL server, as in
// CI) it creates a uniquely named database on that server and drops it afterwards; without one it
// starts a throwaway in-memory PGlite. Refuses non-local servers: tests create and drop databases.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { startEmbeddedPostgres } from "./embedded-postgres";
import { applyMigrations } from "./schema-engine";

export interface TestDatabase {
  url: string;
  embedded: boolean;
  dispose: () => Promise<void>;
}

const localHosts = new Set(["localhost", "127.0.0.1", "[::1]", "::1", ""]);

export function assertLocalDatabase(url: string): void {
  const parsed = new URL(url);
  const host = parsed.searchParams.get("host") ?? parsed.hostname;
  if (!localHosts.has(host) && !host.startsWith("/") && !/^127\./.test(host)) {
    throw new Error(`Refusing to run tests against a non-local database (${host}). Point DATABASE_URL at a local server.`);
  }
}

export async function provisionTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const embedded = await startEmbeddedPostgres();
    await applyMigrations({ databaseUrl: embedded.url });
    return { url: embedded.url, embedded: true, dispose: embedded.stop };
  }
  assertLocalDatabase(serverUrl);
  const name = `parley_test_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await applyMigrations({ databaseUrl: url.toString() });
  return {
    url: url.toString(),
    embedded: false,
    async dispose() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
