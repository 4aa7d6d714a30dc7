/**
 * Generator of `src/nixos/lib-signatures.generated.ts`: reads nixpkgs' `lib/` with nix-ast's own
 * parser, takes every function whose RFC 145 doc comment has a `# Type` section
 * (`genAttrs :: [ String ] -> (String -> Any) -> AttrSet`), parses that signature into a small
 * vocabulary of Nix types, and writes TypeScript declarations of the typed `lib` (arity, argument
 * kinds, callback parameters) plus the run-time table the facade needs.
 *
 * Run: `npm run gen:lib` (with `NIXPKGS_LIB` pointing at nixpkgs' `lib/`). The output is committed;
 * `test/nix-ast/lib-signatures.test.ts` regenerates it and fails when it differs.
 *
 * @module
 */
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "../src/parse/index.js";
import type { Binding, Expr } from "../src/ast/nodes.js";
import { BUILTIN_CONSTANTS, BUILTIN_SIGNATURES } from "../src/nixos/builtins-table.js";

// ---------------------------------------------------------------------------------------------
// The vocabulary of Nix types in lib's signatures

/** A Nix type as lib's doc comments write it, reduced to what TypeScript can check. */
export type Sig =
  | { readonly k: "string" | "int" | "float" | "number" | "bool" | "path" | "null" | "derivation" | "any" }
  | { readonly k: "var"; readonly name: string }
  | { readonly k: "list"; readonly of: Sig }
  | { readonly k: "attrs"; readonly of?: Sig }
  | { readonly k: "fn"; readonly params: readonly Sig[]; readonly result: Sig }
  | { readonly k: "union"; readonly of: readonly Sig[] };

const NAMED: Readonly<Record<string, Sig["k"]>> = {
  string: "string",
  str: "string",
  int: "int",
  integer: "int",
  float: "float",
  number: "number",
  bool: "bool",
  boolean: "bool",
  path: "path",
  null: "null",
  attrset: "attrs",
  attrs: "attrs",
  attributeset: "attrs",
  list: "list",
  derivation: "derivation",
  package: "derivation",
  any: "any",
};

/** Parses a signature (the text after `name ::`); undefined when it is not in the usual notation. */
export function parseSig(text: string): Sig | undefined {
  const toks = text.match(/->|\.\.\.|"(?:[^"\\]|\\.)*"|[A-Za-z_][A-Za-z0-9_'?-]*|\S/g) ?? [];
  let i = 0;
  const peek = () => toks[i];
  const fail = (): never => {
    throw new Error("sig");
  };
  const arrow = (): Sig => {
    const left = union();
    if (peek() !== "->") return left;
    i++;
    const start = i;
    const right = arrow();
    // `a -> (b -> c)`: the documented result is a function value, so the arity stays 1.
    const parenthesised = toks[start] === "(" && closing(start) === i - 1;
    return right.k === "fn" && !parenthesised ? { k: "fn", params: [left, ...right.params], result: right.result } : { k: "fn", params: [left], result: right };
  };
  const closing = (open: number): number => {
    let depth = 0;
    for (let j = open; j < toks.length; j++) {
      if (toks[j] === "(" || toks[j] === "[" || toks[j] === "{") depth++;
      else if (toks[j] === ")" || toks[j] === "]" || toks[j] === "}") if (--depth === 0) return j;
    }
    return -1;
  };
  const union = (): Sig => {
    const parts = [app()];
    while (peek() === "|") {
      i++;
      parts.push(app());
    }
    return parts.length === 1 ? parts[0]! : { k: "union", of: parts };
  };
  const app = (): Sig => {
    const head = atom();
    // `FileSetTree (with "emptyDir"'s)` and similar remarks: not part of the notation.
    if (peek() === "(" && toks[i + 1] === "with") fail();
    return head;
  };
  const atom = (): Sig => {
    const t = toks[i++];
    if (t === undefined) return fail();
    if (t === "...") return { k: "any" };
    if (t === "[") {
      if (peek() === "]") {
        i++;
        return { k: "list", of: { k: "any" } };
      }
      const of = arrow();
      if (toks[i++] !== "]") fail();
      return { k: "list", of };
    }
    if (t === "(") {
      const inner = arrow();
      if (toks[i++] !== ")") fail();
      return inner;
    }
    if (t === "{") {
      // `{ [String] :: a }` is an attribute set of `a`; other record notations are attribute sets.
      const start = i;
      let depth = 1;
      while (depth > 0) {
        const u = toks[i++];
        if (u === undefined) fail();
        if (u === "{" || u === "[" || u === "(") depth++;
        else if (u === "}" || u === "]" || u === ")") depth--;
      }
      const body = toks.slice(start, i - 1);
      if (body[0] === "[" && body[1] === "String" && body[2] === "]" && body[3] === ":" && body[4] === ":") {
        const inner = parseSig(body.slice(5).join(" "));
        return inner ? { k: "attrs", of: inner } : { k: "attrs" };
      }
      return { k: "attrs" };
    }
    if (/^[A-Za-z_]/.test(t)) {
      const named = NAMED[t.toLowerCase()];
      if (named === "list") return { k: "list", of: { k: "any" } };
      if (named === "attrs") return { k: "attrs" };
      if (named) return { k: named } as Sig;
      // Lower-case names are type variables (`a`, `b'`); capitalised others are domain types
      // (`FileSet`, `GVariant`) that TypeScript sees as any value.
      return /^[a-z]/.test(t) ? { k: "var", name: t } : { k: "any" };
    }
    return fail();
  };
  try {
    const s = arrow();
    return i === toks.length ? s : undefined;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Reading lib/

/** One documented or undocumented attribute of a lib namespace. */
export interface LibEntry {
  readonly name: string;
  /** The signature text after `name ::` (normalised spaces), when documented. */
  readonly type?: string;
  readonly sig?: Sig;
  /** The Nix lambda's parameter names, outermost first. */
  readonly params: readonly string[];
}

const isDoc = (b: { comments?: readonly { kind: string }[] }) => b.comments?.some((c) => c.kind === "doc") ?? false;
const docOf = (b: { comments?: readonly { kind: string; text: string }[] }) => b.comments?.filter((c) => c.kind === "doc").at(-1)?.text;

/** The `# Type` signature of a doc comment for `name`, or undefined. */
export function typeSection(doc: string, name: string): string | undefined {
  const lines = doc.split("\n");
  const at = lines.findIndex((l) => /^\s*#\s+Type\s*$/.test(l));
  if (at < 0) return undefined;
  const rest = lines.slice(at + 1);
  const open = rest.findIndex((l) => l.trim() !== "");
  if (open < 0 || !rest[open]!.trim().startsWith("```")) return undefined;
  const close = rest.findIndex((l, j) => j > open && l.trim().startsWith("```"));
  if (close < 0) return undefined;
  const block = rest.slice(open + 1, close).map((l) => l.trim());
  // The signature of `name` (some blocks show several, or a qualified `lib.x.name`).
  const starts = block.map((l, j) => (new RegExp(`^(?:[A-Za-z_][\\w'-]*\\.)*${escapeRe(name)}\\s*::`).test(l) ? j : -1)).filter((j) => j >= 0);
  const from = starts[0];
  if (from === undefined) return undefined;
  const collected: string[] = [];
  // Nesting depth of brackets so far: a `name :: …` line at depth 0 starts another signature,
  // inside a record type it is a field.
  let depth = 0;
  for (let j = from; j < block.length; j++) {
    const l = block[j]!.replace(/\s#\s.*$/, "");
    if (j > from && depth === 0 && /^[A-Za-z_][\w.'-]*\s*::/.test(l)) break;
    if (l.startsWith("#")) continue;
    const text = j === from ? l.slice(l.indexOf("::") + 2) : l;
    for (const ch of text.replace(/"(?:[^"\\]|\\.)*"/g, "")) {
      if (ch === "{" || ch === "[" || ch === "(") depth++;
      else if (ch === "}" || ch === "]" || ch === ")") depth--;
    }
    collected.push(text);
  }
  return collected.join(" ").replace(/\s+/g, " ").trim();
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function lambdaParams(e: Expr): string[] {
  const out: string[] = [];
  let cur: Expr = e;
  while (cur.type === "Lambda") {
    out.push(cur.param.type === "IdentParam" ? cur.param.name : (cur.param.bind?.name ?? "args"));
    cur = cur.body;
  }
  return out;
}

/** The attribute set a lib file evaluates to (through its `{ lib }:` lambda, `let` and `with`). */
function resultSet(e: Expr, lets: Map<string, Binding>): readonly Binding[] | undefined {
  let cur: Expr = e;
  for (;;) {
    if (cur.type === "Lambda") cur = cur.body;
    else if (cur.type === "Let") {
      for (const b of cur.bindings) if (b.type === "Assign" && typeof b.path[0] === "string" && b.path.length === 1) lets.set(b.path[0], b);
      cur = cur.body;
    } else if (cur.type === "With" || cur.type === "Assert") cur = cur.body;
    else if (cur.type === "Paren") cur = cur.expr;
    else if (cur.type === "Attrs") return cur.bindings;
    // `lib.mapAttrs mkLicense { … }`: the attribute names are those of the last argument.
    else if (cur.type === "Apply") cur = cur.arg;
    else if (cur.type === "Binary" && cur.op === "//") {
      // `{ … } // { … }`: both sides.
      const l = resultSet(cur.left, lets) ?? [];
      const r = resultSet(cur.right, lets) ?? [];
      return [...l, ...r];
    } else return undefined;
  }
}

function entryOf(name: string, b: Binding | undefined): LibEntry {
  if (!b || b.type !== "Assign") return { name, params: [] };
  const params = lambdaParams(b.value);
  const doc = isDoc(b) ? docOf(b) : undefined;
  const type = doc === undefined ? undefined : typeSection(doc, name);
  const sig = type === undefined ? undefined : parseSig(type);
  return { name, params, ...(type !== undefined ? { type } : {}), ...(sig ? { sig } : {}) };
}

/** A built-in function as a lib entry (its signature from {@link BUILTIN_SIGNATURES}). */
export function builtinEntry(name: string): LibEntry {
  const type = BUILTIN_SIGNATURES[name];
  const sig = type === undefined ? undefined : parseSig(type);
  return { name, params: [], ...(type !== undefined ? { type } : {}), ...(sig ? { sig } : {}) };
}

/**
 * Signatures of module-system functions that nixpkgs documents without a `# Type` section, written
 * here in the same notation (their arity is checked against the Nix lambda when generating).
 */
export const SUPPLEMENT: Readonly<Record<string, string>> = {
  "modules.mkIf": "Bool -> a -> a",
  "modules.mkMerge": "[a] -> a",
  "modules.mkOverride": "Int -> a -> a",
  "modules.mkDefault": "a -> a",
  "modules.mkForce": "a -> a",
  "modules.mkOptionDefault": "a -> a",
  "modules.mkImageMediaOverride": "a -> a",
  "modules.mkVMOverride": "a -> a",
  "modules.mkOrder": "Int -> a -> a",
  "modules.mkBefore": "a -> a",
  "modules.mkAfter": "a -> a",
  "modules.mkRenamedOptionModule": "[String] -> [String] -> AttrSet",
  "modules.mkRemovedOptionModule": "[String] -> String -> AttrSet",
  "modules.mkAliasOptionModule": "[String] -> [String] -> AttrSet",
  "modules.mkChangedOptionModule": "[String] -> [String] -> (AttrSet -> Any) -> AttrSet",
  "modules.mkMergedOptionModule": "[[String]] -> [String] -> (AttrSet -> Any) -> AttrSet",
  "modules.evalModules": "AttrSet -> AttrSet",
  "modules.importJSON": "Path -> Any",
  "modules.importTOML": "Path -> Any",
  "options.mkOption": "AttrSet -> AttrSet",
  "options.mkEnableOption": "String -> AttrSet",
  "options.literalExpression": "String -> AttrSet",
  "options.literalMD": "String -> AttrSet",
};

/** The entries of one namespace file (or folder with `default.nix`). */
export function readNamespace(file: string): LibEntry[] {
  const path = existsSync(file) && statSync(file).isDirectory() ? join(file, "default.nix") : file;
  const ast = parse(readFileSync(path, "utf8"), { file: path });
  const lets = new Map<string, Binding>();
  const set = resultSet(ast, lets);
  if (!set) return [];
  const out = new Map<string, LibEntry>();
  for (const b of set) {
    if (b.type === "Assign") {
      const [head] = b.path;
      if (typeof head !== "string") continue;
      out.set(head, b.path.length === 1 ? entryOf(head, b) : { name: head, params: [] });
    } else {
      // `inherit name;` of a documented let binding keeps its documentation.
      const fromBuiltins = b.from?.type === "Var" && b.from.name === "builtins";
      for (const n of b.names) out.set(n, fromBuiltins ? builtinEntry(n) : entryOf(n, b.from === undefined ? lets.get(n) : undefined));
    }
  }
  return [...out.values()].sort((a, z) => (a.name < z.name ? -1 : a.name > z.name ? 1 : 0));
}

/** What `lib/default.nix` says: namespaces and the top-level aliases of their members. */
export interface LibLayout {
  /** Namespace → file (relative to lib/). */
  readonly namespaces: ReadonlyMap<string, string>;
  /** Top-level name → namespace it comes from (`builtins` for `inherit (builtins) …`). */
  readonly aliases: ReadonlyMap<string, string>;
  /** Other top-level names (`platforms`, `maintainers`, …). */
  readonly others: readonly string[];
}

export function readLayout(libDir: string): LibLayout {
  const ast = parse(readFileSync(join(libDir, "default.nix"), "utf8"));
  const namespaces = new Map<string, string>();
  const aliases = new Map<string, string>();
  const others: string[] = [];
  // The library's attribute set is the one binding `trivial = callLibs ./trivial.nix;`.
  const find = (e: Expr): readonly Binding[] | undefined => {
    const stack: unknown[] = [e];
    while (stack.length) {
      const n = stack.pop();
      if (typeof n !== "object" || n === null) continue;
      const node = n as { type?: string; bindings?: readonly Binding[] };
      if (node.type === "Attrs" && node.bindings?.some((b) => b.type === "Assign" && b.path[0] === "trivial")) return node.bindings;
      for (const v of Object.values(node)) if (typeof v === "object" && v !== null) stack.push(v);
    }
    return undefined;
  };
  for (const b of find(ast) ?? []) {
    if (b.type === "Assign") {
      const name = b.path[0];
      if (typeof name !== "string") continue;
      const v = b.value;
      if (v.type === "Apply" && v.fn.type === "Var" && v.fn.name === "callLibs" && v.arg.type === "Path") {
        namespaces.set(name, (v.arg.parts as readonly string[]).join("").replace(/^\.\//, ""));
      } else others.push(name);
    } else if (b.from) {
      const from = b.from;
      const ns =
        from.type === "Var" && from.name === "builtins"
          ? "builtins"
          : from.type === "Select" && from.expr.type === "Var" && from.expr.name === "self" && typeof from.path[0] === "string"
            ? from.path.join(".")
            : undefined;
      if (ns === undefined) continue;
      for (const n of b.names) if (!aliases.has(n)) aliases.set(n, ns);
    }
  }
  return { namespaces, aliases, others };
}

// ---------------------------------------------------------------------------------------------
// Writing TypeScript

const TS_KEYWORDS = new Set(["default", "function", "class", "new", "delete", "in", "if", "else", "with", "let", "var", "const", "import", "export", "return", "this", "switch", "case", "for", "while", "do", "try", "catch", "finally", "throw", "typeof", "instanceof", "void", "yield", "super", "enum", "extends", "null", "true", "false", "debugger", "continue", "break", "interface", "package", "private", "protected", "public", "static", "implements", "arguments", "eval", "await"]);

const propName = (n: string) => (/^[A-Za-z_$][\w$]*$/.test(n) ? n : JSON.stringify(n));
const paramName = (n: string, i: number, used: Set<string>) => {
  let p = /^[A-Za-z_$][\w$]*$/.test(n) && !TS_KEYWORDS.has(n) ? n : /^[A-Za-z_$][\w$']*$/.test(n) ? n.replace(/'/g, "_") : `arg${i + 1}`;
  if (TS_KEYWORDS.has(p)) p = `${p}_`;
  while (used.has(p)) p = `${p}_`;
  used.add(p);
  return p;
};

/** The TypeScript type of an argument of this Nix type (helpers from `lib-args.ts`). */
function argTs(s: Sig): string {
  switch (s.k) {
    case "string":
      return "A.Str";
    case "int":
      return "A.Int";
    case "float":
    case "number":
      return "A.Num";
    case "bool":
      return "A.Bool";
    case "path":
      return "A.Path";
    case "null":
      return "A.Null";
    case "derivation":
      return "A.Drv";
    case "any":
    case "var":
      return "A.Any";
    case "list":
      return `A.List<${argTs(s.of)}>`;
    case "attrs":
      return s.of ? `A.AttrsOf<${argTs(s.of)}>` : "A.Attrs";
    case "fn":
      return `A.Fn<(${s.params.map((_, i) => `${callbackName(s.params, i)}: Ref`).join(", ")}) => ${resultTs(s.result)}>`;
    case "union": {
      const parts = [...new Set(s.of.map(argTs))];
      return parts.includes("A.Any") ? "A.Any" : parts.join(" | ");
    }
  }
}

/**
 * The kinds of a function's result, for its `Ref<…>` (`docs/builders.md`, "Typed values"): what
 * the documented result type says; `undefined` (a plain `Ref`) for a type variable, `Any`, or a
 * union with them.
 */
export function resultKinds(s: Sig): readonly string[] | undefined {
  switch (s.k) {
    case "path":
      // Doc comments write `Path` for path strings too.
      return ["path", "string"];
    case "string":
    case "int":
    case "float":
    case "bool":
    case "null":
    case "derivation":
    case "list":
    case "attrs":
      return [s.k];
    case "number":
      return ["int", "float"];
    case "fn":
      return ["function"];
    case "any":
    case "var":
      return undefined;
    case "union": {
      const parts = s.of.map(resultKinds);
      return parts.some((x) => x === undefined) ? undefined : [...new Set(parts.flatMap((x) => x ?? []))];
    }
  }
}

/**
 * Functions whose documented result type is not what they return (checked against Nix by
 * lib-signatures.test.ts): their results stay plain references.
 */
export const UNTYPED_RESULTS: Readonly<Record<string, string>> = {
  mkAliasOptionModule: "documented as an AttrSet; returns a module function",
  mkChangedOptionModule: "documented as an AttrSet; returns a module function",
  mkMergedOptionModule: "documented as an AttrSet; returns a module function",
  mkRemovedOptionModule: "documented as an AttrSet; returns a module function",
  mkRenamedOptionModule: "documented as an AttrSet; returns a module function",
  nameFromURL: "documented with one argument fewer than it takes",
};

/** What a callback may return for a Nix result type. */
function resultTs(s: Sig): string {
  return argTs(s);
}

/**
 * Names of a callback's parameters, by kind: `name` for strings, `i` for ints, `value` for what
 * follows a name, `x`, `y`, … otherwise.
 */
export function callbackNames(params: readonly Sig[]): string[] {
  const out: string[] = [];
  const letters = ["x", "y", "z", "w", "v", "u"];
  let li = 0;
  for (const [i, p] of params.entries()) {
    const prev = i > 0 ? params[i - 1] : undefined;
    let n =
      p.k === "string" && !out.includes("name")
        ? "name"
        : p.k === "int" && !out.includes("i")
          ? "i"
          : prev?.k === "string" && out.includes("name") && !out.includes("value")
            ? "value"
            : p.k === "fn" && !out.includes("f")
              ? "f"
              : letters[li++] ?? `x${i}`;
    while (out.includes(n)) n = `${n}${i}`;
    out.push(n);
  }
  return out;
}
const callbackName = (params: readonly Sig[], i: number) => callbackNames(params)[i]!;

/** The run-time shape of a signature: per argument, 0 or the callback's parameter names. */
function runtimeOf(s: Sig | undefined): readonly (0 | readonly string[])[] | undefined {
  if (!s || s.k !== "fn") return undefined;
  return s.params.map((p) => (p.k === "fn" ? callbackNames(p.params) : 0));
}

/** A parameter name for an argument of this kind (when the Nix source names none). */
function kindName(s: Sig): string {
  switch (s.k) {
    case "string":
      return "s";
    case "int":
      return "n";
    case "bool":
      return "cond";
    case "path":
      return "path";
    case "list":
      return "list";
    case "attrs":
      return "set";
    case "fn":
      return "f";
    case "derivation":
      return "drv";
    default:
      return "x";
  }
}

function member(prefix: string, e: LibEntry): string {
  const doc = e.type !== undefined ? `  /** \`${prefix}${e.name} :: ${e.type.replace(/\*\//g, "*\\/")}\` */\n` : "";
  if (!e.sig || e.sig.k !== "fn") return `${doc}  readonly ${propName(e.name)}: Ref;\n`;
  const used = new Set<string>();
  const params = e.sig.params.map((p, i) => `${paramName(e.params[i] ?? kindName(p), i, used)}: ${argTs(p)}`);
  const kinds = e.name in UNTYPED_RESULTS ? undefined : resultKinds(e.sig.result);
  const result = kinds === undefined ? "Ref" : `Ref<${kinds.map((k) => JSON.stringify(k)).join(" | ")}>`;
  return `${doc}  readonly ${propName(e.name)}: A.LibFn<(${params.join(", ")}) => ${result}>;\n`;
}

/** Namespaces whose members are data (names only), not functions. */
const DATA = new Set(["types", "licenses", "maintainers", "platforms", "teams", "systems", "sourceTypes"]);

/** Every namespace, in name order, with its entries. */
export function readLib(libDir: string): { layout: LibLayout; spaces: Map<string, LibEntry[]> } {
  const layout = readLayout(libDir);
  const spaces = new Map<string, LibEntry[]>();
  for (const [ns, file] of [...layout.namespaces].sort(([a], [b]) => (a < b ? -1 : 1))) {
    // Outside lib/ (teams come from maintainers/, which nixpkgs.lib does not ship): names unknown.
    if (!existsSync(join(libDir, file))) continue;
    if (ns === "licenses") {
      // licenses/default.nix is `licenses // operators // helpers`.
      const parts = ["licenses.nix", "operators.nix", "helpers.nix"].flatMap((f) => readNamespace(join(libDir, "licenses", f)));
      spaces.set(ns, parts.map((e) => (e.sig ? e : { name: e.name, params: [] })).sort((a, z) => (a.name < z.name ? -1 : a.name > z.name ? 1 : 0)));
      continue;
    }
    const entries: LibEntry[] = DATA.has(ns) ? readNamespace(join(libDir, file)).map((e) => ({ name: e.name, params: [] })) : readNamespace(join(libDir, file));
    spaces.set(
      ns,
      entries.map((e) => {
        const extra = SUPPLEMENT[`${ns}.${e.name}`];
        if (extra === undefined || e.type !== undefined) return e;
        const sig = parseSig(extra);
        const arity = sig?.k === "fn" ? sig.params.length : 0;
        // The lambda must take at least that many parameters: a wrong hand signature fails here.
        if (!sig || (e.params.length > 0 && e.params.length < arity)) throw new Error(`SUPPLEMENT ${ns}.${e.name} :: ${extra} does not fit its lambda (${e.params.join(" ")})`);
        return { ...e, type: extra, sig };
      }),
    );
  }
  for (const k of Object.keys(SUPPLEMENT)) {
    const [ns, n] = k.split(".") as [string, string];
    if (!spaces.get(ns)?.some((e) => e.name === n)) throw new Error(`SUPPLEMENT ${k} is not in lib`);
  }
  return { layout, spaces };
}

/** The generated module's text. */
export function generate(libDir: string): string {
  const version = existsSync(join(libDir, ".version")) ? readFileSync(join(libDir, ".version"), "utf8").trim() : "unknown version";
  const origin = `lib .version ${version}`;
  const { layout, spaces } = readLib(libDir);
  const iface = (ns: string) => `Lib${ns[0]!.toUpperCase()}${ns.slice(1)}`;
  let out = `// GENERATED by packages/nix-ast/scripts/lib-signatures.ts from nixpkgs' lib (${origin}).
// Do not edit: run \`npm run gen:lib\` with NIXPKGS_LIB set. Names and signatures are facts about
// nixpkgs' API, read from its RFC 145 doc comments (\`# Type\` sections).
/* eslint-disable */
import type { Ref } from "../builders/index.js";
import type * as A from "./lib-args.js";
`;
  const runtime: Record<string, readonly (0 | readonly string[])[]> = {};
  let documented = 0;
  let typed = 0;
  for (const [ns, entries] of spaces) {
    out += `\n/** \`lib.${ns}\` */\nexport interface ${iface(ns)} extends A.RefValue {\n`;
    for (const e of entries) {
      if (e.type !== undefined) documented++;
      if (e.sig?.k === "fn") typed++;
      out += member(`lib.${ns}.`, e);
      const rt = runtimeOf(e.sig);
      if (rt) runtime[`${ns}.${e.name}`] = rt;
    }
    out += "}\n";
  }
  // Top level: namespaces, aliases of namespace members, other names.
  const byName = new Map<string, LibEntry>();
  for (const [ns, entries] of spaces) for (const e of entries) byName.set(`${ns}.${e.name}`, e);
  out += `\n/** The top level of \`lib\`: its namespaces and the aliases of their members. */\nexport interface LibTop extends A.RefValue {\n`;
  const top = new Map<string, string>();
  for (const ns of layout.namespaces.keys()) top.set(ns, `  readonly ${propName(ns)}: ${spaces.has(ns) ? iface(ns) : "A.Names"};\n`);
  const aliasTable: Record<string, string> = {};
  for (const [name, ns] of [...layout.aliases].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const e = ns === "builtins" ? builtinEntry(name) : byName.get(`${ns}.${name}`);
    if (ns !== "builtins") aliasTable[name] = ns;
    top.set(name, e ? member(`lib.`, e).replace(`/** \`lib.${e.name}`, `/** \`lib.${e.name}\` = \`${ns === "builtins" ? "" : "lib."}${ns}.${e.name}`) : `  readonly ${propName(name)}: Ref;\n`);
  }
  for (const name of layout.others) if (!top.has(name)) top.set(name, `  readonly ${propName(name)}: ${name === "platforms" ? "LibPlatforms" : name === "maintainers" ? "A.Names" : "Ref"};\n`);
  for (const [, line] of [...top].sort(([a], [b]) => (a < b ? -1 : 1))) out += line;
  out += "}\n";
  // lib.platforms is lib.systems.doubles.
  const doubles = readNamespace(join(libDir, "systems", "doubles.nix")).map((e) => e.name);
  out += `\n/** \`lib.platforms\` (= \`lib.systems.doubles\`): platform lists by name. */\nexport interface LibPlatforms extends A.RefValue {\n${doubles.map((n) => `  readonly ${propName(n)}: Ref;\n`).join("")}}\n`;
  out += `\n/** Per documented function (\`namespace.name\`): per argument, 0 or the callback's parameter names. */\nexport const LIB_CALLS: { readonly [path: string]: readonly (number | readonly string[])[] } = ${JSON.stringify(runtime, null, 0)
    .replace(/^\{/, "{\n  ")
    .replace(/\],"/g, '],\n  "')
    .replace(/\}$/, ",\n}")};\n`;
  out += `\n/** Top-level aliases: name → the namespace it is inherited from. */\nexport const LIB_ALIASES: { readonly [name: string]: string } = ${JSON.stringify(aliasTable, null, 0)
    .replace(/^\{/, "{\n  ")
    .replace(/","/g, '",\n  "')
    .replace(/\}$/, ",\n}")};\n`;
  // builtins, from the hand-written table.
  const builtinRuntime: Record<string, readonly (0 | readonly string[])[]> = {};
  out += `\n/** \`builtins\`: the built-in functions and constants of Nix. */\nexport interface Builtins extends A.RefValue {\n`;
  const bnames = [...Object.keys(BUILTIN_SIGNATURES), ...BUILTIN_CONSTANTS].sort((a, b) => (a < b ? -1 : 1));
  for (const n of bnames) {
    const e = builtinEntry(n);
    out += member("builtins.", e);
    const rt = runtimeOf(e.sig);
    if (rt) builtinRuntime[n] = rt;
  }
  out += "}\n";
  out += `\n/** Per built-in function: per argument, 0 or the callback's parameter names. */\nexport const BUILTIN_CALLS: { readonly [name: string]: readonly (number | readonly string[])[] } = ${JSON.stringify(builtinRuntime, null, 0)
    .replace(/^\{/, "{\n  ")
    .replace(/\],"/g, '],\n  "')
    .replace(/\}$/, ",\n}")};\n`;
  out += `\n/** Counts: documented signatures, of which parsed as functions. */\nexport const LIB_COUNTS = { documented: ${documented}, typed: ${typed} } as const;\n`;
  return out;
}

/** Where the generated module lives. */
export const OUTPUT = fileURLToPath(new URL("../src/nixos/lib-signatures.generated.ts", import.meta.url));

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const libDir = process.env.NIXPKGS_LIB;
  if (!libDir) {
    console.error("set NIXPKGS_LIB to nixpkgs' lib/ folder");
    process.exit(1);
  }
  const text = generate(libDir);
  const tmp = `${OUTPUT}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, OUTPUT);
  console.log(`wrote ${OUTPUT}`);
}
