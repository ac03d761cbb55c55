// Bundles src/ into dist/ with esbuild. Code splitting keeps the heavy modules
// (yaml, zod, better-sqlite3 bindings, the call screen) in chunks that load only
// when a command needs them, so `trust --help` starts close to bare node.
import { build } from "esbuild";
import { readFile, rename, rm } from "node:fs/promises";
import { dirname, join } from "node:path";

const root = new URL("../", import.meta.url);
const pkg = JSON.parse(await readFile(new URL("package.json", root), "utf8"));
// Build beside dist/ and swap it in, so a CLI run (or a test) during a build never sees a half-written dist/.
const out = new URL(`dist.tmp-${process.pid}/`, root);
const old = new URL(`dist.old-${process.pid}/`, root);
const dist = new URL("dist/", root);

await build({
  entryPoints: [new URL("src/index.ts", root).pathname],
  outdir: out.pathname,
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
  plugins: [zodEnglishOnly()],
});
await rename(dist, old).catch((err) => {
  if (err.code !== "ENOENT") throw err;
});
await rename(out, dist);
await rm(old, { recursive: true, force: true });

/**
 * zod re-exports every locale as a namespace (z.locales), which no bundler can drop, and loading
 * all ~60 of them cost 25-35 ms in every command that uses zod. trust speaks English only.
 */
function zodEnglishOnly() {
  return {
    name: "zod-english-only",
    setup(b) {
      b.onResolve({ filter: /\/locales\/index\.js$/ }, (a) =>
        a.importer.includes("/zod/")
          ? { path: join(dirname(a.importer), "../locales/index.js"), namespace: "zod-locales", pluginData: dirname(a.importer) }
          : undefined,
      );
      b.onLoad({ filter: /.*/, namespace: "zod-locales" }, (a) => ({
        contents: `export { default as en } from ${JSON.stringify(join(a.pluginData, "../locales/en.js"))};`,
        loader: "js",
        resolveDir: a.pluginData,
      }));
    },
  };
}
