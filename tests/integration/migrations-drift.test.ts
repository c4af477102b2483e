import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { diffMigrationsToSchema, schemaPath } from "@/scripts/lib/schema-engine";

// Each diff boots an in-memory PGlite shadow database and replays every migration into it.
const diffTimeout = 60_000;

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe("prisma/migrations", () => {
  it(
    "produce exactly what prisma/schema.prisma describes",
    async () => {
      const sql = await diffMigrationsToSchema();
      expect(
        sql,
        `schema.prisma has changes that no migration creates. Run \`npm run db:migration -- <name>\` and commit the new migration. Missing SQL:\n${sql}`,
      ).toBe("");
    },
    diffTimeout,
  );

  it(
    "a schema with a field no migration creates is reported as drift, with the SQL to fix it",
    async () => {
      const original = fs.readFileSync(schemaPath, "utf8");
      const drifted = original.replace(/^model User \{\n/m, "model User {\n  nickname String?\n");
      expect(drifted).not.toBe(original);

      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "parley-drift-"));
      tempDirs.push(dir);
      const schema = path.join(dir, "schema.prisma");
      fs.writeFileSync(schema, drifted);

      const sql = await diffMigrationsToSchema({ schema });
      expect(sql).toContain('ALTER TABLE "User"');
      expect(sql).toContain('"nickname" TEXT');
    },
    diffTimeout,
  );
});
