"use strict";
// Preloaded with `node --require ./bench/process-usage.cjs ...`: when the process exits, writes
// its peak resident memory (KiB) and the CPU time it used (user + system, µs) as JSON to the file
// named by BENCH_USAGE_FILE. CPU time, unlike wall time, barely moves when other programs load
// the machine, so the bench reports both. Works wherever node runs, unlike /usr/bin/time -v.
// CommonJS and --require, not --import: with --import, Node 20 runs the main file through its ES
// module loader, which a CommonJS program like bin/trust.cjs never meets when people run it.
const { writeFileSync } = require("node:fs");

const out = process.env.BENCH_USAGE_FILE;
if (out) {
  process.on("exit", () => {
    const usage = process.resourceUsage();
    writeFileSync(out, JSON.stringify({ maxRSS: usage.maxRSS, cpu: usage.userCPUTime + usage.systemCPUTime }));
  });
}
