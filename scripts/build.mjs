// Bundles src/ into dist/ with esbuild. Code splitting keeps the heavy modules
// (yaml, zod, better-sqlite3 bindings, @inquirer/prompts) in chunks that load only
// when a command needs them, so `trust --help` starts close to bare node.
import { build } from "esbuild";
import { readFile, rm } from "node:fs/promises";

const pkg = JSON.parse(await readFile(new URL("../package.json", import.meta.url), "utf8"));

await rm(new URL("../dist", import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: ["src/index.ts"],
  outdir: "dist",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  // Native addon: must be required from node_modules at run time.
  external: ["better-sqlite3"],
  banner: { js: "import { createRequire as __trustCreateRequire } from 'node:module'; const require = __trustCreateRequire(import.meta.url);" },
  define: { __TRUST_VERSION__: JSON.stringify(pkg.version) },
  sourcemap: "linked",
  legalComments: "none",
  logLevel: "warning",
});
