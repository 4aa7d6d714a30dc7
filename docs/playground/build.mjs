#!/usr/bin/env node
// Builds the playground: one static folder (index.html, style.css, app.js) from docs/playground/,
// with nix-ast's built `dist/` bundled in for the browser. No server code, no network at run time:
// the page works from file:// too (the script is a classic script, not a module).
//
//   node docs/playground/build.mjs [OUT_DIR]     (npm run playground; default docs/playground/dist)
import { build } from "esbuild";
import { copyFileSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

/** Builds the page into `out` (created; replaced whole, through a sibling temp folder). */
export async function buildPlayground(out = join(here, "dist"), { minify = true } = {}) {
  const target = resolve(out);
  const tmp = `${target}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  await build({
    entryPoints: [join(here, "main.ts")],
    bundle: true,
    platform: "browser",
    format: "iife",
    target: "es2022",
    minify,
    outfile: join(tmp, "app.js"),
    logLevel: "warning",
  });
  for (const f of ["index.html", "style.css"]) copyFileSync(join(here, f), join(tmp, f));
  rmSync(target, { recursive: true, force: true });
  renameSync(tmp, target);
  return target;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const out = await buildPlayground(process.argv[2]);
  process.stdout.write(`playground written to ${out}\nopen ${pathToFileURL(join(out, "index.html")).href}\n`);
}
