// nixfmt's own test suite against the built `format`: pass counts per class, and the failing cases.
//
//   node test/nix-ast/format-nixfmt-suite.mjs [--verbose] [--json] [--known] [FILTER]
//
// The checks and names are those of format-nixfmt-suite.test.ts; --known prints its KNOWN table.
//
// The suite (NixOS/nixfmt `test/`) is found via env NIXFMT_TESTS or .cache/nixfmt/test (never
// committed). Everything at width 80, as nixfmt's test.sh runs it.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import * as nodePath from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const { format } = await import(nodePath.join(root, "packages/nix-ast/dist/index.js"));

const args = process.argv.slice(2);
const verbose = args.includes("--verbose");
const json = args.includes("--json");
const filter = args.find((a) => !a.startsWith("--"));
const dir = process.env.NIXFMT_TESTS ?? nodePath.join(root, ".cache/nixfmt/test");
if (!existsSync(nodePath.join(dir, "diff"))) {
  console.log("NOTICE: nixfmt's test suite not found (set NIXFMT_TESTS); nothing to check");
  process.exit(0);
}

const fmt = (src, opts) => {
  try {
    return format(src, { width: 80, pipes: true, ...opts });
  } catch (e) {
    return `ERROR: ${String(e.message).split("\n")[0]}`;
  }
};

function firstDiff(want, got) {
  const a = want.split("\n");
  const b = got.split("\n");
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const from = Math.max(0, i - 2);
  return { line: i + 1, want: a.slice(from, i + 4).join("\n"), got: b.slice(from, i + 4).join("\n") };
}

const classes = { plain: [], strict: [], correct: [], fixpoint: [], idempotent: [], invalid: [] };
const fails = [];
function check(cls, name, want, got) {
  const ok = want === got;
  classes[cls].push(ok);
  if (!ok) fails.push({ cls, name, diff: firstDiff(want, got) });
}

const cases = readdirSync(nodePath.join(dir, "diff")).sort().filter((c) => !filter || c.includes(filter));
for (const c of cases) {
  const inp = readFileSync(nodePath.join(dir, "diff", c, "in.nix"), "utf8");
  const out = readFileSync(nodePath.join(dir, "diff", c, "out.nix"), "utf8");
  const pure = readFileSync(nodePath.join(dir, "diff", c, "out-pure.nix"), "utf8");
  const a = fmt(inp, {});
  check("plain", c, out, a);
  check("strict", c, pure, fmt(inp, { strict: true }));
  check("fixpoint", `${c}/out.nix`, out, fmt(out, {}));
  check("fixpoint", `${c}/out-pure.nix`, pure, fmt(pure, { strict: true }));
  check("idempotent", c, a, fmt(a, {}));
  const b = fmt(inp, { strict: true });
  check("idempotent", `${c} (strict)`, b, fmt(b, { strict: true }));
  const o = fmt(out, {});
  check("idempotent", `${c}/out.nix`, o, fmt(o, {}));
  const q = fmt(pure, { strict: true });
  check("idempotent", `${c}/out-pure.nix (strict)`, q, fmt(q, { strict: true }));
}
const correct = readdirSync(nodePath.join(dir, "correct")).sort().filter((c) => !filter || c.includes(filter));
for (const c of correct) {
  const src = readFileSync(nodePath.join(dir, "correct", c), "utf8");
  const once = fmt(src, { strict: true });
  check("correct", c, src, once);
  check("idempotent", c, once, fmt(once, { strict: true }));
}
if (!filter || "correct-indent-4.nix".includes(filter)) {
  const src = readFileSync(nodePath.join(dir, "correct-indent-4.nix"), "utf8");
  check("correct", "correct-indent-4.nix", src, fmt(src, { strict: true, indent: 4 }));
}
for (const c of readdirSync(nodePath.join(dir, "invalid")).sort().filter((c) => !filter || c.includes(filter))) {
  const src = readFileSync(nodePath.join(dir, "invalid", c), "utf8");
  const r = fmt(src, {});
  const ok = /^ERROR: .*\d+:\d+/.test(r);
  classes.invalid.push(ok);
  if (!ok) fails.push({ cls: "invalid", name: c, diff: { line: 0, want: "a located error", got: r.slice(0, 200) } });
}
const counts = Object.fromEntries(Object.entries(classes).map(([k, v]) => [k, `${v.filter(Boolean).length}/${v.length}`]));
if (args.includes("--known")) {
  const by = {};
  for (const f of fails) if (f.cls !== "invalid") (by[f.cls] ??= []).push(f.name);
  console.log("const KNOWN: Record<\"plain\" | \"strict\" | \"correct\" | \"fixpoint\" | \"idempotent\", readonly string[]> = {");
  for (const k of ["plain", "strict", "correct", "fixpoint", "idempotent"]) console.log(`  ${k}: ${JSON.stringify(by[k] ?? [])},`);
  console.log("};");
} else if (json) console.log(JSON.stringify({ counts, fails: fails.map((f) => `${f.cls}:${f.name}`) }));
else {
  for (const f of fails) {
    console.log(`- ${f.cls}: ${f.name}:${f.diff.line}`);
    if (verbose) console.log(`  want:\n${f.diff.want.replace(/^/gm, "    | ")}\n  got:\n${f.diff.got.replace(/^/gm, "    | ")}`);
  }
  console.log(Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(", "));
}
