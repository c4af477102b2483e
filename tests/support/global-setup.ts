// Vitest global setup: one fresh, migrated database per run, shared by every test file.
import { provisionTestDatabase } from "../../scripts/lib/test-database";

export default async function setup() {
  const database = await provisionTestDatabase();
  // Workers start after this and inherit the environment, so lib/env.ts sees this database.
  process.env.DATABASE_URL = database.url;
  process.env.DATABASE_POOL_MAX = database.embedded ? "1" : "5";
  return () => database.dispose();
}
