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
// The commands that only read (the build lists them) run from dist/read.cjs, without commander or
// the ES module chunks (src/fast/read-main.ts); it hands back anything it is not sure of, and the
// full CLI runs it. Help is commander's to print, and is printed without loading it.
const quick =
  fast === undefined && built?.quick && args.some((a) => Object.hasOwn(built.quick.commands, a)) && !args.some((a) => a === "--help" || a === "-h")
    ? built.quick
    : undefined;
if (quick !== undefined) {
  quickRead(quick);
} else if (fast && (!help || !process.stdout.isTTY || process.stdout.columns >= fast.helpWidth)) {
  // A reader that goes away (`trust --help | head -1`) is not an error; a full disk behind a redirect is.
  process.stdout.on("error", (err) => {
    if (err.code === "EPIPE") return;
    process.stderr.write(`trust: cannot write to standard output: ${err.message}\n`);
    process.exitCode = 1;
  });
  process.stdout.write(help ? fast.help : `${fast.version}\n`);
} else {
  run();
}

async function quickRead(spec) {
  let runRead;
  try {
    ({ runRead } = require("../dist/read.cjs"));
  } catch (err) {
    // An install without it (or a half-copied one): the full CLI says what is missing.
    if (err?.code !== "MODULE_NOT_FOUND") throw err;
    return run();
  }
  const code = await runRead(args, spec);
  if (code === undefined) return run();
  process.exitCode = code;
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
        "hint: in a checkout of trust, `npm ci` installs and builds it; otherwise install trust again (`npm install -g trust-cli`)\n",
    );
    process.exit(1);
  }
  process.exitCode = await main(process.argv);
}
