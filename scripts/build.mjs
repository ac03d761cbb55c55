// Bundles src/ into dist/ with esbuild. Code splitting keeps the heavy modules
// (yaml, zod, better-sqlite3 bindings, the call screen) in chunks that load only
// when a command needs them, so `trust --help` starts close to bare node.
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";

const root = new URL("../", import.meta.url);
const pkg = JSON.parse(await readFile(new URL("package.json", root), "utf8"));
// Build beside dist/ and swap it in, so a CLI run (or a test) during a build never sees a half-written dist/.
const out = new URL(`dist.tmp-${process.pid}/`, root);
const old = new URL(`dist.old-${process.pid}/`, root);
const dist = new URL("dist/", root);

await build({
  entryPoints: [new URL("src/index.ts", root).pathname],
  outdir: out.pathname,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  // Native addon: must be required from node_modules at run time.
  // pg-native: node-postgres's optional libpq binding, which trust does not use.
  external: ["better-sqlite3", "pg-native"],
  banner: { js: "import { createRequire as __trustCreateRequire } from 'node:module'; const require = __trustCreateRequire(import.meta.url);" },
  define: { __TRUST_VERSION__: JSON.stringify(pkg.version) },
  sourcemap: "linked",
  legalComments: "none",
  logLevel: "warning",
  plugins: [zodEnglishOnly(), commanderWithoutChildProcess(), pgNotOnCloudflare(), widthLibrariesOnFirstUse()],
});
const fast = await fastPathFacts(out);
const reads = await buildQuickReads(out, Object.keys(fast.quick.commands));
await buildQuickSync(out);
await buildStandardStreams(out);
await writeFastPath(out, fast, reads);
await rename(dist, old).catch((err) => {
  if (err.code !== "ENOENT") throw err;
});
await rename(out, dist);
await rm(old, { recursive: true, force: true });

/**
 * `trust --version` and `trust --help` are printed by bin/trust.cjs from dist/fast-path.json
 * without loading the bundle, which costs more than Node's own start-up on a small machine.
 * The help is the bundle's own, rendered here as on a pipe, with the width it was wrapped to,
 * so bin/trust.cjs uses it only where commander would print the same (tests/startup.test.ts).
 * The read commands' and sync's options come from the bundle's commander program too.
 */
async function fastPathFacts(dir) {
  const index = new URL("index.js", dir).href;
  const script = `const m = await import(${JSON.stringify(index)});
let help = "";
process.stdout.write = (s) => ((help += s), true);
const code = await m.main(["node", "trust", "--help"]);
process.stderr.write(JSON.stringify({ version: ${JSON.stringify(pkg.version)}, helpWidth: m.HELP_WIDTH, help, code, quick: m.quickSpec(), sync: m.syncSpec() }));`;
  const { spawnSync } = await import("node:child_process");
  const env = { ...process.env };
  delete env.COLUMNS;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { env, encoding: "utf8", stdio: ["ignore", "ignore", "pipe"] });
  const fast = JSON.parse(r.stderr);
  if (r.status !== 0 || fast.code !== 0 || !fast.help.startsWith("Usage: trust")) throw new Error(`prebuilding --help failed: ${r.stderr}`);
  delete fast.code;
  return fast;
}

/**
 * dist/fast-path.json, with the names of the code caches bin/trust.cjs keeps of each read
 * command's file and of sync.cjs: a cache is only ever used with the file it was made from.
 */
async function writeFastPath(dir, fast, reads) {
  const id = async (file) => createHash("sha256").update(await readFile(new URL(file, dir))).digest("hex").slice(0, 16);
  fast.reads = Object.fromEntries(await Promise.all(reads.map(async (file) => [file, await id(file)])));
  fast.syncBuild = await id("sync.cjs");
  await writeFile(new URL("fast-path.json", dir), JSON.stringify(fast) + "\n");
}

/**
 * dist/sync.cjs, the quick way in for `trust sync` (src/fast/sync-main.ts): one CommonJS file
 * with node-postgres and the writer, without commander. zod and the YAML parser are in it, run
 * only when a pull merges something; the migrations, the same. Like read.cjs, it finds
 * better-sqlite3's addon by path and is compiled from a V8 code cache.
 */
async function buildQuickSync(dir) {
  const { bytes } = await buildCommonJs("src/fast/sync-main.ts", new URL("sync.cjs", dir), {
    external: ["pg-native"],
    // Reading and decoding the file is most of what it costs with its code cache (a millisecond for
    // each 100 kB on a small machine); without the indentation and comments it is half the size.
    // Names are kept, so a --debug stack trace still says where; the source map has the lines.
    minifyWhitespace: true,
    define: { __TRUST_VERSION__: JSON.stringify(pkg.version), "import.meta.url": "__trustFileUrl" },
    banner: { js: "const __trustFileUrl = require('node:url').pathToFileURL(__filename).href;" },
    sourcemap: "linked",
    plugins: [zodEnglishOnly(), pgNotOnCloudflare(), widthLibrariesOnFirstUse(), ttyOnlyForCharacterDevices(), {
      // commander has no part in a sync; one that reaches it is a mistake in the build.
      name: "no-commander",
      setup(b) {
        b.onResolve({ filter: /^commander$/ }, () => ({ errors: [{ text: "dist/sync.cjs must not load commander" }] }));
      },
    }],
  });
  // Compiled from its cache, the file costs little to start but its reading; one much larger pulled in something new.
  if (bytes > 1_600_000) throw new Error(`dist/sync.cjs is ${bytes} bytes, over its 1.6 MB budget: see its metafile for what it pulled in`);
}

/**
 * dist/standard-streams.cjs: src/standard-streams.ts on its own, for bin/trust.cjs to print
 * `--version` and `--help` the way every command prints (on a pipe without making process.stdout)
 * without loading more than these few kB.
 */
async function buildStandardStreams(dir) {
  const { bytes } = await buildCommonJs("src/standard-streams.ts", new URL("standard-streams.cjs", dir));
  if (bytes > 12_000) throw new Error(`dist/standard-streams.cjs is ${bytes} bytes, over its 12 kB budget: it is loaded before every --version and --help`);
}

/** One CommonJS file for Node 20 from `entry`, with everything it imports; answers its metafile and size. */
async function buildCommonJs(entry, outfile, more = {}) {
  const r = await build({
    entryPoints: [new URL(entry, root).pathname],
    outfile: outfile.pathname,
    bundle: true,
    format: "cjs",
    platform: "node",
    target: "node20",
    legalComments: "none",
    logLevel: "warning",
    metafile: true,
    ...more,
  });
  return { metafile: r.metafile, bytes: Object.values(r.metafile.outputs).find((o) => o.entryPoint)?.bytes ?? 0 };
}

/**
 * dist/read-<verb>.cjs, the quick way in for each command that only reads (src/fast/read-main.ts):
 * one CommonJS file per command, which Node loads faster than the ES module chunks, without
 * commander and without the heavy parts no read needs. Where a read would reach one of those (a
 * people file is YAML, an older database needs the migrations), it reaches a module that throws
 * FullPathNeeded instead, and bin/trust.cjs runs the line again through the full CLI.
 *
 * One file per command, each without the other commands' modules: reading, decoding and
 * deserialising one file of every read (296 kB) was some 10 ms of `trust export` and of the CI
 * gate on a small machine, and the gate needs half of it. Answers the files' names.
 */
async function buildQuickReads(dir, verbs) {
  const files = [];
  for (const verb of verbs) {
    const file = `read-${verb}.cjs`;
    // Each read command is src/commands/<verb>.ts, reached from the table in src/commands/readers.ts.
    const others = verbs.filter((v) => v !== verb).map((v) => `src/commands/${v}.ts`);
    const { metafile, bytes } = await buildQuickRead(dir, file, others);
    if (process.env.TRUST_BUILD_METAFILE) await writeFile(`${process.env.TRUST_BUILD_METAFILE}.${verb}.json`, JSON.stringify(metafile));
    // Left out of this file, another command's module may be reached only from the table: one that
    // another module imports would send every run of this command to the full CLI.
    for (const [input, { imports }] of Object.entries(metafile.inputs)) {
      const reached = imports.filter((i) => others.some((o) => i.path === `full-path-needed:${o}`));
      if (reached.length > 0 && input !== "src/commands/readers.ts") {
        throw new Error(`${input} imports ${reached.map((i) => i.path.split(":")[1]).join(", ")}: dist/${file} is built without the other commands' modules`);
      }
    }
    // Compiling the file is most of what it costs to start: one that grew past this is a read path that pulled in something heavy.
    // 300 kB when one file held every read command (286 kB then); the report's own, with its HTML page and charts, is the largest (217 kB).
    if (bytes > 230_000) throw new Error(`dist/${file} is ${bytes} bytes, over its 230 kB budget: see its metafile for what it pulled in`);
    files.push(file);
  }
  return files;
}

/** One read command's file, `file`, built without the modules in `without` besides those no read needs. */
async function buildQuickRead(dir, file, without) {
  const FULL_ONLY = [
    "src/store/open.ts", // the writer's open: migrations and the checks of what is written
    "src/playbook/load.ts", // playbook and people files, and snapshots that no longer check
    "src/commands/letter.ts", // `export --audience client` is the letter
    "src/report/commitments-ics.ts", // `actions --format ics`
    ...without,
  ];
  const fullPath = new URL("src/fast/full-path.ts", root).pathname;
  // bindings: better-sqlite3's search for its addon, used only where the addon is not at its usual place (src/store/sqlite.ts).
  const left = /^(zod|yaml|nodemailer|ical\.js|commander|@inquirer\/[^/]+|bindings)(\/.*)?$/;
  return await buildCommonJs("src/fast/read-main.ts", new URL(file, dir), {
    // Without spaces and with shorter syntax, not renamed: a quarter less to read and hold at
    // every start, while a stack trace (--debug) still names trust's own functions.
    minifyWhitespace: true,
    minifySyntax: true,
    // better-sqlite3's JavaScript is bundled too (its ten small files cost more to load than to
    // compile here); its addon is loaded from node_modules by path (src/store/sqlite.ts).
    // The store finds better-sqlite3's addon from its own file's URL; the file sits beside the chunks.
    define: { __TRUST_VERSION__: JSON.stringify(pkg.version), "import.meta.url": "__trustFileUrl" },
    banner: { js: "const __trustFileUrl = require('node:url').pathToFileURL(__filename).href;" },
    sourcemap: "linked",
    plugins: [
      {
        name: "full-path-needed",
        setup(b) {
          b.onResolve({ filter: left }, (a) => ({ path: left.exec(a.path)[1], namespace: "full-path-needed" }));
          // trust's own modules that only the full CLI's work needs; leaving them out keeps the file small.
          b.onResolve({ filter: /^\.\.?\/.*\.js$/ }, (a) => {
            const file = join(a.resolveDir, a.path).replace(/\.js$/, ".ts");
            const name = FULL_ONLY.find((m) => file === new URL(m, root).pathname);
            return name === undefined ? undefined : { path: name, namespace: "full-path-needed" };
          });
          // CommonJS, so that any name imported from it is accepted at build time; it throws when first run.
          b.onLoad({ filter: /.*/, namespace: "full-path-needed" }, (a) => ({
            contents: `module.exports = {};\nconst { FullPathNeeded } = require(${JSON.stringify(fullPath)});\nthrow new FullPathNeeded(${JSON.stringify(a.path)});\n`,
            loader: "js",
            resolveDir: dirname(fullPath),
          }));
        },
      },
      commanderWithoutChildProcess(),
      widthLibrariesOnFirstUse(),
      ttyOnlyForCharacterDevices(),
    ],
  });
}

/**
 * node-postgres asks, as it loads, whether it runs on Cloudflare Workers: it reads the global
 * `navigator` and makes a `Response`, which on Node loads the whole of undici (fetch), some 40 ms
 * of every `trust sync`. trust runs on Node only.
 */
function pgNotOnCloudflare() {
  const probe = "function isCloudflareRuntime() {";
  return {
    name: "pg-not-on-cloudflare",
    setup(b) {
      b.onLoad({ filter: /[\\/]pg[\\/]lib[\\/]stream\.js$/ }, async (a) => {
        const source = await readFile(a.path, "utf8");
        if (!source.includes(probe)) throw new Error(`pg/lib/stream.js has changed: ${probe} is not in it (see scripts/build.mjs)`);
        return { contents: source.replace(probe, `${probe} return false;`), loader: "js" };
      });
    },
  };
}

/**
 * string-width and wrap-ansi make an Intl.Segmenter (loading ICU's break data) and compile
 * Unicode-set regexes as they load: about 15-20 ms of every command that prints a table, though
 * a table of ASCII text (ids, dates, most names) never calls them (src/format/width.ts measures
 * that itself). Each module's body runs at its first call instead; its imports stay as they are.
 * The versions are pinned in package.json: a release shaped otherwise fails the build.
 */
function widthLibrariesOnFirstUse() {
  return {
    name: "width-libraries-on-first-use",
    setup(b) {
      b.onLoad({ filter: /[\\/]node_modules[\\/](string-width|wrap-ansi)[\\/]index\.js$/ }, async (a) => {
        const source = await readFile(a.path, "utf8");
        const lines = source.split("\n");
        const body = lines.findIndex((l) => !/^import .* from '[^']+';$/.test(l));
        const rest = lines.slice(body).join("\n");
        const exported = [...rest.matchAll(/^export /gm)];
        const main = /^export default function (\w+)\(/m.exec(rest);
        if (body < 1 || exported.length !== 1 || !main) throw new Error(`${a.path} is no longer one default-exported function after its imports (see scripts/build.mjs)`);
        const name = main[1];
        const contents = `${lines.slice(0, body).join("\n")}
let loaded;
export default function ${name}(...args) {
  loaded ??= (() => {
${rest.replace(/^export default function /m, "function ")}
return ${name};
  })();
  return loaded(...args);
}
`;
        return { contents, loader: "js" };
      });
    },
  };
}

/**
 * chalk asks node:tty, as it loads, whether stdout and stderr are terminals, and loading node:tty
 * loads net and Node's streams: about 7 ms of every quick read, which on a pipe or a file writes
 * without them (src/standard-streams.ts). Only a character device can be a terminal, so chalk
 * gets an isatty that asks node:tty only about one of those.
 */
function ttyOnlyForCharacterDevices() {
  const eager = "import tty from 'node:tty';";
  const streams = new URL("src/standard-streams.ts", root).pathname;
  return {
    name: "tty-only-for-character-devices",
    setup(b) {
      b.onLoad({ filter: /[\\/]chalk[\\/]source[\\/]vendor[\\/]supports-color[\\/]index\.js$/ }, async (a) => {
        const source = await readFile(a.path, "utf8");
        if (!source.includes(eager)) throw new Error(`${a.path} no longer imports node:tty as expected (see scripts/build.mjs)`);
        const lazy = `import { mayBeTerminal } from ${JSON.stringify(streams)};
const tty = { isatty: (fd) => mayBeTerminal(fd) && process.getBuiltinModule("node:tty").isatty(fd) };`;
        return { contents: source.replace(eager, lazy), loader: "js" };
      });
    },
  };
}

/**
 * commander loads node:child_process as it starts, for subcommands that are separate executables,
 * which trust has none of: 5-6 ms of every command on a small machine. Loaded when first used.
 */
function commanderWithoutChildProcess() {
  const eager = "const childProcess = require('node:child_process');";
  return {
    name: "commander-lazy-child-process",
    setup(b) {
      b.onLoad({ filter: /commander[\\/]lib[\\/]command\.js$/ }, async (a) => {
        const source = await readFile(a.path, "utf8");
        // A commander that no longer starts this way fails the build rather than loading it eagerly again.
        if (!source.includes(eager)) throw new Error(`${a.path} no longer requires node:child_process as expected`);
        return { contents: source.replace(eager, "const childProcess = { get spawn() { return require('node:child_process').spawn; } };"), loader: "js" };
      });
    },
  };
}

/**
 * zod re-exports every locale as a namespace (z.locales), which no bundler can drop, and loading
 * all ~60 of them cost 25-35 ms in every command that uses zod. trust speaks English only.
 */
function zodEnglishOnly() {
  return {
    name: "zod-english-only",
    setup(b) {
      b.onResolve({ filter: /\/locales\/index\.js$/ }, (a) =>
        a.importer.includes("/zod/")
          ? { path: join(dirname(a.importer), "../locales/index.js"), namespace: "zod-locales", pluginData: dirname(a.importer) }
          : undefined,
      );
      b.onLoad({ filter: /.*/, namespace: "zod-locales" }, (a) => ({
        contents: `export { default as en } from ${JSON.stringify(join(a.pluginData, "../locales/en.js"))};`,
        loader: "js",
        resolveDir: a.pluginData,
      }));
    },
  };
}
