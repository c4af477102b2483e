// A throwaway PostgreSQL server (the real one, from the machine's PostgreSQL binaries) on a free
// loopback port, for benchmarks and the reliability suite: they need real PostgreSQL performance,
// and the database-outage test stops and starts the server. As root it runs as `nobody`, since
// PostgreSQL refuses to run as root.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "./processes";

export interface PostgresServer {
  /** Connection URL of the `postgres` database. */
  url: string;
  port: number;
  /** Stops the server (`immediate`: like a crash, no checkpoint). Data stays for `start`. */
  stop: (mode?: "fast" | "immediate") => void;
  start: () => void;
  /** Stops the server and deletes its files. */
  destroy: () => void;
}

export function findPostgresBin(): string | null {
  const root = "/usr/lib/postgresql";
  if (!fs.existsSync(root)) return null;
  const versions = fs
    .readdirSync(root)
    .filter((v) => fs.existsSync(path.join(root, v, "bin/initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], "bin") : null;
}

export async function startPostgresServer(): Promise<PostgresServer> {
  const bin = findPostgresBin();
  if (!bin) {
    throw new Error("No PostgreSQL server binaries found (looked in /usr/lib/postgresql/*/bin). Install them (Debian/Ubuntu: sudo apt-get install -y postgresql) or set DATABASE_URL to a local server.");
  }
  const root = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "parley-pg-"));
  if (root) fs.chownSync(dir, Number(execFileSync("id", ["-u", "nobody"]).toString().trim()), fs.statSync(dir).gid);
  const as = (command: string, args: string[]) => {
    const [file, argv] = root ? ["runuser", ["-u", "nobody", "--", command, ...args]] : [command, args];
    const result = spawnSync(file, argv, { encoding: "utf8" });
    if (result.status !== 0) throw new Error(`${path.basename(command)} failed: ${result.stderr || result.stdout}`);
  };
  const port = await freePort();
  const data = path.join(dir, "data");
  as(path.join(bin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-instructions"]);
  const start = () =>
    as(path.join(bin, "pg_ctl"), ["-D", data, "-l", path.join(dir, "server.log"), "-w", "-o", `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300`, "start"]);
  const stop = (mode: "fast" | "immediate" = "fast") => as(path.join(bin, "pg_ctl"), ["-D", data, "-m", mode, "-w", "stop"]);
  start();
  let destroyed = false;
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    port,
    stop,
    start,
    destroy() {
      if (destroyed) return;
      destroyed = true;
      try {
        stop("immediate");
      } catch {
        // already stopped
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
