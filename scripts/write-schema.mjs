// Writes schema/playbook.schema.json from the built CLI, so the committed file editors use
// matches the zod schema. Run after changing src/playbook/schema.ts: npm run build && node scripts/write-schema.mjs
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const bin = fileURLToPath(new URL("../bin/trust.cjs", import.meta.url));
const out = fileURLToPath(new URL("../schema/playbook.schema.json", import.meta.url));
writeFileSync(out, execFileSync(process.execPath, [bin, "playbook", "schema"], { encoding: "utf8" }));
console.log(`wrote ${out}`);
