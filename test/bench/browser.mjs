// Formatting nixpkgs' library in headless Chromium against Node: the same code (nix-ast's `format`,
// bundled by esbuild for the browser and loaded into a blank page) on the same input, best of N
// runs after a warm-up in each. Prints a line for `npm run bench`, or a notice when Chromium or the
// library is missing.
import { readFileSync } from "node:fs";
import * as nodePath from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { chromium } from "playwright-core";
import { libFolder, walk } from "./lib-files.mjs";
import { bestOf } from "./timing.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const RUNS = 7;
const lib = libFolder();
if (!lib) {
  console.log("NOTICE: browser formatting skipped: nixpkgs lib not found (set NIXPKGS_LIB)");
  process.exit(0);
}
const sources = walk(lib).map((f) => readFileSync(f, "utf8"));
const bytes = sources.reduce((n, s) => n + Buffer.byteLength(s), 0);


const { format } = await import(nodePath.join(root, "packages/nix-ast/dist/index.js"));
const nodeMs = bestOf(() => sources.forEach((s) => format(s)), RUNS);

const bundle = await build({
  entryPoints: [nodePath.join(root, "packages/nix-ast/src/index.ts")],
  bundle: true,
  platform: "browser",
  format: "iife",
  globalName: "nixAst",
  target: "es2022",
  minify: true,
  write: false,
  logLevel: "silent",
});

let browser;
try {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
  });
} catch (e) {
  console.log(`NOTICE: browser formatting skipped: Chromium did not start (${e.message.split("\n")[0]})`);
  process.exit(0);
}
const page = await browser.newPage();
await page.addScriptTag({ content: bundle.outputFiles[0].text });
const browserMs = await page.evaluate(
  ({ sources, runs }) => {
    const run = () => sources.forEach((s) => globalThis.nixAst.format(s));
    run();
    let min = Infinity;
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      run();
      min = Math.min(min, performance.now() - t);
    }
    return min;
  },
  { sources, runs: RUNS },
);
await browser.close();
console.log(
  `format of nixpkgs' library (${sources.length} files, ${(bytes / 1e6).toFixed(2)} MB), best of ${RUNS}: ` +
    `Chromium ${browserMs.toFixed(0)} ms, Node ${nodeMs.toFixed(0)} ms: Chromium takes ${(browserMs / nodeMs).toFixed(2)}x Node's time`,
);
