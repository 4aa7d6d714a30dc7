// Whole-process benchmarks: the commands as users run them, startup included, each process's peak
// memory read by the preloaded rss.mjs (max RSS, the same measure as /usr/bin/time -v).
//
//  1. `nix-ast from-json records.json` against nijs-from-json.mjs (JSON.parse + nijs.jsToNix +
//     write) on 100,000 package records (records.mjs, written compactly: about 34 MB of JSON).
//     Alternating pairs (nix-ast first in even pairs, nijs first in odd ones: the same moment's
//     load for both); the figure is the median of the pairs' ratios.
//  2. `nix-ast fmt --check` over nixpkgs' library: repeated runs, median and best, beside a bare
//     `node` start (the floor no command can go below) in the same rounds; the command's code cache
//     (packages/nix-ast/src/code-cache.ts, in a folder of this run) is written by one run before
//     the rounds, and the same rounds also run without it (NIX_AST_CODE_CACHE=0: what the first
//     run after an install or upgrade pays); then with `--cache` on the unchanged library (the fmt
//     cache written by that same first run).
//  3. Peak memory of `parse` and `fmt` on the largest inputs: the library as one file, 1x and 16x.
//
//   node test/bench/cli.mjs          prints a table
//   node test/bench/cli.mjs --json   prints the figures as JSON (for test/bench/run.mjs)
import { spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import * as nodePath from "node:path";
import { fileURLToPath } from "node:url";
import { libFolder, walk } from "./lib-files.mjs";
import { records } from "./records.mjs";
import { median } from "./timing.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));
const root = fileURLToPath(new URL("../..", import.meta.url));
const bin = nodePath.join(root, "packages/nix-ast/bin/nix-ast.js");
const json = process.argv.includes("--json");
const tmp = mkdtempSync(nodePath.join(tmpdir(), "nix-ast-cli-bench-"));
const PAIRS = 5;
const FMT_RUNS = 10;

/** Runs `node --import rss.mjs ...args` with stdout to `out`; wall ms and peak memory (MB). */
function measure(args, out = "/dev/null", env = {}) {
  const fd = openSync(out, "w");
  const t = performance.now();
  const r = spawnSync(process.execPath, ["--import", nodePath.join(here, "rss.mjs"), ...args], {
    env: { ...process.env, XDG_CACHE_HOME: nodePath.join(tmp, "cache-home"), ...env },
    stdio: ["ignore", fd, "pipe"],
    encoding: "utf8",
    maxBuffer: 1 << 26,
  });
  const ms = performance.now() - t;
  closeSync(fd);
  const m = /@@maxRSS (\d+)/.exec(r.stderr);
  if (m === null) throw new Error(`no memory report from node ${args.join(" ")} (exit ${r.status}): ${r.stderr.slice(0, 500)}`);
  return { ms, rssMB: Number(m[1]) / 1024, status: r.status, stderr: r.stderr };
}

const result = {};

// 1. from-json against nijs, whole process.
{
  const file = nodePath.join(tmp, "records.json");
  writeFileSync(file, JSON.stringify(records(100_000)));
  const ours = nodePath.join(tmp, "nix-ast.nix");
  const theirs = nodePath.join(tmp, "nijs.nix");
  const a = [bin, "from-json", file];
  const b = [nodePath.join(here, "nijs-from-json.mjs"), file];
  measure(a, ours); // warm the file cache for both
  const pairs = [];
  for (let i = 0; i < PAIRS; i++) {
    let nixAst;
    let y;
    if (i % 2 === 0) {
      nixAst = measure(a, ours);
      y = measure(b, theirs);
    } else {
      y = measure(b, theirs);
      nixAst = measure(a, ours);
    }
    if (nixAst.status !== 0 || y.status !== 0) throw new Error(`from-json pair failed: ${nixAst.stderr}${y.stderr}`);
    pairs.push({ nixAst: nixAst.ms, nijs: y.ms, ratio: y.ms / nixAst.ms, nixAstMB: nixAst.rssMB, nijsMB: y.rssMB });
  }
  result.fromJson = {
    jsonMB: statSync(file).size / 1e6,
    nixMB: statSync(ours).size / 1e6,
    nijsNixMB: statSync(theirs).size / 1e6,
    nixAstMs: median(pairs.map((p) => p.nixAst)),
    nijsMs: median(pairs.map((p) => p.nijs)),
    ratio: median(pairs.map((p) => p.ratio)),
    ratios: pairs.map((p) => p.ratio),
    nixAstMB: Math.max(...pairs.map((p) => p.nixAstMB)),
    nijsMB: Math.min(...pairs.map((p) => p.nijsMB)),
  };
}

// 2. fmt --check over the library, whole process; 3. peak memory of parse and fmt.
const lib = libFolder();
if (lib === null) result.fmt = { skipped: "nixpkgs lib not found (set NIXPKGS_LIB)" };
else {
  const fmt = [];
  const fmtCold = [];
  const fmt1 = [];
  const cached = [];
  const bare = [];
  const cacheFile = nodePath.join(tmp, "fmt-cache");
  const fill = measure([bin, "fmt", "--check", "--cache-location", cacheFile, lib]);
  if (fill.status !== 0 && fill.status !== 1) throw new Error(`fmt --check --cache failed: ${fill.stderr}`);
  for (let i = 0; i < FMT_RUNS; i++) {
    const r = measure([bin, "fmt", "--check", lib]);
    if (r.status !== 0 && r.status !== 1) throw new Error(`fmt --check failed: ${r.stderr}`);
    fmt.push(r);
    fmtCold.push(measure([bin, "fmt", "--check", lib], "/dev/null", { NIX_AST_CODE_CACHE: "0" }));
    // One thread (the default counts the cores free of other work, so it depends on the load).
    fmt1.push(measure([bin, "fmt", "--check", "--jobs", "1", lib]));
    cached.push(measure([bin, "fmt", "--check", "--cache-location", cacheFile, lib]));
    bare.push(measure(["-e", "0"]));
  }
  result.fmt = {
    files: walk(lib).length,
    medianMs: median(fmt.map((r) => r.ms)),
    bestMs: Math.min(...fmt.map((r) => r.ms)),
    noCodeCacheMs: median(fmtCold.map((r) => r.ms)),
    noCodeCacheBestMs: Math.min(...fmtCold.map((r) => r.ms)),
    oneThreadMs: median(fmt1.map((r) => r.ms)),
    oneThreadBestMs: Math.min(...fmt1.map((r) => r.ms)),
    fillMs: fill.ms,
    cachedMs: median(cached.map((r) => r.ms)),
    cachedBestMs: Math.min(...cached.map((r) => r.ms)),
    nodeMs: median(bare.map((r) => r.ms)),
    rssMB: Math.max(...fmt.map((r) => r.rssMB)),
  };
  // The largest inputs: the library as one file (a list of its files), and 16 times that.
  const sources = walk(lib).map((f) => readFileSync(f, "utf8"));
  const unit = `[\n${sources.map((s) => `(\n${s}\n)`).join("\n")}\n]\n`;
  const one = nodePath.join(tmp, "lib-1x.nix");
  const big = nodePath.join(tmp, "lib-16x.nix");
  writeFileSync(one, unit);
  writeFileSync(big, `[\n${Array.from({ length: 16 }, () => unit).join("\n")}\n]\n`);
  const script = nodePath.join(here, "memory.mjs");
  result.memory = [];
  for (const [what, file] of [["parse", one], ["parse", big], ["format", one], ["format", big]]) {
    const r = measure([script, what, file]);
    if (r.status !== 0) throw new Error(`${what} ${file} failed: ${r.stderr}`);
    result.memory.push({ what, inputMB: statSync(file).size / 1e6, ms: r.ms, rssMB: r.rssMB });
  }
  result.memory.push({ what: "node -e 0", inputMB: 0, ms: median(bare.map((r) => r.ms)), rssMB: median(bare.map((r) => r.rssMB)) });
}
rmSync(tmp, { recursive: true, force: true });

const f = (x, d = 1) => x.toFixed(d);
if (json) console.log(JSON.stringify(result));
else {
  const j = result.fromJson;
  console.log(`== Whole process: nix-ast from-json vs JSON.parse + nijs.jsToNix (100,000 records, ${f(j.jsonMB)} MB JSON -> ${f(j.nixMB)} MB Nix) ==`);
  console.log(`nix-ast from-json   median ${f(j.nixAstMs, 0)} ms, peak ${f(j.nixAstMB, 0)} MB`);
  console.log(`nijs script         median ${f(j.nijsMs, 0)} ms, peak ${f(j.nijsMB, 0)} MB`);
  console.log(
    `ratio: nix-ast ${f(j.ratio, 2)}x faster (median of ${PAIRS} alternating pairs: ${j.ratios.map((x) => f(x, 2)).join(", ")}) (goal >= 3x); peak memory ${f(j.nixAstMB / j.nijsMB, 2)}x nijs's (goal <= 1x)`,
  );
  if (result.fmt.skipped !== undefined) console.log(`NOTICE: fmt and memory skipped: ${result.fmt.skipped}`);
  else {
    const m = result.fmt;
    console.log("");
    console.log(`== Whole process: nix-ast fmt --check over nixpkgs' library (${m.files} files) ==`);
    console.log(
      `median ${f(m.medianMs, 0)} ms, best ${f(m.bestMs, 0)} ms of ${FMT_RUNS}: ${f(m.medianMs / 500, 2)}x the goal's 500 ms (goal < 1x); bare node start ${f(m.nodeMs, 0)} ms in the same rounds: ${f(m.medianMs / m.nodeMs, 2)}x it; peak ${f(m.rssMB, 0)} MB`,
    );
    console.log(
      `without the command's code cache (a first run after an install; NIX_AST_CODE_CACHE=0), same rounds: median ${f(m.noCodeCacheMs, 0)} ms, best ${f(m.noCodeCacheBestMs, 0)} ms: ${f(m.noCodeCacheMs / 500, 2)}x the goal; the cache saves ${f(m.noCodeCacheMs - m.medianMs, 0)} ms (median)`,
    );
    console.log(
      `--jobs 1 (one thread): median ${f(m.oneThreadMs, 0)} ms, best ${f(m.oneThreadBestMs, 0)} ms: ${f(m.oneThreadMs / 500, 2)}x the goal; the default's --jobs is one thread per core free of other work while the command starts (${availableParallelism()} cores here, load average now ${f(loadavg()[0])})`,
    );
    console.log(
      `--cache, library unchanged since the run that wrote the cache (${f(m.fillMs, 0)} ms): median ${f(m.cachedMs, 0)} ms, best ${f(m.cachedBestMs, 0)} ms: ${f(m.cachedMs / 500, 2)}x the goal, ${f(m.medianMs / m.cachedMs, 2)}x faster than without`,
    );
    console.log("");
    console.log("== Peak memory on the largest inputs (whole process, max RSS) ==");
    for (const r of result.memory) {
      const per = r.inputMB > 0 ? `, ${f(r.rssMB / r.inputMB, 1)} MB per MB of input` : "";
      console.log(`${r.what.padEnd(10)} ${f(r.inputMB).padStart(6)} MB in ${f(r.ms, 0).padStart(6)} ms: peak ${f(r.rssMB, 0).padStart(5)} MB${per}`);
    }
    console.log(`from-json  ${f(j.jsonMB).padStart(6)} MB: peak ${f(j.nixAstMB, 0)} MB (nijs ${f(j.nijsMB, 0)} MB)`);
  }
}
