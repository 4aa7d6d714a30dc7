// Bundles the command line (dist/cli.js) and the formatter's worker thread (dist/format/worker.js)
// into dist/cli-bundle/, which bin/nix-ast.js runs (run by `npm run build` and `prepack` after `tsc`).
//
// Why: a command's start-up is part of its time, and Node loads an ES module graph file by file.
// The formatter is 32 modules; as a few chunks it loads in about half the time, in the command's
// thread and again in each worker thread (docs/formatter.md, "Speed"). The library (dist/index.js
// and the other entry points) stays unbundled.
//
// Code splitting keeps each command's lazy imports lazy (a chunk per dynamic import) and every
// module once, so a class is the same class wherever the command meets it. Dependencies (zod,
// ts-pattern) stay imports. Chunks and the worker sit in one folder, where the formatter's
// `new URL("./worker.js", import.meta.url)` finds the worker; names are kept, not minified, so that
// a stack trace reads as the source.
//
//   node packages/nix-ast/scripts/bundle-cli.mjs
import { rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const dist = fileURLToPath(new URL("../dist/", import.meta.url));
const outdir = `${dist}cli-bundle`;

// Chunk names carry their content's hash: chunks of earlier builds would be left behind.
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: [`${dist}cli.js`, `${dist}format/worker.js`],
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  packages: "external",
  entryNames: "[name]",
  chunkNames: "chunk-[hash]",
  logLevel: "warning",
});
