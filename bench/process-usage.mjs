// Preloaded with `node --import ./bench/process-usage.mjs ...`: when the process exits, writes
// its peak resident memory (KiB) and the CPU time it used (user + system, µs) as JSON to the file
// named by BENCH_USAGE_FILE. CPU time, unlike wall time, barely moves when other programs load
// the machine, so the bench reports both. Works wherever node runs, unlike /usr/bin/time -v.
import { writeFileSync } from "node:fs";

const out = process.env.BENCH_USAGE_FILE;
if (out) {
  process.on("exit", () => {
    const usage = process.resourceUsage();
    writeFileSync(out, JSON.stringify({ maxRSS: usage.maxRSS, cpu: usage.userCPUTime + usage.systemCPUTime }));
  });
}
