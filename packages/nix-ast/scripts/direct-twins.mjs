// Writes the direct twins of the generator-based parser and printer (run by `npm run build` and
// `prepack` before `tsc`; the twins are build output, git-ignored).
//
// The parser (src/parse/parser.ts) and the printer (src/print/*.ts) descend into nested code through
// generators run on an explicit stack, so that no input nests too deep for them. A twin is the same
// module with plain calls instead: `function*` becomes `function`, `yield e` and `yield* e` become
// `e`, and a driver call `run(g)` becomes `g`. Since a driver runs what is yielded to completion right
// away, the twin computes the same thing in the same order, without the generator objects. It nests
// on the JS call stack: the drivers (parse/driver.ts, print/driver.ts) run it first, and the
// generator code when it overflows (docs/parser.md, "Depth").
//
// The rewrite works on the syntax tree (prettier's TypeScript parser, not text patterns) and refuses
// what it does not expect: a `yield` without an operand, a driver called with other than one
// argument, or a generator left in the output.
//
//   node packages/nix-ast/scripts/direct-twins.mjs          writes the twins (only those that changed)
//   node packages/nix-ast/scripts/direct-twins.mjs --check  exits 1 if a twin is missing or stale
import { existsSync, readFileSync, writeFileSync, renameSync } from "node:fs";
import * as nodePath from "node:path";
import { fileURLToPath } from "node:url";
import * as tsParser from "prettier/plugins/typescript";

const src = fileURLToPath(new URL("../src/", import.meta.url));

/**
 * The twinned modules, each with: the driver functions (their calls are unwrapped, their
 * declarations dropped) and the generator types, redefined as what a generator returns.
 */
const TWINS = [
  {
    dir: "parse",
    modules: ["parser"],
    drivers: ["run"],
    types: { G: "type G = Expr;", H: "type H<T> = T;" },
  },
  {
    dir: "print",
    modules: ["printer", "bindings", "functions", "keywords", "operators", "strings"],
    drivers: [],
    types: { Gen: "type Gen = Doc;", Req: "type Req = Doc;" },
  },
];

/** The children of an ESTree node (typescript-estree, as prettier's TypeScript parser gives it). */
function* childrenOf(node) {
  for (const [k, v] of Object.entries(node)) {
    if (k === "range" || k === "loc" || k === "parent" || k === "tokens" || k === "comments") continue;
    if (Array.isArray(v)) {
      for (const x of v) if (x !== null && typeof x === "object" && typeof x.type === "string") yield x;
    } else if (v !== null && typeof v === "object" && typeof v.type === "string") yield v;
  }
}

const parseTs = async (text) => tsParser.parsers.typescript.parse(text, {});

/** Whether a program still holds a generator or a `yield`. */
function holdsGenerator(node) {
  if (node.type === "YieldExpression" || node.generator === true) return true;
  for (const c of childrenOf(node)) if (holdsGenerator(c)) return true;
  return false;
}

/** The twin of one module's text. */
async function twin(fileName, text, { modules, drivers, types }) {
  const edits = [];
  const cut = (from, to, by = "") => edits.push([from, to, by]);
  const where = (node) => {
    const before = text.slice(0, node.range[0]).split("\n");
    return `${fileName}:${before.length}:${before[before.length - 1].length + 1}`;
  };
  /** Removes the `*` of a generator, written between `from` and `to` (after keywords, modifiers). */
  const star = (from, to, node) => {
    const at = text.indexOf("*", from);
    if (at < 0 || at >= to) throw new Error(`${where(node)}: no '*' found before the generator's name`);
    cut(at, at + 1);
  };
  const visit = (node, parent) => {
    switch (node.type) {
      case "FunctionDeclaration":
        if (node.id !== null && drivers.includes(node.id.name)) return cut(node.range[0], node.range[1]);
        if (node.generator) star(node.range[0], node.id.range[0], node);
        break;
      case "FunctionExpression":
        if (node.generator) {
          if (parent?.type === "MethodDefinition") star(parent.range[0], parent.key.range[0], node);
          else star(node.range[0], node.params[0]?.range[0] ?? node.body.range[0], node);
        }
        break;
      case "YieldExpression":
        if (node.argument === null) throw new Error(`${where(node)}: a yield without an operand has no direct form`);
        cut(node.range[0], node.argument.range[0]);
        break;
      case "CallExpression":
        if (node.callee.type === "Identifier" && drivers.includes(node.callee.name)) {
          if (node.arguments.length !== 1) throw new Error(`${where(node)}: a driver call takes one generator`);
          const arg = node.arguments[0];
          cut(node.range[0], arg.range[0]);
          cut(arg.range[1], node.range[1]);
        }
        break;
      case "TSTypeAliasDeclaration":
      case "TSInterfaceDeclaration":
        if (Object.hasOwn(types, node.id.name)) return cut(node.range[0], node.range[1], types[node.id.name]);
        break;
      case "ImportDeclaration":
      case "ExportNamedDeclaration":
      case "ExportAllDeclaration": {
        const m = node.source ? /^\.\/([a-z-]+)\.js$/.exec(node.source.value) : null;
        if (m !== null && modules.includes(m[1])) cut(node.source.range[0], node.source.range[1], `"./${m[1]}.direct.js"`);
        break;
      }
    }
    for (const c of childrenOf(node)) visit(c, node);
  };
  visit(await parseTs(text), null);
  edits.sort((a, b) => b[0] - a[0]);
  let out = text;
  let last = Infinity;
  for (const [from, to, by] of edits) {
    if (to > last) throw new Error(`${fileName}: overlapping rewrites at offset ${from}`);
    out = out.slice(0, from) + by + out.slice(to);
    last = from;
  }
  if (holdsGenerator(await parseTs(out))) throw new Error(`${fileName}: a generator is left in its twin`);
  // The print twins' Printer is a class of its own, which the modules they share with the generator
  // code (comments.ts, …) are typed against: only the source is type-checked.
  return `// Generated from ${nodePath.basename(fileName)} by scripts/direct-twins.mjs (the same code without generators): do not edit.\n// @ts-nocheck\n${out}`;
}

const checkOnly = process.argv.includes("--check");
let stale = 0;
for (const group of TWINS) {
  for (const m of group.modules) {
    const from = nodePath.join(src, group.dir, `${m}.ts`);
    const to = nodePath.join(src, group.dir, `${m}.direct.ts`);
    const out = await twin(nodePath.relative(src, from), readFileSync(from, "utf8"), group);
    const now = existsSync(to) ? readFileSync(to, "utf8") : null;
    if (now === out) continue;
    stale++;
    if (checkOnly) {
      console.error(`${nodePath.relative(process.cwd(), to)} is ${now === null ? "missing" : "stale"}`);
      continue;
    }
    // Atomically, and only when changed (tsc -b rebuilds what is newer).
    writeFileSync(`${to}.tmp`, out);
    renameSync(`${to}.tmp`, to);
  }
}
if (checkOnly && stale > 0) process.exit(1);
