// Editing cost: one binding changed in a generated package set (the shape of a large
// all-packages-like file) of about 1k, 10k and 100k lines, with the built dist/.
//
// For each size: the time of one parse (`parse`), of `edit(src).set(path, v).toString()` (a parse
// plus the edit), and of the edit alone on an already parsed document (`doc.set(…).toString()`:
// finding the path, printing the new binding and splicing the text). The edit alone must not grow
// with the file: its growth from 10k to 100k lines is printed (10x the input; linear time would be
// ~10x, an edit proportional to its own size ~1x). Large sets are indexed by name on first lookup.
//
//   node test/bench/edit.mjs          prints a table
//   node test/bench/edit.mjs --json   prints the figures as JSON
import * as nodePath from "node:path";
import { fileURLToPath } from "node:url";
import { median } from "./timing.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const { edit, parse } = await import(nodePath.join(root, "packages/nix-ast/dist/index.js"));
const json = process.argv.includes("--json");

/** A package set of `n` entries, 4 lines each, as a function file (`{ lib, pkgs }: { … }`). */
function packageSet(n) {
  let s = "{ lib, pkgs }:\n\n{\n";
  for (let i = 0; i < n; i++) {
    s += `  pkg${i} = pkgs.callPackage ./pkgs/pkg${i} {\n    version = "1.${i}.0";\n    hash = "sha256-${"A".repeat(43)}=";\n  };\n`;
  }
  return `${s}}\n`;
}

/** Median and best of `runs` timed runs of `fn` after two warm-ups. */
function time(fn, runs) {
  fn();
  fn();
  const ms = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    ms.push(performance.now() - t);
  }
  return { median: median(ms), best: Math.min(...ms) };
}

const rows = [];
for (const entries of [250, 2_500, 25_000]) {
  const src = packageSet(entries);
  const lines = src.split("\n").length - 1;
  const path = `pkg${entries >> 1}.version`;
  const runs = entries >= 25_000 ? 7 : 15;
  const parseT = time(() => parse(src), runs);
  const whole = time(() => edit(src).set(path, "2.0.0").toString(), runs);
  const doc = edit(src);
  // The edit alone: many edits per timing so that a sub-millisecond figure is measurable.
  const reps = 200;
  const alone = time(() => {
    for (let i = 0; i < reps; i++) doc.set(path, `2.0.${i}`).toString();
  }, runs);
  const out = doc.set(path, "2.0.0").toString();
  const changed = out.length - src.length;
  rows.push({
    lines,
    bytes: src.length,
    parseMs: parseT.median,
    editWithParseMs: whole.median,
    editAloneMs: alone.median / reps,
    editAloneBestMs: alone.best / reps,
    changedBytes: changed,
  });
}
const growth = rows[2].editAloneBestMs / rows[1].editAloneBestMs;
if (json) console.log(JSON.stringify({ rows, growth10kTo100k: growth }));
else {
  console.log("== Editing: set one binding (pkgN.version) in a generated package set (built dist/) ==");
  console.log("   lines      bytes   parse ms   edit(src).set ms   set on parsed doc ms (best)");
  for (const r of rows) {
    console.log(
      `${String(r.lines).padStart(8)} ${String(r.bytes).padStart(10)} ${r.parseMs.toFixed(2).padStart(10)} ${r.editWithParseMs.toFixed(2).padStart(18)} ${r.editAloneMs.toFixed(4).padStart(14)} (${r.editAloneBestMs.toFixed(4)})`,
    );
  }
  const ten = rows[1];
  console.log(
    `10k lines: one edit = one parse (${ten.parseMs.toFixed(2)} ms) + ${ten.editAloneMs.toFixed(4)} ms for the edit (${((100 * ten.editAloneMs) / ten.parseMs).toFixed(2)}% of the parse)`,
  );
  console.log(`edit alone (best), time growth 10k -> 100k lines: ${growth.toFixed(2)}x for 10x the file (goal ~1x: proportional to the edit, not the file)`);
}
