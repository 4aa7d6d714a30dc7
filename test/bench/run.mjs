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

console.log("== Emission: package-like records, fromValue + print (RFC 166 layout) vs nijs.jsToNix ==");
console.log("records   tool      output MB   best ms    MB/s   peak RSS MB");
const results = {};
for (const n of [10_000, 100_000]) {
  for (const tool of ["nix-ast", "nijs"]) {
    const r = run("emit.mjs", tool, String(n), n >= 100_000 ? "3" : "5");
    results[`${tool}:${n}`] = r;
    console.log(
      `${String(n).padStart(7)}   ${tool.padEnd(8)} ${fmt(r.bytes / 1e6).padStart(10)} ${fmt(r.ms).padStart(9)} ${fmt(mbps(r)).padStart(7)} ${fmt(r.maxRssMB, 0).padStart(12)}`,
    );
  }
}
const a = results["nix-ast:100000"];
const b = results["nijs:100000"];
console.log(`throughput ratio nix-ast/nijs at 100,000 records: ${fmt(mbps(a) / mbps(b), 2)}x (goal >= 3x)`);
console.log(`peak memory ratio nix-ast/nijs at 100,000 records: ${fmt(a.maxRssMB / b.maxRssMB, 2)}x`);
console.log(
  `nix-ast time growth 10k -> 100k records: ${fmt(a.ms / results["nix-ast:10000"].ms, 2)}x for 10x the input (goal <= 11x)`,
);

// The parser and the formatter print their own tables (peers measured in the same run).
for (const script of ["parse.mjs", "format.mjs"]) {
  console.log("");
  process.stdout.write(execFileSync(process.execPath, [`${here}${script}`], { encoding: "utf8" }));
}
