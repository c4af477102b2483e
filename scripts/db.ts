// npm run db:migrate | db:migration -- <name> | db:status
import { applyMigrations, createMigration, migrationStatus } from "./lib/schema-engine";

const [command, ...args] = process.argv.slice(2);

function requireDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error(
      "DATABASE_URL is not set. `npm run dev` migrates its embedded database by itself;\n" +
        "to migrate another database, run e.g. DATABASE_URL=postgresql://user:pass@host/db npm run db:migrate",
    );
    process.exit(2);
  }
  return url;
}

async function main(): Promise<void> {
  switch (command) {
    case "migrate": {
      const applied = await applyMigrations({ databaseUrl: requireDatabaseUrl() });
      console.log(applied.length ? `Applied ${applied.length} migration(s):\n  ${applied.join("\n  ")}` : "Database is up to date.");
      return;
    }
    case "migration": {
      const name = args.find((a) => !a.startsWith("-"));
      if (!name || !/^[a-z0-9_]+$/i.test(name)) {
        console.error("usage: npm run db:migration -- <name>   (letters, digits and underscores)");
        process.exit(2);
      }
      const created = await createMigration({ name });
      console.log(created ? `Created prisma/migrations/${created}/migration.sql` : "schema.prisma matches the migrations: nothing to create.");
      return;
    }
    case "status": {
      const status = await migrationStatus({ databaseUrl: requireDatabaseUrl() });
      const history = status.history;
      if (status.failedMigrationNames.length) console.log(`Failed migrations: ${status.failedMigrationNames.join(", ")}`);
      if (status.editedMigrationNames.length) console.log(`Edited after being applied: ${status.editedMigrationNames.join(", ")}`);
      if (!history) console.log("Database schema is up to date.");
      else if (history.diagnostic === "databaseIsBehind") console.log(`Pending migrations:\n  ${history.unappliedMigrationNames.join("\n  ")}`);
      else if (history.diagnostic === "migrationsDirectoryIsBehind") console.log(`Applied but missing from prisma/migrations:\n  ${history.unpersistedMigrationNames.join("\n  ")}`);
      else console.log(`Migration history diverges after ${history.lastCommonMigrationName ?? "the start"}.`);
      if (history || status.failedMigrationNames.length || status.editedMigrationNames.length) process.exitCode = 1;
      return;
    }
    default:
      console.error("usage: tsx scripts/db.ts migrate | migration <name> | status");
      process.exit(2);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
