#!/usr/bin/env node
// The built CLI lives in dist/. A checkout that was never built, or an install missing one of the
// built files, would otherwise end in Node's stack trace; anything after loading is main()'s to report.
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
