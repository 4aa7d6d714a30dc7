// Formatter throughput: `format` (built dist/) over every file of nixpkgs' library (env
// NIXPKGS_LIB or .cache/nixpkgs.lib/lib, plus its flake.nix) in one process, best of N runs after
// a warm-up; then linearity: the library concatenated into one list 4 and 16 times against once
// (interleaved, see timing.mjs).
//
//   node test/bench/format.mjs          prints a table
//   node test/bench/format.mjs --json   prints the figures as JSON (for test/bench/run.mjs)
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import * as nodePath from "node:path";
import { fileURLToPath } from "node:url";
import { libFolder, walk } from "./lib-files.mjs";
import { bestOf, interleavedGrowth } from "./timing.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const { format } = await import(nodePath.join(root, "packages/nix-ast/dist/index.js"));
const json = process.argv.includes("--json");


const lib = libFolder();
if (!lib) {
  const r = { skipped: "nixpkgs lib not found (set NIXPKGS_LIB)" };
  console.log(json ? JSON.stringify(r) : `NOTICE: ${r.skipped}`);
  process.exit(0);
}
const files = walk(lib);
const flake = nodePath.join(lib, "..", "flake.nix");
if (existsSync(flake)) files.push(flake);
const sources = files.map((f) => readFileSync(f, "utf8"));
const bytes = sources.reduce((n, s) => n + Buffer.byteLength(s), 0);


// Linearity: one expression holding the library k times (each file parenthesised in a list), 4 and
// 16 times against once, interleaved (see timing.mjs), in a fresh process whose heap holds nothing
// else (`--linearity` prints JSON and exits).
const unit = `[\n${sources.map((s) => `(\n${s}\n)`).join("\n")}\n]\n`;
if (process.argv.includes("--linearity")) {
  const out = [];
  for (const k of [4, 16]) {
    const big = `[\n${Array.from({ length: k }, () => unit).join("\n")}\n]\n`;
    const g = interleavedGrowth(() => format(unit), () => format(big), k, k >= 16 ? 3 : 5);
    out.push({ k, bytes: Buffer.byteLength(big), unitBytes: Buffer.byteLength(unit), ...g });
  }
  console.log(JSON.stringify(out));
  process.exit(0);
}

let same = 0;
const ms = bestOf(() => {
  same = 0;
  for (let i = 0; i < sources.length; i++) if (format(sources[i]) === sources[i]) same++;
}, 5);

const growth = JSON.parse(
  execFileSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), "--linearity"], { encoding: "utf8" }),
);

const result = { files: files.length, bytes, ms, mbps: bytes / 1e6 / (ms / 1e3), fixedPoints: same, growth };
if (json) console.log(JSON.stringify(result));
else {
  console.log(`== Formatter: format() over nixpkgs lib (${files.length} files, ${(bytes / 1e6).toFixed(2)} MB) ==`);
  console.log(`best of 5: ${ms.toFixed(1)} ms, ${result.mbps.toFixed(2)} MB/s (goal < 300 ms); fixed points ${same}/${files.length}`);
  console.log("linearity (the library k times in one expression; k formats of 1x against one of kx, interleaved):");
  for (const g of growth) {
    console.log(
      `  1x ${(g.unitBytes / 1e6).toFixed(2)} MB ${g.smallMs.toFixed(1)} ms -> ${g.k}x ${(g.bytes / 1e6).toFixed(2)} MB ${g.largeMs.toFixed(1)} ms: time growth ${g.growth.toFixed(1)}x (linear = ${g.k}x)`,
    );
  }
}
