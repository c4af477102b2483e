// An embedded PostgreSQL for zero-setup development and tests: PGlite (Postgres compiled to WASM)
// served over the Postgres wire protocol on a loopback port, so Prisma, psql and every other client
// connect to it exactly as they would to a real server.
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

export interface EmbeddedPostgres {
  /** A postgres:// URL for any client. */
  url: string;
  port: number;
  stop: () => Promise<void>;
}

export interface StartEmbeddedPostgresOptions {
  /** Folder for the data files; omit for an in-memory database that vanishes on stop. */
  dataDir?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
}

export async function startEmbeddedPostgres({
  dataDir,
  port = 0,
}: StartEmbeddedPostgresOptions = {}): Promise<EmbeddedPostgres> {
  const releaseLock = dataDir ? lockDataDir(dataDir) : () => {};
  let db: PGlite | undefined;
  try {
    db = dataDir ? new PGlite(dataDir) : new PGlite();
    // PGlite runs one statement at a time; the server queues queries and keeps a transaction on
    // its connection, so several pooled connections are safe but gain nothing.
    const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port, maxConnections: 64 });
    await server.start();
    const bound = Number(server.getServerConn().split(":").pop());
    const pglite = db;
    let stopped = false;
    return {
      url: `postgresql://postgres:postgres@127.0.0.1:${bound}/postgres?sslmode=disable`,
      port: bound,
      async stop() {
        if (stopped) return;
        stopped = true;
        await server.stop();
        await pglite.close();
        releaseLock();
      },
    };
  } catch (error) {
    await db?.close().catch(() => {});
    releaseLock();
    if (error instanceof Error && "code" in error && error.code === "EADDRINUSE") {
      throw new Error(`Port ${port} is already in use: is another Parley dev server running?`);
    }
    throw error;
  }
}

/** PGlite has no lock of its own: two processes on one data folder would corrupt it. */
function lockDataDir(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockFile = path.join(path.dirname(path.resolve(dataDir)), `${path.basename(dataDir)}.pid`);
  try {
    fs.writeFileSync(lockFile, String(process.pid), { flag: "wx" });
  } catch {
    const holder = Number(fs.readFileSync(lockFile, "utf8"));
    if (holder && holder !== process.pid && isAlive(holder)) {
      throw new Error(
        `The embedded database in ${dataDir} is in use by process ${holder}. Stop that process first.`,
      );
    }
    fs.writeFileSync(lockFile, String(process.pid));
  }
  return () => fs.rmSync(lockFile, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
