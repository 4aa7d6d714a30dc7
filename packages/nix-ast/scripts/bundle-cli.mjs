// Bundles the command line (dist/cli.js) and the formatter's worker thread (dist/format/worker.js)
// into dist/cli-bundle/, which bin/nix-ast.js runs (run by `npm run build` and `prepack` after `tsc`).
//
// Why: a command's start-up is part of its time. Node loads an ES module graph file by file (the
// formatter is 32 modules), and compiles every function it calls again in every run, in the
// command's thread and again in each worker thread (docs/formatter.md, "Speed"). So each of the
// two is one CommonJS script, which `src/code-cache.ts` runs with V8's code cache of an earlier
// run (Node 20 has no code cache for ES modules):
//
//   cli.js, worker.js            two-line starters: run the bundle beside them through code-cache.js
//   cli-main.js, worker-main.js  the bundles (every module once; lazy imports still run lazily)
//   code-cache.js                src/code-cache.ts
//   package.json                 {"type": "commonjs"}, for the `.js` files of this folder
//
// The starters keep the names the rest of the build knows: bin/nix-ast.js runs cli.js, and the
// formatter starts its workers from `new URL("./worker.js", import.meta.url)`, which in a bundle is
// this folder. Dependencies (zod, ts-pattern) stay `require`s; names are kept, not minified, so that
// a stack trace reads as the source. The library (dist/index.js and the other entry points) is not
// bundled.
//
//   node packages/nix-ast/scripts/bundle-cli.mjs
import { rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const dist = fileURLToPath(new URL("../dist/", import.meta.url));
const outdir = `${dist}cli-bundle`;

// A CommonJS script has no import.meta: its URL is made from __filename, which the module wrapper
// gives it (the bundle's own file: a bundled module's `new URL("./x", import.meta.url)` finds x
// in this folder).
const MODULE_URL = "__nixAstModuleUrl";

rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { "cli-main": `${dist}cli.js`, "worker-main": `${dist}format/worker.js`, "code-cache": `${dist}code-cache.js` },
  outdir,
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  packages: "external",
  define: { "import.meta.url": MODULE_URL },
  banner: { js: `var ${MODULE_URL} = require("node:url").pathToFileURL(__filename).href;` },
  logLevel: "warning",
});
writeFileSync(`${outdir}/package.json`, `${JSON.stringify({ type: "commonjs" })}\n`);
const starter = (call) =>
  `"use strict";\n// Made by scripts/bundle-cli.mjs: runs the bundle beside it with its code cache (src/code-cache.ts).\n${call};\n`;
writeFileSync(`${outdir}/cli.js`, starter(`require("./code-cache.js").runCommandBundle(require("node:path").join(__dirname, "cli-main.js"))`));
writeFileSync(`${outdir}/worker.js`, starter(`require("./code-cache.js").runBundle(require("node:path").join(__dirname, "worker-main.js"), "fmt-worker")`));
