import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { cli, cliEnv, startedDb, tempDirs } from "../fault/helpers.js";

/**
 * bin/trust.cjs keeps V8's code cache of each read command's file (dist/read-<verb>.cjs) in the
 * user's cache folder ($XDG_CACHE_HOME/trust): written after the first run, used by the next,
 * private to the user, and never a reason for a command to fail or to print anything different.
 */

const temp = tempDirs("trust-code-cache-");
let db: string;
let id: string;
beforeAll(async () => {
  db = await startedDb(temp());
  const listed = await cli(["sessions", "--json", "--db", db], { env: cliEnv({ XDG_CACHE_HOME: join(temp(), "unused") }) });
  id = (JSON.parse(listed.stdout) as Array<{ id: string }>)[0]!.id;
}, 60_000);

/** `trust show --json` with its code cache in `cache`. */
const run = (cache: string) => cli(["show", "--json", "--db", db, id], { env: cliEnv({ XDG_CACHE_HOME: cache }) });

describe("the code cache of the read commands", () => {
  it("is written after the first run, private, one file, and changes nothing a command prints", async () => {
    const cache = temp();
    const first = await run(cache);
    expect(first.code, first.stderr).toBe(0);
    const folder = join(cache, "trust");
    const files = readdirSync(folder);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^read-show-[0-9a-f]{16}-v\d+\.\d+\.\d+-\w+\.cache$/);
    expect((statSync(folder).mode & 0o777).toString(8)).toBe("700");
    expect((statSync(join(folder, files[0]!)).mode & 0o777).toString(8)).toBe("600");
    const second = await run(cache);
    expect(second).toMatchObject({ code: 0, stdout: first.stdout, stderr: "" });
    expect(readdirSync(folder)).toEqual(files);
  });

  it("a cache that is not V8's is refused by V8 and written again; the command runs as ever", async () => {
    const cache = temp();
    const good = await run(cache);
    const folder = join(cache, "trust");
    const [name] = readdirSync(folder);
    writeFileSync(join(folder, name!), "not a code cache at all");
    const again = await run(cache);
    expect(again).toMatchObject({ code: 0, stdout: good.stdout, stderr: "" });
    expect(readFileSync(join(folder, name!)).length).toBeGreaterThan(1000);
  });

  it("a folder others can write, or one that cannot be made, is not used, and the command runs as ever", async () => {
    const shared = temp();
    mkdirSync(join(shared, "trust"), { mode: 0o777 });
    chmodSync(join(shared, "trust"), 0o777);
    const open = await run(shared);
    expect(open.code, open.stderr).toBe(0);
    expect(readdirSync(join(shared, "trust"))).toEqual([]);

    const blocked = temp();
    writeFileSync(join(blocked, "trust"), "a file where the folder would go");
    const r = await run(blocked);
    expect(r).toMatchObject({ code: 0, stdout: open.stdout, stderr: "" });
  });

  it("old caches of other builds are removed when a new one is written, those of the one file all reads ran from before too", async () => {
    const cache = temp();
    mkdirSync(join(cache, "trust"), { mode: 0o700 });
    writeFileSync(join(cache, "trust", "read-show-0000000000000000-v1.0.0-x64.cache"), "old", { mode: 0o600 });
    writeFileSync(join(cache, "trust", "read-1111111111111111-v1.0.0-x64.cache"), "old", { mode: 0o600 });
    expect((await run(cache)).code).toBe(0);
    const names = readdirSync(join(cache, "trust"));
    expect(names).toHaveLength(1);
    expect(names[0]).toMatch(/^read-show-[0-9a-f]{16}-v/);
    expect(names[0]).not.toContain("0000000000000000");
  });

  it("each read command keeps its own cache, and one command's does not replace another's", async () => {
    const cache = temp();
    const show = await run(cache);
    const exported = () => cli(["export", "--format", "json", "--db", db, id], { env: cliEnv({ XDG_CACHE_HOME: cache }) });
    const first = await exported();
    expect(first.code, first.stderr).toBe(0);
    const names = readdirSync(join(cache, "trust")).sort();
    expect(names).toHaveLength(2);
    expect(names[0]).toMatch(/^read-export-[0-9a-f]{16}-v/);
    expect(names[1]).toMatch(/^read-show-[0-9a-f]{16}-v/);
    // Each is used as it is: run again, neither command writes its cache anew nor prints anything else.
    const written = names.map((n) => statSync(join(cache, "trust", n)).mtimeMs);
    expect(await exported()).toMatchObject({ code: 0, stdout: first.stdout, stderr: "" });
    expect(await run(cache)).toMatchObject({ code: 0, stdout: show.stdout, stderr: "" });
    expect(readdirSync(join(cache, "trust")).sort()).toEqual(names);
    expect(names.map((n) => statSync(join(cache, "trust", n)).mtimeMs)).toEqual(written);
  });

  it("trust sync keeps its own cache of dist/sync.cjs beside the read commands', and each replaces only its own", async () => {
    const cache = temp();
    expect((await run(cache)).code).toBe(0);
    // No server needed: a sync that cannot connect still runs from dist/sync.cjs, and ends in exit 5.
    const sync = () => cli(["sync", "--db", db, "--remote", "postgres://127.0.0.1:1/none"], { env: cliEnv({ XDG_CACHE_HOME: cache }) });
    const first = await sync();
    expect(first.code, first.stderr).toBe(5);
    const names = readdirSync(join(cache, "trust")).sort();
    expect(names).toHaveLength(2);
    expect(names[0]).toMatch(/^read-show-[0-9a-f]{16}-v/);
    expect(names[1]).toMatch(/^sync-[0-9a-f]{16}-v/);
    writeFileSync(join(cache, "trust", "sync-0000000000000000-v1.0.0-x64.cache"), "old", { mode: 0o600 });
    writeFileSync(join(cache, "trust", names[1]!), "refused by V8, so written again");
    expect(await sync()).toMatchObject({ code: 5, stderr: first.stderr });
    expect(readdirSync(join(cache, "trust")).sort()).toEqual(names);
  });
});
