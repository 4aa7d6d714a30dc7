// Fixed-point report: formats every file of nixpkgs' library (nixfmt-formatted) with the built
// `format` and reports how many come out byte-identical, with the first differing lines of each
// failing file, grouped by a guessed cause.
//
//   node test/nix-ast/format-fixpoint.mjs [--verbose] [--json] [FILTER]
//
// The library is found via env NIXPKGS_LIB or .cache/nixpkgs.lib/lib (never committed).
import { existsSync, readFileSync } from "node:fs";
import * as nodePath from "node:path";
import { fileURLToPath } from "node:url";
import { libFolder, walk } from "../bench/lib-files.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const { format } = await import(nodePath.join(root, "packages/nix-ast/dist/index.js"));


const args = process.argv.slice(2);
const verbose = args.includes("--verbose");
const json = args.includes("--json");
const filter = args.find((a) => !a.startsWith("--"));
const lib = libFolder();
if (!lib) {
  console.log("NOTICE: nixpkgs lib not found (set NIXPKGS_LIB); nothing to check");
  process.exit(0);
}
// The library's own files plus the flake.nix beside them (286 files in all).
let files = walk(lib);
const flake = nodePath.join(lib, "..", "flake.nix");
if (existsSync(flake)) files.push(flake);
if (filter) files = files.filter((f) => f.includes(filter));

/** The first differing line and a few lines of context on each side. */
function firstDiff(want, got) {
  const a = want.split("\n");
  const b = got.split("\n");
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const from = Math.max(0, i - 2);
  return {
    line: i + 1,
    want: a.slice(from, i + 4).join("\n"),
    got: b.slice(from, i + 4).join("\n"),
    wantLine: a[i] ?? "<eof>",
    gotLine: b[i] ?? "<eof>",
  };
}

/** A rough cause from the first differing lines, named after the nixfmt rule involved. */
function cause(d) {
  const w = d.wantLine;
  const g = d.gotLine;
  const wt = w.trim();
  const gt = g.trim();
  if (wt.endsWith(":") && gt.startsWith(wt) && gt.length > wt.length) return "lambda body on its own line in the source (colon/body lines)";
  if (/[{[(]$/.test(wt) && gt.startsWith(wt.slice(0, -1)) && gt.length > wt.length) return "brackets the author broke open stay expanded";
  if (/^inherit\b/.test(wt) && gt.length > wt.length) return "inherit written over several lines stays expanded";
  if (/#|\/\*/.test(w) || /#|\/\*/.test(g)) return "comment placement";
  if (wt === "" || gt === "") return "blank lines outside binding/item groups";
  if (/''/.test(w) || /''/.test(g)) return "indented string";
  if (/"/.test(w) && w.replace(/\s+/g, "") !== g.replace(/\s+/g, "")) return "string escapes/quotes";
  if (wt.length > gt.length) return "joined by nixfmt, broken by us";
  return "other layout";
}

const failures = [];
let same = 0;
let errors = 0;
for (const f of files) {
  const src = readFileSync(f, "utf8");
  let out;
  try {
    out = format(src, { file: f });
  } catch (e) {
    errors++;
    failures.push({ file: nodePath.relative(nodePath.dirname(lib), f), cause: "error", detail: String(e.message).split("\n")[0] });
    continue;
  }
  if (out === src) same++;
  else {
    const d = firstDiff(src, out);
    failures.push({ file: nodePath.relative(nodePath.dirname(lib), f), cause: cause(d), diff: d });
  }
}
const rate = (100 * same) / files.length;
if (json) {
  console.log(JSON.stringify({ files: files.length, same, errors, rate, failures }));
} else {
  const groups = new Map();
  for (const x of failures) groups.set(x.cause, [...(groups.get(x.cause) ?? []), x]);
  for (const [c, xs] of [...groups].sort((a, b) => b[1].length - a[1].length)) {
    console.log(`\n## ${c} (${xs.length})`);
    for (const x of xs) {
      if (x.diff) {
        console.log(`- ${x.file}:${x.diff.line}`);
        if (verbose) console.log(`  want:\n${x.diff.want.replace(/^/gm, "    | ")}\n  got:\n${x.diff.got.replace(/^/gm, "    | ")}`);
        else console.log(`    want: ${x.diff.wantLine.trim().slice(0, 100)}\n    got:  ${x.diff.gotLine.trim().slice(0, 100)}`);
      } else console.log(`- ${x.file}: ${x.detail}`);
    }
  }
  console.log(`\nfixed points: ${same}/${files.length} byte-identical (${rate.toFixed(1)}%), ${errors} errors`);
}
