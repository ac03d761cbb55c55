import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync, appendFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureDebianProgram } from "./debian.js";

/**
 * A private PostgreSQL server for tests (issue 14), as TOOLCHAIN.md says: Debian's server
 * (installed with apt when missing), `initdb` into a temporary folder and `pg_ctl start` on a free
 * localhost port, as the `postgres` user when the tests run as root (the server refuses root),
 * stopped and removed by stop(). No mocks of the server.
 *
 * Roles: `admin` (superuser, password `admin-pw`), made by initdb; the tests make the others. Host
 * connections need a password (scram-sha-256), so a wrong one is refused as on a real server;
 * `tls_only` may connect only over TLS, which this server does not offer, so its connections are
 * refused for want of TLS.
 */
export interface PgServer {
  port: number;
  dir: string;
  /** A URL for `user` (admin by default) and database (trust by default), with the password given. */
  url(opts?: { user?: string; password?: string; database?: string; query?: string }): string;
  /** Runs SQL as admin through psql, returns its output. */
  psql(sql: string, database?: string): string;
  stop(): void;
  /** Stops the server as a crash would (immediate), keeping its files; start() brings it back. */
  kill(): void;
  start(): void;
}

const ADMIN_PASSWORD = "admin-pw";

function binDir(): string {
  const root = "/usr/lib/postgresql";
  const find = () => (existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)).map((v) => join(root, v, "bin")).find((d) => existsSync(join(d, "pg_ctl"))) : undefined);
  let dir = find();
  if (dir === undefined) {
    // Debian 12's server: the package `postgresql` depends on postgresql-15.
    ensureDebianProgram("/usr/lib/postgresql/15/bin/pg_ctl", "postgresql");
    dir = find();
  }
  if (dir === undefined) throw new Error("PostgreSQL's server programs are not installed, and could not be (not root?): apt-get install postgresql");
  return dir;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

export async function startPostgres(): Promise<PgServer> {
  const bin = binDir();
  const root = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), "trust-pg-"));
  const data = join(dir, "data");
  const asServer = (cmd: string, args: string[]) => (root ? ["runuser", ["-u", "postgres", "--", join(bin, cmd), ...args]] : [join(bin, cmd), args]) as [string, string[]];
  if (root) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    chownSync(dir, uid, gid);
    chmodSync(dir, 0o700);
  }
  const pwfile = join(dir, "pw");
  writeFileSync(pwfile, ADMIN_PASSWORD + "\n");
  if (root) execFileSync("chown", ["postgres", pwfile]);
  const run = (cmd: string, args: string[]) => {
    const [file, argv] = asServer(cmd, args);
    const r = spawnSync(file, argv, { encoding: "utf8", cwd: "/" });
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr || r.stdout}`);
    return r.stdout;
  };
  run("initdb", ["-D", data, "-U", "admin", "--pwfile", pwfile, "-A", "scram-sha-256", "--no-sync", "-E", "UTF8", "--locale", "C"]);
  // tls_only may only come over TLS; everyone else with a password.
  writeFileSync(
    join(data, "pg_hba.conf"),
    ["local all all scram-sha-256", "hostssl all tls_only 127.0.0.1/32 scram-sha-256", "host all tls_only 127.0.0.1/32 reject", "host all all 127.0.0.1/32 scram-sha-256", ""].join("\n"),
  );
  // No fsync (a test machine's disk; a killed server still keeps what it wrote to the OS), but
  // commits acknowledged only once written, as on a real server: with synchronous_commit off, an
  // immediate shutdown loses commits the server already confirmed, which no client can detect.
  appendFileSync(join(data, "postgresql.conf"), "fsync = off\nfull_page_writes = off\n");
  const port = await freePort();
  const start = () => {
    run("pg_ctl", ["-D", data, "-o", `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`, "-l", join(dir, "log"), "-w", "-t", "120", "start"]);
  };
  start();
  const server: PgServer = {
    port,
    dir,
    url: ({ user = "admin", password = user === "admin" ? ADMIN_PASSWORD : undefined, database = "trust", query } = {}) =>
      `postgres://${encodeURIComponent(user)}${password === undefined ? "" : `:${encodeURIComponent(password)}`}@127.0.0.1:${port}/${database}${query ? `?${query}` : ""}`,
    psql(sql, database = "trust") {
      const r = spawnSync("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-At", "-h", "127.0.0.1", "-p", String(port), "-U", "admin", "-d", database, "-c", sql], {
        encoding: "utf8",
        env: { ...process.env, PGPASSWORD: ADMIN_PASSWORD },
      });
      if (r.status !== 0) throw new Error(`psql failed: ${r.stderr}`);
      return r.stdout;
    },
    stop() {
      try {
        run("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]);
      } catch {
        // Already stopped.
      }
      rmSync(dir, { recursive: true, force: true });
    },
    kill() {
      run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
    },
    start,
  };
  server.psql("CREATE DATABASE trust", "postgres");
  return server;
}
