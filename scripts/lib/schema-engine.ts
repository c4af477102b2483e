// Prisma migrations without Prisma's native schema-engine binary, which this project cannot assume
// is downloadable. The WebAssembly build of the same engine (@prisma/schema-engine-wasm) does the
// work through a driver adapter, so `_prisma_migrations` rows, checksums and generated SQL are
// exactly what `prisma migrate deploy` / `migrate dev` produce: the two tools can be mixed freely.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import {
  bindMigrationAwareSqlAdapterFactory,
  ColumnTypeEnum,
  type SqlDriverAdapter,
} from "@prisma/driver-adapter-utils";
import type { MigrationList, SchemaEngine } from "@prisma/schema-engine-wasm";
import { startEmbeddedPostgres } from "./embedded-postgres";

export const projectRoot = path.resolve(import.meta.dirname, "../..");
export const schemaPath = path.join(projectRoot, "prisma/schema.prisma");
export const migrationsDir = path.join(projectRoot, "prisma/migrations");

const require = createRequire(import.meta.url);
const noFilters = { externalTables: [], externalEnums: [] };

let lastPanic = "";
// The wasm build reports Rust panics through this global before throwing a bare RuntimeError.
(globalThis as { PRISMA_WASM_PANIC_REGISTRY?: unknown }).PRISMA_WASM_PANIC_REGISTRY = {
  set_message(message: string) {
    lastPanic = message;
  },
};

let engineClass: Promise<typeof SchemaEngine> | undefined;
function loadEngineClass(): Promise<typeof SchemaEngine> {
  engineClass ??= instantiateEngine();
  return engineClass;
}

async function instantiateEngine(): Promise<typeof SchemaEngine> {
  // Node 20 cannot import .wasm as an ES module, so the module is instantiated by hand.
  const bgPath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  const bg = (await import(bgPath)) as Record<string, unknown> & {
    __wbg_set_wasm: (exports: WebAssembly.Exports) => void;
    SchemaEngine: typeof SchemaEngine;
  };
  const wasm = new WebAssembly.Module(fs.readFileSync(bgPath.replace(/\.js$/, ".wasm")));
  const instance = new WebAssembly.Instance(wasm, {
    "./schema_engine_bg.js": bg as WebAssembly.ModuleImports,
  });
  bg.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as (() => void) | undefined)?.();
  return bg.SchemaEngine;
}

// adapter-pg 7.10 does not map Postgres' internal "char" type (OID 18), which the engine's catalog
// queries return (pg_constraint.contype and friends), and throws on it. The client reports such
// columns as text and tags their names; `tagCharColumns` then hands the engine the Character type
// it expects for them.
const charTag = "\u0000char";
type QueryResultLike = { fields?: { dataTypeID: number; name: string }[] };
function fixCharColumns<T>(result: T): T {
  for (const r of (Array.isArray(result) ? result : [result]) as QueryResultLike[]) {
    for (const field of r?.fields ?? []) {
      if (field.dataTypeID === 18) {
        field.dataTypeID = 25;
        field.name += charTag;
      }
    }
  }
  return result;
}
class CharFixClient extends pg.Client {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- pg.Client#query has a dozen overloads
  override query(...args: any[]): any {
    const callbackIndex = args.findIndex((a) => typeof a === "function");
    if (callbackIndex >= 0) {
      const callback = args[callbackIndex] as (error: Error | null, result: unknown) => void;
      args[callbackIndex] = (error: Error | null, result: unknown) =>
        callback(error, error ? result : fixCharColumns(result));
      return super.query(...(args as Parameters<pg.Client["query"]>));
    }
    const result = super.query(...(args as Parameters<pg.Client["query"]>)) as unknown;
    return result instanceof Promise ? result.then(fixCharColumns) : result;
  }
}

type Queryable = Pick<SqlDriverAdapter, "queryRaw">;
function tagCharColumns<T extends Queryable>(target: T): T {
  const queryRaw = target.queryRaw.bind(target);
  target.queryRaw = async (query) => {
    const result = await queryRaw(query);
    result.columnNames = result.columnNames.map((name, i) => {
      if (!name.endsWith(charTag)) return name;
      result.columnTypes[i] = ColumnTypeEnum.Character;
      return name.slice(0, -charTag.length);
    });
    return result;
  };
  return target;
}

function poolFor(url: string): pg.Pool {
  return new pg.Pool({ connectionString: url, Client: CharFixClient, max: 1, idleTimeoutMillis: 200 });
}

async function connect(url: string): Promise<SqlDriverAdapter> {
  const pool = poolFor(url);
  const connection = tagCharColumns(await new PrismaPg(pool).connect());
  const startTransaction = connection.startTransaction.bind(connection);
  connection.startTransaction = async (...args) => tagCharColumns(await startTransaction(...args));
  const dispose = connection.dispose.bind(connection);
  connection.dispose = async () => {
    await dispose();
    await pool.end().catch(() => {});
  };
  return connection;
}

/** Each shadow database is a fresh in-memory PGlite: no CREATEDB right or real server needed. */
async function connectShadow(): Promise<SqlDriverAdapter> {
  const shadow = await startEmbeddedPostgres();
  const connection = await connect(shadow.url);
  const dispose = connection.dispose.bind(connection);
  connection.dispose = async () => {
    await dispose();
    await shadow.stop();
  };
  return connection;
}

/** Stands in for the main database where a command only needs the shadow database. */
const noDatabase = {
  provider: "postgres",
  adapterName: "@prisma/adapter-pg",
  getConnectionInfo: () => ({ supportsRelationJoins: true }),
  async dispose() {},
  async queryRaw(query: { sql: string }) {
    if (query.sql.startsWith("SELECT EXISTS(SELECT 1 FROM pg_namespace")) {
      return {
        columnNames: ["exists", "version", "current_setting"],
        columnTypes: [ColumnTypeEnum.Boolean, ColumnTypeEnum.Text, ColumnTypeEnum.Text],
        rows: [[true, "PostgreSQL 17 (no database)", "170000"]],
      };
    }
    throw new Error(`this command needs no database, but the engine asked: ${query.sql.slice(0, 60)}`);
  },
  async executeRaw(): Promise<never> {
    throw new Error("this command needs no database");
  },
  async executeScript(): Promise<never> {
    throw new Error("this command needs no database");
  },
  async startTransaction(): Promise<never> {
    throw new Error("this command needs no database");
  },
} as unknown as SqlDriverAdapter;

export function readMigrationsList(dir = migrationsDir): MigrationList {
  fs.mkdirSync(dir, { recursive: true });
  const lockPath = path.join(dir, "migration_lock.toml");
  return {
    baseDir: dir,
    lockfile: {
      path: "migration_lock.toml",
      content: fs.existsSync(lockPath) ? fs.readFileSync(lockPath, "utf8") : null,
    },
    shadowDbInitScript: "",
    migrationDirectories: fs
      .readdirSync(dir)
      .filter((name) => fs.existsSync(path.join(dir, name, "migration.sql")))
      .sort()
      .map((name) => ({
        path: name,
        migrationFile: {
          path: "migration.sql",
          content: { tag: "ok" as const, value: fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8") },
        },
      })),
  };
}

export interface EngineOptions {
  /** The database to act on; omit for commands that only need a shadow database. */
  databaseUrl?: string;
  schema?: string;
}

export async function withSchemaEngine<T>(
  { databaseUrl, schema = schemaPath }: EngineOptions,
  run: (engine: SchemaEngine, schemaFiles: { path: string; content: string }[]) => Promise<T>,
): Promise<T> {
  const files = [{ path: schema, content: fs.readFileSync(schema, "utf8") }];
  const factory = bindMigrationAwareSqlAdapterFactory({
    provider: "postgres",
    adapterName: "@prisma/adapter-pg",
    connect: async () => (databaseUrl ? connect(databaseUrl) : noDatabase),
    connectToShadowDb: connectShadow,
  });
  const Engine = await loadEngineClass();
  const engine = await Engine.new(
    { datamodels: files.map((f) => [f.path, f.content]) },
    (log: string) => process.env.DEBUG_SCHEMA_ENGINE && console.error(log),
    factory,
  );
  // A Rust panic inside the wasm engine surfaces as an uncaught RuntimeError, not as a rejection:
  // catch it for the duration of the call so it fails the command instead of hanging it.
  let onPanic: ((error: unknown) => void) | undefined;
  const panicked = new Promise<never>((_, reject) => {
    onPanic = (error: unknown) => reject(error);
    process.on("uncaughtException", onPanic);
  });
  try {
    return await Promise.race([run(engine, files), panicked]);
  } catch (error) {
    if (lastPanic) throw new Error(`Prisma schema engine panicked: ${lastPanic}`, { cause: error });
    throw error;
  } finally {
    process.off("uncaughtException", onPanic!);
    try {
      engine.free();
    } catch {
      // an engine that panicked cannot always be freed; the process is about to move on anyway
    }
  }
}

/** Applies pending migrations, like `prisma migrate deploy`. Returns the names it applied. */
export async function applyMigrations({ databaseUrl }: { databaseUrl: string }): Promise<string[]> {
  return withSchemaEngine({ databaseUrl }, async (engine) => {
    const out = await engine.applyMigrations({ migrationsList: readMigrationsList(), filters: noFilters });
    return out.appliedMigrationNames;
  });
}

/** The SQL that would bring the committed migrations up to schema.prisma; "" when they agree. */
export async function diffMigrationsToSchema({
  schema = schemaPath,
  migrations = migrationsDir,
}: { schema?: string; migrations?: string } = {}): Promise<string> {
  return withSchemaEngine({ schema }, async (engine, files) => {
    const result = await engine.diff({
      from: { tag: "migrations", ...readMigrationsList(migrations) },
      to: { tag: "schemaDatamodel", files },
      script: true,
      exitCode: null,
      filters: noFilters,
    });
    return (result.stdout ?? "").replace(/^-- This is an empty migration\.\s*$/m, "").trim();
  });
}

/**
 * Writes prisma/migrations/<timestamp>_<name>/migration.sql with the difference between the last
 * migration and schema.prisma, like `prisma migrate dev --create-only`. Returns the folder name, or
 * null when there is nothing to migrate. (The engine's own createMigration insists on a shadow
 * database URL it manages itself, so the diff does the same job through our shadow factory.)
 */
export async function createMigration({ name, now = new Date() }: { name: string; now?: Date }): Promise<string | null> {
  const sql = await diffMigrationsToSchema();
  if (!sql) return null;
  const stamp = now.toISOString().replace(/\D/g, "").slice(0, 14);
  const folder = `${stamp}_${name}`;
  fs.mkdirSync(path.join(migrationsDir, folder), { recursive: true });
  fs.writeFileSync(path.join(migrationsDir, folder, "migration.sql"), `${sql}\n`);
  const lockPath = path.join(migrationsDir, "migration_lock.toml");
  if (!fs.existsSync(lockPath)) {
    fs.writeFileSync(
      lockPath,
      '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "postgresql"\n',
    );
  }
  return folder;
}

export async function migrationStatus({ databaseUrl }: { databaseUrl: string }) {
  return withSchemaEngine({ databaseUrl }, (engine) =>
    engine.diagnoseMigrationHistory({
      migrationsList: readMigrationsList(),
      optInToShadowDatabase: false,
      filters: noFilters,
    }),
  );
}
