#!/usr/bin/env node
"use strict";
// Keeps the better-sqlite3 addon `npm ci` compiled where better-sqlite3's installer looks before it
// downloads or compiles one: prebuild-install's cache in npm's cache folder (~/.npm/_prebuilds),
// under the name of the release asset it would have fetched for this version, Node ABI and
// platform. Where GitHub cannot be reached (this CI machine), every `npm ci` otherwise compiles
// SQLite again: about a minute. prebuild-install loads a cached addon to check it before using it,
// and compiles when that fails, so a bad entry costs one compile. Best effort: .ci/run goes on
// whatever happens here. Run from the project root after `npm ci`.
const { createWriteStream, existsSync, mkdirSync, renameSync } = require("node:fs");
const { join } = require("node:path");
const { createGzip } = require("node:zlib");
const { pipeline } = require("node:stream/promises");

async function main() {
  const pkgDir = join(process.cwd(), "node_modules", "better-sqlite3");
  const addon = join(pkgDir, "build", "Release", "better_sqlite3.node");
  const from = (name) => require(require.resolve(name, { paths: [pkgDir] }));
  const util = from("prebuild-install/util");
  const pkg = require(join(pkgDir, "package.json"));
  const opts = { ...from("prebuild-install/rc")(pkg), pkg };
  const cached = util.cachedPrebuild(util.getDownloadUrl(opts));
  if (existsSync(cached)) return `kept already: ${cached}`;
  if (!existsSync(addon)) return "no compiled addon to keep";
  mkdirSync(util.prebuildCache(), { recursive: true });
  const temp = `${cached}.${process.pid}.tmp`;
  // The release asset's layout: build/Release/better_sqlite3.node inside a gzipped tar.
  const pack = from("tar-fs").pack(pkgDir, { entries: ["build/Release/better_sqlite3.node"] });
  await pipeline(pack, createGzip(), createWriteStream(temp, { mode: 0o644 }));
  renameSync(temp, cached);
  return `kept ${addon} as ${cached}`;
}

main().then(
  (what) => console.log(`keep-addon: ${what}`),
  (err) => console.log(`keep-addon: not kept (${err.message})`),
);
