// `npm run bench`: nix-ast against its peers, measured in the same run, printed as ratios.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
// The same node flags for every tool: a larger young generation (64 MB semi-spaces) cuts scavenge
// cost for allocation-heavy emitters; measured to speed up nix-ast and nijs alike (~15%).
const NODE_FLAGS = ["--max-old-space-size=8192", "--max-semi-space-size=64"];
const run = (script, ...args) =>
  JSON.parse(execFileSync(process.execPath, [...NODE_FLAGS, `${here}${script}`, ...args], { encoding: "utf8" }));

const mbps = (r) => r.bytes / 1e6 / (r.ms / 1e3);
const fmt = (x, d = 1) => x.toFixed(d);

console.log("== Emission: package-like records as RFC 166 Nix, nix-ast vs nijs.jsToNix (each run in its own process) ==");
console.log("  nix-ast       printValue(data): plain data written straight from the value");
console.log("  nix-ast-tree  print(fromValue(data)): the same text through a whole AST");
console.log("records   tool          output MB   best ms    MB/s   peak RSS MB");
const results = {};
const TOOLS = ["nix-ast", "nix-ast-tree", "nijs"];
for (const n of [10_000, 100_000]) {
  for (const tool of TOOLS) {
    const r = run("emit.mjs", tool, String(n), n >= 100_000 ? "5" : "7");
    results[`${tool}:${n}`] = r;
    console.log(
      `${String(n).padStart(7)}   ${tool.padEnd(12)} ${fmt(r.bytes / 1e6).padStart(10)} ${fmt(r.ms).padStart(9)} ${fmt(mbps(r)).padStart(7)} ${fmt(r.maxRssMB, 0).padStart(12)}`,
    );
  }
}
const b = results["nijs:100000"];
for (const tool of ["nix-ast", "nix-ast-tree"]) {
  const a = results[`${tool}:100000`];
  console.log(`${tool}: throughput ${fmt(mbps(a) / mbps(b), 2)}x nijs at 100,000 records${tool === "nix-ast" ? " (goal >= 3x)" : ""}, peak memory ${fmt(a.maxRssMB / b.maxRssMB, 2)}x, time growth 10k -> 100k ${fmt(a.ms / results[`${tool}:10000`].ms, 2)}x for 10x the input${tool === "nix-ast" ? " (goal <= 11x)" : ""}`);
}
console.log(`nijs: time growth 10k -> 100k ${fmt(b.ms / results["nijs:10000"].ms, 2)}x`);
// The machine's load changes from one process to the next: three more nix-ast/nijs process pairs at
// 100k records, run back to back, and the median of their throughput ratios.
const pairs = [];
for (let i = 0; i < 3; i++) {
  const a = run("emit.mjs", "nix-ast", "100000", "5");
  const c = run("emit.mjs", "nijs", "100000", "5");
  pairs.push(c.ms / a.ms);
}
pairs.sort((x, y) => x - y);
console.log(
  `nix-ast: throughput ratio over nijs at 100,000 records, back-to-back pairs: median ${fmt(pairs[1], 2)}x (${pairs.map((x) => fmt(x, 2)).join(", ")}) (goal >= 3x)`,
);
// The growth above compares best runs of separate processes; this one alternates ten 10k runs with
// one 100k run in one process (equal work under the same load; see timing.mjs).
for (const tool of TOOLS) {
  const g = run("emit.mjs", tool, "growth");
  console.log(
    `${tool}: time growth 10k -> 100k, interleaved: ${fmt(g.growth, 2)}x (median of 5 rounds; 10k ${fmt(g.smallMs)} ms, 100k ${fmt(g.largeMs)} ms)${tool === "nix-ast" ? " (goal <= 11x)" : ""}`,
  );
}

// The parser, the formatter and the editor print their own tables (peers measured in the same run,
// so the same node flags apply to nix-ast and its peers alike); cli.mjs runs the commands as users
// do, whole process with node's default flags (from-json against a nijs script, fmt --check, peak
// memory); browser.mjs formats in Chromium against Node.
for (const script of ["parse.mjs", "format.mjs", "edit.mjs", "cli.mjs", "browser.mjs"]) {
  console.log("");
  process.stdout.write(execFileSync(process.execPath, [...NODE_FLAGS, `${here}${script}`], { encoding: "utf8" }));
}

// `bitpoll-flake generate` as users run it: the whole process, best of 3 (no peer writes this
// flake; the figure is reported, not compared). It was a timed test once; timing belongs here.
{
  const { mkdtempSync, rmSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const cli = fileURLToPath(new URL("../../packages/bitpoll-flake/dist/cli.js", import.meta.url));
  const out = mkdtempSync(`${tmpdir()}/bench-generate-`);
  const times = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    execFileSync(process.execPath, [cli, "generate", "--out", `${out}/${i}`], { stdio: "ignore" });
    times.push(performance.now() - t);
  }
  rmSync(out, { recursive: true, force: true });
  console.log(`\nbitpoll-flake generate, whole process: best ${fmt(Math.min(...times), 0)} ms of ${times.map((t) => fmt(t, 0)).join(", ")} ms`);
}
