// Parse throughput: nix-ast's parser (built dist/) beside tree-sitter-nix (native, in process), the
// Lezer grammar of @replit/codemirror-lang-nix (in process) and `nix-instantiate --parse` (whole
// process), on the same files: nixpkgs' library (env NIXPKGS_LIB or .cache/nixpkgs.lib/lib), else a
// generated corpus of the same size. Warm figures are the median and best of 7 runs after 10
// warm-up runs; the cold figure is the first parse of every file in a fresh process. Then
// linearity: generated inputs of 1, 4 and 16 times that size.
//
// The generated input is one file: a package set of ~5,000 derivation-like entries per MB in one
// attribute set (the shape of nixpkgs' all-packages.nix). It is denser than the library (no long doc
// comments) and, being one file, its whole tree stays alive during the parse, so the collector copies
// it (lib's per-file trees die young): expect fewer MB/s than on the library. The library as one file
// (a list of its files) shows that effect alone on the same text. On a shared machine medians are
// noisy: both the median and the best of the timed runs are shown; linearity uses the best.
//
//   node test/bench/parse.mjs          prints a table
//   node test/bench/parse.mjs --json   prints the figures as JSON (for test/bench/run.mjs)
//   NIX_AST_DIST=/path/to/dist node test/bench/parse.mjs   measures that build instead
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as nodePath from "node:path";
import { fileURLToPath } from "node:url";
import { libFolder, walk } from "./lib-files.mjs";
import { interleavedGrowth } from "./timing.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
// NIX_AST_DIST=<dist folder> measures another build (e.g. a saved copy, to compare before/after).
const { parse } = await import(nodePath.join(process.env.NIX_AST_DIST ?? nodePath.join(root, "packages/nix-ast/dist"), "index.js"));
let lezer = null;
try {
  lezer = (await import("@replit/codemirror-lang-nix")).parser;
} catch {
  lezer = null;
}
// tree-sitter-nix 0.0.2 (the published grammar) on tree-sitter 0.20.6's native binding.
let treeSitter = null;
try {
  const require = createRequire(import.meta.url);
  const TreeSitter = require("tree-sitter");
  treeSitter = new TreeSitter();
  treeSitter.setLanguage(require("tree-sitter-nix"));
} catch {
  treeSitter = null;
}
const json = process.argv.includes("--json");

/**
 * `--cold <files...>`: the first parse of each file in this fresh process (nothing warmed up:
 * the code runs in the interpreter until V8 compiles it), as one pass; prints JSON and exits.
 */
if (process.argv.includes("--cold")) {
  const list = process.argv.slice(process.argv.indexOf("--cold") + 1);
  const texts = list.map((f) => readFileSync(f, "utf8"));
  const t = performance.now();
  for (const s of texts) parse(s);
  console.log(JSON.stringify({ ms: performance.now() - t }));
  process.exit(0);
}

/**
 * `--linearity <bytes>`: generated inputs (flat strings: concatenation builds a rope, which the
 * first parse would otherwise flatten inside the timing) of 1x against 4x and 16x that size,
 * interleaved (see timing.mjs); prints JSON and exits.
 */
if (process.argv.includes("--linearity")) {
  const size = Number(process.argv[process.argv.indexOf("--linearity") + 1]);
  const base = generated(size).split("").join("");
  const out = [];
  for (const k of [4, 16]) {
    const text = generated(size * k).split("").join("");
    const g = interleavedGrowth(() => parse(base), () => parse(text), k, k >= 16 ? 3 : 5);
    out.push({ k, bytes: Buffer.byteLength(text), baseBytes: Buffer.byteLength(base), ...g });
  }
  console.log(JSON.stringify(out));
  process.exit(0);
}


/**
 * A generated package-set-like file of about `bytes` bytes. Every free name is a formal, since
 * `nix-instantiate --parse` checks scopes (it measures this file when the library is absent).
 */
function generated(bytes) {
  let s = "{ lib, fetchurl, enable, i, a, c, d, x, y, ... }:\nlet\n  inherit (lib) optional;\nin\n{\n";
  for (let i = 0; s.length < bytes; i++) {
    s += `  # package ${i}\n  "pkg-${i}" = lib.mkDerivation rec {\n    pname = "pkg-${i}";\n    version = "1.${i % 97}.0";\n`;
    s += `    src = fetchurl { url = "https://example.org/\${pname}-\${version}.tar.gz"; sha256 = "${"0".repeat(52)}"; };\n`;
    s += `    buildInputs = [ a.b c ] ++ optional (x ? y) d;\n    postInstall = ''\n      mkdir -p $out/bin\n      cp \${src} $out/\n    '';\n`;
    s += `    meta = { license = lib.licenses.mit; broken = i > 3 && !enable || false; };\n  };\n`;
  }
  return s + "}\n";
}

const lib = libFolder();
let files;
let sources;
let corpusName;
if (lib) {
  files = walk(lib);
  sources = files.map((f) => readFileSync(f, "utf8"));
  corpusName = `nixpkgs lib (${files.length} files)`;
} else {
  const dir = mkdtempSync(nodePath.join(tmpdir(), "nix-ast-bench-"));
  const text = generated(1_100_000);
  const f = nodePath.join(dir, "generated.nix");
  writeFileSync(f, text);
  files = [f];
  sources = [text];
  corpusName = "generated corpus (nixpkgs lib absent)";
}
const bytes = sources.reduce((a, s) => a + Buffer.byteLength(s), 0);

/** Median and best ms of `runs` timed runs after `warm` warm-up runs. */
function timeBoth(f, runs, warm) {
  for (let i = 0; i < warm; i++) f();
  const ts = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    f();
    ts.push(performance.now() - t);
  }
  ts.sort((a, b) => a - b);
  return { median: ts[ts.length >> 1], best: ts[0] };
}

const results = { corpus: corpusName, bytes, best: {} };
const record = (key, r) => {
  results[key] = r?.median ?? null;
  results.best[key] = r?.best ?? null;
};
// The first parse in a fresh process, before the warm runs (a cold process is what a command gets).
// It runs with node's default flags, as a command does.
results.coldMs = JSON.parse(execFileSync(process.execPath, [fileURLToPath(import.meta.url), "--cold", ...files], { encoding: "utf8" })).ms;
// The same with the V8 flags the commands set at start (src/v8-tuning.ts: a higher tier-up budget).
const { COMMAND_V8_FLAGS } = await import(nodePath.join(process.env.NIX_AST_DIST ?? nodePath.join(root, "packages/nix-ast/dist"), "v8-tuning.js"));
results.coldCommandMs = JSON.parse(
  execFileSync(process.execPath, [COMMAND_V8_FLAGS, fileURLToPath(import.meta.url), "--cold", ...files], { encoding: "utf8" }),
).ms;
// Warm: 10 runs to let V8 compile the hot code, then the median and the best of 7 (see
// docs/parser.md for why the two differ).
record("nixAst", timeBoth(() => { for (const s of sources) parse(s); }, 7, 10));
if (treeSitter) record("treeSitter", timeBoth(() => { for (const s of sources) treeSitter.parse(s); }, 7, 3));
if (lezer) record("lezer", timeBoth(() => { for (const s of sources) lezer.parse(s); }, 7, 10));
try {
  record("nix", timeBoth(() => execFileSync("nix-instantiate", ["--parse", ...files], { maxBuffer: 1 << 28, stdio: ["ignore", "pipe", "ignore"] }), 5, 1));
} catch {
  record("nix", null);
}
if (lib) {
  // The library as one file: the same text, with the whole tree alive until the end.
  const one = "[\n" + sources.map((s) => "(" + s + "\n)").join("\n") + "]\n";
  record("nixAstOneFile", timeBoth(() => parse(one), 10, 5));
}

// Linearity on generated inputs, in a fresh process so that the heap holds nothing but them (the
// peers' trees and the library's sources above made every full collection of the big parse mark
// them too): see linearity() below.
results.linear = JSON.parse(
  execFileSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), "--linearity", String(bytes)], { encoding: "utf8" }),
);

const mbps = (ms, b = bytes) => b / 1e6 / (ms / 1e3);
if (json) {
  console.log(JSON.stringify(results));
} else {
  const f = (x) => x.toFixed(1);
  const row = (name, key) =>
    console.log(
      `${name.padEnd(39)}${f(results[key]).padStart(9)} ${f(mbps(results[key])).padStart(7)} ${f(results.best[key]).padStart(8)} ${f(mbps(results.best[key])).padStart(7)}`,
    );
  console.log(`== Parse: ${corpusName}, ${f(bytes / 1e6)} MB ==`);
  console.log("parser (warm, 7 runs)                  median ms    MB/s  best ms    MB/s");
  row("nix-ast parse (in process)", "nixAst");
  if (results.nixAstOneFile != null) row("nix-ast, the same text as one file", "nixAstOneFile");
  if (results.treeSitter != null) row("tree-sitter-nix 0.0.2 (native)", "treeSitter");
  else console.log("tree-sitter-nix                        not installed");
  if (results.lezer != null) row("Lezer @replit/codemirror-lang-nix", "lezer");
  else console.log("Lezer @replit/codemirror-lang-nix      not installed");
  if (results.nix != null) row("nix-instantiate --parse (whole proc.)", "nix");
  else console.log("nix-instantiate --parse                not available");
  const warm = mbps(results.best.nixAst);
  console.log(`nix-ast warm, best of 7: ${f(warm)} MB/s (goal >= 100 MB/s: ${warm >= 100 ? "met" : "NOT met"})`);
  if (results.treeSitter != null)
    console.log(`ratio nix-ast/tree-sitter-nix, best of 7: ${(results.best.treeSitter / results.best.nixAst).toFixed(2)}x (median ${(results.treeSitter / results.nixAst).toFixed(2)}x) (goal > 1x)`);
  const cold = mbps(results.coldMs);
  console.log(
    `first parse of each file in a fresh process: ${f(results.coldMs)} ms, ${f(cold)} MB/s, ${(warm / cold).toFixed(1)}x the warm best's time (${(results.coldMs / results.nixAst).toFixed(1)}x the warm median's) (goal <= 3x)`,
  );
  console.log(
    `the same with the commands' V8 flags (${COMMAND_V8_FLAGS}): ${f(results.coldCommandMs)} ms, ${f(mbps(results.coldCommandMs))} MB/s, ${(results.coldCommandMs / results.best.nixAst).toFixed(1)}x the warm best's time (goal <= 3x)`,
  );
  if (results.lezer != null) console.log(`ratio nix-ast/Lezer: ${(results.lezer / results.nixAst).toFixed(2)}x (goal > 1x)`);
  if (results.nix != null) console.log(`ratio nix-ast/nix-instantiate: ${(results.nix / results.nixAst).toFixed(2)}x`);
  if (!lib)
    console.log(
      "the 20 MB/s goal is stated for nixpkgs' library (set NIXPKGS_LIB); this generated corpus is denser (no long doc comments, more tokens per byte), about 8-13 MB/s where the library gives 21-31",
    );
  console.log("linearity (generated input; k parses of 1x against one of kx, interleaved, median of rounds):");
  for (const r of results.linear)
    console.log(
      `  1x ${f(r.baseBytes / 1e6)} MB ${f(r.smallMs)} ms (${f(mbps(r.smallMs, r.baseBytes))} MB/s) -> ${r.k}x ${f(r.bytes / 1e6)} MB ${f(r.largeMs)} ms (${f(mbps(r.largeMs, r.bytes))} MB/s): time growth ${r.growth.toFixed(1)}x (linear = ${r.k}x${r.k === 16 ? ", goal <= 17x" : ""})`,
    );
  // The collector's share per MB is about three times larger for one big tree than for 1x trees
  // that die between parses (docs/parser.md, "Performance"); from 4x on it no longer grows.
  const [four, sixteen] = [4, 16].map((k) => results.linear.find((r) => r.k === k));
  if (four !== undefined && sixteen !== undefined)
    console.log(`  4x -> 16x (the large parses of the two rounds above): ${(sixteen.largeMs / four.largeMs).toFixed(1)}x for 4x the input`);
}
