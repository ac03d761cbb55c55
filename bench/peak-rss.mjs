// Preloaded with `node --import ./bench/peak-rss.mjs ...`: when the process exits, writes its peak
// resident memory (maxRSS, in KiB) to the file named by BENCH_RSS_FILE. Works wherever node runs,
// unlike /usr/bin/time -v.
import { writeFileSync } from "node:fs";

const out = process.env.BENCH_RSS_FILE;
if (out) {
  process.on("exit", () => {
    writeFileSync(out, String(process.resourceUsage().maxRSS));
  });
}
