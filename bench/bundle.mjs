// Bundles bench/lib (and the project's store, engine and playbook code it imports) into one ESM
// file the plain-JS bench scripts can import, the same way scripts/build.mjs bundles src/.
// The store's id module gets a seedable randomHex, so a seeded run makes the same ids.
import { build } from "esbuild";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** Builds the bench library and returns its module (imported fresh). */
export async function loadBenchLib() {
  const outdir = join(ROOT, "node_modules", ".cache", "trust-bench");
  mkdirSync(outdir, { recursive: true });
  const outfile = join(outdir, `bench-${process.pid}.mjs`);
  const seeded = join(ROOT, "bench", "lib", "seeded-ids.ts");
  await build({
    entryPoints: [join(ROOT, "bench", "lib", "entry.ts")],
    outfile,
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    external: ["better-sqlite3"],
    banner: { js: "import { createRequire as __benchCreateRequire } from 'node:module'; const require = __benchCreateRequire(import.meta.url);" },
    logLevel: "warning",
    plugins: [
      {
        name: "seeded-ids",
        setup(b) {
          b.onResolve({ filter: /hashes\.js$/ }, (args) =>
            args.importer.endsWith(join("src", "store", "ids.ts")) ? { path: seeded } : undefined,
          );
        },
      },
    ],
  });
  try {
    return await import(outfile);
  } finally {
    // The module is loaded; the file is not needed any more.
    rmSync(outfile, { force: true });
  }
}
