#!/usr/bin/env node
"use strict";
// CommonJS, so Node starts it without its ES module loader: part of what keeps `trust --version`
// close to bare `node`. Everything else is the ES module bundle in dist/, imported below.
const { readFileSync } = require("node:fs");
const { join } = require("node:path");

// `trust --version` and `trust --help` print text the build rendered with the bundle itself
// (scripts/build.mjs): loading the bundle would cost more than Node's own start-up. The help is
// used only where commander would wrap it the same, a pipe or a terminal at least that wide.
const args = process.argv.slice(2);
const only = args.length === 1 ? args[0] : undefined;
const help = only === "--help" || only === "-h";
const built = prebuilt();
const fast = help || only === "--version" || only === "-V" ? built : undefined;
// The commands that only read (the build lists them) run each from its own file,
// dist/read-<verb>.cjs, without commander or the ES module chunks (src/fast/read-main.ts); it hands
// back anything it is not sure of, and the full CLI runs it. Help is commander's to print, and is
// printed without loading it. `trust sync` runs the same way from dist/sync.cjs (src/fast/sync-main.ts).
const verb = commandOf(args, built?.quick?.globals?.options ?? []);
const asked = (spec) => fast === undefined && spec && Object.hasOwn(spec.commands, verb) && !args.some((a) => a === "--help" || a === "-h");
const quick = asked(built?.quick) ? { file: `read-${verb}.cjs`, build: built.reads?.[`read-${verb}.cjs`], run: "runRead", spec: built.quick } : undefined;
const quickSync = asked(built?.sync) ? { file: "sync.cjs", build: built.syncBuild, run: "runSync", spec: built.sync } : undefined;
const streams = fast ? standardStreams() : undefined;
if (quick === undefined && quickSync === undefined && fast === undefined) rawFromTheStart();
if (quick !== undefined || quickSync !== undefined) {
  quickRun(quick ?? quickSync);
} else if (streams && (!help || !streams.mayBeTerminal(1) || !process.stdout.isTTY || process.stdout.columns >= fast.helpWidth)) {
  // As every command prints (src/standard-streams.ts): on a pipe or a file without making
  // process.stdout, which costs more than the rest of this; a reader that goes away
  // (`trust --help | head -1`) is not an error, a full disk behind a redirect is.
  streams.writeDirectly();
  streams.writeStdout(help ? fast.help : `${fast.version}\n`);
} else {
  run();
}

/**
 * On a live call (`trust start`, `trust resume` on a terminal) the keys typed while trust starts
 * are the call's: the terminal goes raw at once, not when the call screen opens some hundreds of
 * milliseconds later, so its own line editing does not act on them first (^U and ^W erasing, a
 * ^D swallowed) and they are not echoed onto the shell's screen. They wait, unread, for the call
 * screen. Node puts the terminal back as it exits, however the command ends.
 */
function rawFromTheStart() {
  if (verb !== "start" && verb !== "resume") return;
  // An answers file from a terminal (`--answers -`) is typed with the terminal's own editing and ^D.
  if (args.some((a) => a === "--answers" || a.startsWith("--answers=") || a === "--help" || a === "-h")) return;
  try {
    const tty = require("node:tty");
    if (tty.isatty(0) && tty.isatty(1)) process.stdin.setRawMode(true);
  } catch {
    // Not a terminal after all, or one that refuses: the call screen says what it needs.
  }
}

/** The command word: the first word that is not an option or the value of one of the program's own options. */
function commandOf(words, globals) {
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (!word.startsWith("-")) return word;
    const option = globals.find((o) => o.long === word);
    if (option?.kind === "value") i++;
  }
  return undefined;
}

function standardStreams() {
  try {
    return require("../dist/standard-streams.cjs");
  } catch (err) {
    // An install without it: the full CLI prints the same, or says what is missing.
    if (err?.code !== "MODULE_NOT_FOUND") throw err;
    return undefined;
  }
}

async function quickRun(quick) {
  let loaded;
  try {
    loaded = loadQuick(quick);
  } catch (err) {
    // An install without it (or a half-copied one): the full CLI says what is missing.
    if (err?.code !== "ENOENT") throw err;
    return run();
  }
  const code = await loaded.exports[quick.run](args, quick.spec);
  if (code === undefined) return run();
  process.exitCode = code;
  loaded.keepCache();
  // A read has nothing left to do once its text is out: ending here skips the garbage collection
  // V8 runs while the event loop winds down, a few milliseconds of each read (issue 11). Not when
  // some text went through Node's stream, which may still hold it or have an error to report.
  if (loaded.exports.allWritten?.() === true) process.exit(code);
}

/**
 * A read command's dist/read-<verb>.cjs or dist/sync.cjs, compiled with V8's code cache when
 * there is one for this build and this Node: compiling the file was a tenth of `trust export`'s
 * time. The cache holds compiled code only (no data), in trust's folder of the user's cache
 * folder, and is written after the first run that had none, with the functions that run
 * compiled; V8 refuses one from another Node itself.
 */
function loadQuick(quick) {
  const vm = require("node:vm");
  const Module = require("node:module");
  const file = join(__dirname, "..", "dist", quick.file);
  const source = readFileSync(file, "utf8");
  const cacheFile = codeCachePath(quick);
  let cached;
  try {
    if (cacheFile && ownedByUs(join(cacheFile, "..")) && ownedByUs(cacheFile)) cached = readFileSync(cacheFile);
  } catch {
    cached = undefined;
  }
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData: cached });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, Module.createRequire(file), module, file, join(__dirname, "..", "dist"));
  const fresh = cacheFile !== undefined && (cached === undefined || script.cachedDataRejected);
  return { exports: module.exports, keepCache: () => fresh && writeCache(cacheFile, script.createCachedData(), quick.file) };
}

/**
 * A cache is compiled code that will run: only one in a folder and file of this user's own that
 * nobody else can write (not a link) is used, so a shared cache folder cannot hand us code.
 */
function ownedByUs(path) {
  const info = require("node:fs").lstatSync(path);
  const uid = process.getuid?.();
  return !info.isSymbolicLink() && (uid === undefined || info.uid === uid) && (info.mode & 0o022) === 0;
}

/** `read-show-<build>-<node>-<arch>.cache` for dist/read-show.cjs, `sync-...` for dist/sync.cjs. */
function codeCachePath(quick) {
  const { XDG_CACHE_HOME, HOME } = process.env;
  const root = XDG_CACHE_HOME ? XDG_CACHE_HOME : HOME ? join(HOME, ".cache") : undefined;
  if (!root || !quick.build) return undefined;
  return join(root, "trust", `${cacheName(quick.file)}-${quick.build}-${process.version}-${process.arch}.cache`);
}

function cacheName(file) {
  return file.replace(/\.cjs$/, "");
}

/**
 * Best effort: a cache folder that cannot be written only means the next run compiles again.
 * The caches of other builds and other Nodes of the same file are removed, so the folder holds
 * one file for each; so are those of the one file every read command ran from before each had
 * its own (`read-<build>-...`).
 */
function writeCache(file, data, of) {
  const { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } = require("node:fs");
  const dir = join(file, "..");
  const temp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!ownedByUs(dir)) return;
    writeFileSync(temp, data, { mode: 0o600, flag: "wx" });
    renameSync(temp, file);
    for (const name of readdirSync(dir)) {
      const stale = name.startsWith(`${cacheName(of)}-`) || /^read-[0-9a-f]{16}-/.test(name);
      if (stale && name.endsWith(".cache") && join(dir, name) !== file) rmSync(join(dir, name), { force: true });
    }
  } catch {
    try {
      rmSync(temp, { force: true });
    } catch {
      // Nothing was left behind, or nothing can be removed there either.
    }
  }
}

function prebuilt() {
  try {
    return JSON.parse(readFileSync(join(__dirname, "..", "dist", "fast-path.json"), "utf8"));
  } catch {
    return undefined;
  }
}

async function run() {
  // A checkout that was never built, or an install missing one of the built files, would
  // otherwise end in Node's stack trace; anything after loading is main()'s to report.
  let main;
  try {
    ({ main } = await import("../dist/index.js"));
  } catch (err) {
    if (err?.code !== "ERR_MODULE_NOT_FOUND") throw err;
    const missing = /Cannot find (?:module|package) '([^']+)'/.exec(err.message)?.[1] ?? "dist/index.js";
    process.stderr.write(
      `trust: trust is not completely installed: ${missing} cannot be found\n` +
        "hint: in a checkout of trust, `npm ci && npm run build` installs and builds it; otherwise install trust again (`npm install -g trust-cli`)\n",
    );
    process.exit(1);
  }
  process.exitCode = await main(process.argv);
}
