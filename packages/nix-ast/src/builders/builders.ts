/**
 * The builders: typed, ergonomic functions that make wrong trees hard to write. Every builder takes
 * {@link Nixable} inputs (nodes, references, plain JS values, functions) and returns plain AST nodes.
 *
 * @example
 * ```ts
 * const { lib, python3 } = refs("lib", "python3");
 * fn({ lib, python3 }, python3.pkgs.buildPythonPackage({ pname: "x", meta: { license: lib.licenses.mit } }));
 * ```
 * @module
 */
import type {
  AttrName,
  Binding,
  BinaryOp,
  Comment,
  Expr,
  Formal,
  FormalsParam,
  IdentParam,
  StrPart,
} from "../ast/nodes.js";
import { NixBuildError } from "../errors.js";
import {
  binderNode,
  checkUnshadowed,
  hintsFor,
  lambdaWithParam,
  readFormalsLambda,
  valueLambda,
  type Fn,
} from "./lambda.js";
import {
  attrName,
  checkBindings,
  checkIdentifier,
  formalsParam,
  indStrParts,
  pathParts,
  searchPath,
  strParts,
} from "./nodes.js";
import type { AddKind, ArithKind, Cond, SelectKind, StrHoles } from "./kinds.js";
import { isRef, refOf, selectNode, setConverter, unref, type ExprOf, type KindOf, type Ref, type RefLike, type RefProp, type StringCoercible } from "./ref.js";
import { BINDINGS, type BOUND_NAMES, type BindingsCarrier } from "./symbols.js";
import { hoistComments, toExpr, type Nixable, type NixableValue } from "./values.js";

setConverter((v, callee) =>
  typeof v === "function" && !isRef(v) ? valueLambda(v as Fn, toExpr as (v: never) => Expr, hintsFor(callee)) : toExpr(v),
);

/** An object of bindings (keys are attribute names, quoted on output when needed). */
export type BindingsObject = { readonly [key: string]: Nixable | undefined };

/** What `attrs`, `let_` and friends take: an object, or an ordered list of bindings. */
export type BindingsInput = BindingsObject | readonly (Binding | BindingsCarrier)[];

/** Turns bindings input into Binding nodes. Comments on a value move onto its binding. */
export function bindings(input: BindingsInput): Binding[] {
  if (Array.isArray(input)) {
    return (input as readonly (Binding | BindingsCarrier)[]).flatMap((b) =>
      BINDINGS in b ? [...(b as BindingsCarrier)[BINDINGS]] : [b as Binding],
    );
  }
  const converted = toExpr(input as BindingsObject);
  if (converted.type !== "Attrs") throw new NixBuildError("expected an object of bindings", input);
  return [...converted.bindings];
}

/** An attribute set from an object (`{ a = 1; }`) or an ordered binding list. */
export function attrs(input: BindingsInput = {}, options: { rec?: boolean } = {}): ExprOf<"attrs"> {
  return {
    type: "Attrs",
    rec: options.rec ?? false,
    bindings: checkBindings(bindings(input), false),
  };
}

/** A recursive attribute set `rec { … }`. */
export function rec(input: BindingsInput): ExprOf<"attrs"> {
  return attrs(input, { rec: true });
}

/** A list `[ … ]`; items are converted with {@link toExpr}. */
export function list(...items: readonly Nixable[]): ExprOf<"list"> {
  return { type: "List", items: items.map((i) => toExpr(i)) };
}

/** `inherit a b;` — spread it into an object: `attrs({ ...inherit("lib"), x: 1 })`. */
export function inherit<const N extends string>(...names: readonly N[]): BindingsCarrier<N> {
  return carrier({ type: "Inherit", names: names.map((n) => checkText(n)) });
}

/** `inherit (from) a b;` — spread it into an object. */
export function inheritFrom<const N extends string>(from: Nixable, ...names: readonly N[]): BindingsCarrier<N> {
  return carrier({ type: "Inherit", from: toExpr(from), names: names.map((n) => checkText(n)) });
}

/** A binding with an attribute path: `bind("a.b.c", 1)` or `bind(["a", "x.y"], 1)`. */
export function bind<const P extends AttrPathInput>(path: P, value: Nixable): BindingsCarrier<PathHead<P>> {
  const segs = attrPath(path);
  const [first, ...rest] = segs;
  if (first === undefined) throw new NixBuildError("an attribute path needs a name", path);
  return carrier(hoistComments({ type: "Assign", path: [first, ...rest], value: toExpr(value) }));
}

function checkText(name: string): string {
  if (typeof name !== "string") throw new NixBuildError(`an inherited name must be a string, not ${typeof name}`, name);
  attrName(name);
  return name;
}

/** The first name of an attribute path, as a type. */
type PathHead<P> = P extends `${infer H}.${string}` ? H : P extends string ? P : P extends readonly [infer H, ...unknown[]] ? (H extends string ? H : string) : string;

function carrier<N extends string>(b: Binding): BindingsCarrier<N> {
  // Usable both in a bindings array (read through BINDINGS, which spread does not copy) and spread
  // into an object (under a fresh symbol, so several spreads do not overwrite each other).
  const inner = { [BINDINGS]: [b] };
  const outer = { [Symbol("binding")]: inner };
  Object.defineProperty(outer, BINDINGS, { value: [b], enumerable: false });
  return outer as unknown as BindingsCarrier<N>;
}

function splitDotted(path: string): string[] {
  const segs = path.split(".");
  if (segs.some((s) => s === "")) throw new NixBuildError(`malformed attribute path ${JSON.stringify(path)}`, path);
  for (const s of segs) {
    if (/["${}\\ ]/.test(s)) {
      throw new NixBuildError(
        `attribute path ${JSON.stringify(path)} is split at dots, not parsed as Nix; pass its names as an array: [${segs.map((x) => JSON.stringify(x)).join(", ")}]`,
        path,
      );
    }
  }
  return segs;
}

/** A parameter: a name, a list of formal names, an object of references, or {@link formals}. */
export type ParamInput =
  | string
  | readonly string[]
  | FormalsParam
  | { readonly [name: string]: RefLike | true };

/**
 * A set pattern with defaults: `formals({ lib: true, system: { default: "x86_64-linux" } },
 * { ellipsis: true, bind: "args" })`.
 */
export function formals(
  spec: { readonly [name: string]: true | RefLike | { readonly default: Nixable } },
  options: { ellipsis?: boolean; bind?: string; bindPosition?: "before" | "after" } = {},
): FormalsParam {
  const list: Formal[] = Object.entries(spec).map(([name, v]) =>
    typeof v === "object" && v !== null && !isRef(v) && "default" in v
      ? { name, default: toExpr(v.default) }
      : { name },
  );
  return formalsParam(list, options);
}

function param(p: ParamInput): IdentParam | FormalsParam {
  if (typeof p === "string") return { type: "IdentParam", name: checkIdentifier(p, "lambda parameter") };
  if (Array.isArray(p)) {
    return formalsParam(
      (p as readonly unknown[]).map((name) => {
        if (typeof name !== "string") throw new NixBuildError(`a formal parameter must be a string, not ${typeof name}`, name);
        return { name };
      }),
    );
  }
  if (typeof p !== "object" || p === null) {
    throw new NixBuildError(`a lambda parameter must be a name, a list of names or an object, not ${typeof p}`, p);
  }
  if ((p as FormalsParam).type === "FormalsParam" && !isRef(p)) return p as FormalsParam;
  const names = Object.keys(p);
  const ellipsis = names.includes("...");
  return formalsParam(
    names.filter((n) => n !== "...").map((name) => ({ name })),
    { ellipsis },
  );
}

/** The references a set-pattern body receives, one per formal. */
export type Args<N extends string = string> = string extends N ? { readonly [name: string]: RefProp } : { readonly [K in N]: Ref };

/** The formal names of an object parameter `{ lib, pkgs, "...": true }`. */
type FormalNames<O> = Exclude<keyof O & string, "...">;

/**
 * A lambda.
 *
 * - `fn("x", (x) => body)`: a plain parameter `x: …`; the body receives its reference.
 * - `fn(["lib", "pkgs"], ({ lib, pkgs }) => body)`, `fn({ lib, pkgs, "...": true }, body)`,
 *   `fn(formals({ … }), body)`: a set pattern with the names given.
 * - `fn(({ lib, pkgs, ...rest }) => body)`: a set pattern whose formals are the properties the
 *   body reads from its parameter, with `...` when it takes an object rest.
 *
 * The body may also be a plain value. A plain parameter whose name would capture a reference
 * from an outer lambda is renamed (`x` → `x1`). See `docs/builders.md`, "Lambdas".
 */
export function fn(name: string, body: NixableValue | ((x: Ref) => Nixable)): ExprOf<"function">;
export function fn<const N extends string>(names: readonly N[], body: NixableValue | ((args: Args<N>) => Nixable)): ExprOf<"function">;
export function fn(param: FormalsParam, body: NixableValue | ((args: Args) => Nixable)): ExprOf<"function">;
export function fn<const O extends { readonly [name: string]: RefLike | true }>(
  names: O,
  body: NixableValue | ((args: Args<FormalNames<O>>) => Nixable),
): ExprOf<"function">;
export function fn(body: (args: Args) => Nixable): ExprOf<"function">;
export function fn(p: unknown, body?: unknown): Expr {
  if (typeof p === "function" && !isRef(p)) {
    if (body !== undefined) throw new NixBuildError("fn(body) takes one function; for a named parameter write fn(name, body)", p);
    return readFormalsLambda(p as (a: never) => unknown, toExpr as (v: never) => Expr);
  }
  const prm = param(p as ParamInput);
  if (body === undefined) throw new NixBuildError("fn needs a body", p);
  if (typeof body === "function" && !isRef(body)) return lambdaWithParam(prm, body as (a: never) => unknown, toExpr as (v: never) => Expr);
  return { type: "Lambda", param: prm, body: toExpr(body as Nixable) };
}

/** The names a bindings object binds (its string keys). */
type BoundNames<B> = B extends readonly unknown[]
  ? CarriedNames<B[number]>
  : (Exclude<keyof B, symbol> & string) | (B extends { readonly [BOUND_NAMES]?: infer N } ? N & string : never);
type CarriedNames<C> = C extends BindingsCarrier<infer N> ? N : C extends { readonly type: "Inherit"; readonly names: readonly (infer N)[] } ? N & string : C extends { readonly type: "Assign"; readonly path: readonly [infer H, ...unknown[]] } ? H & string : never;

/**
 * `let … in body`; `body` may be a function receiving references to exactly the bound names
 * (`let_({ x: 1 }, ({ x }) => add(x, 1))`; a name not bound is a type error).
 */
export function let_<const B extends BindingsInput>(
  input: B,
  body: NixableValue | ((names: Args<BoundNames<B>>) => Nixable),
): Expr {
  const bs = checkBindings(bindings(input), true);
  if (typeof body !== "function" || isRef(body)) return { type: "Let", bindings: bs, body: toExpr(body as Nixable) };
  const nodes = new Map<string, Expr>();
  for (const x of bs) {
    const names = x.type === "Inherit" ? x.names : typeof x.path[0] === "string" ? [x.path[0]] : [];
    for (const n of names) if (!nodes.has(n)) nodes.set(n, binderNode(n));
  }
  const refs: Record<string, Ref> = {};
  for (const [n, v] of nodes) refs[n] = refOf(v);
  const b = toExpr((body as (n: Record<string, Ref>) => Nixable)(Object.freeze(refs)));
  checkUnshadowed(nodes, b, "let binding");
  return { type: "Let", bindings: bs, body: b };
}

/** The legacy `let { …; body = …; }`. */
export function legacyLet(input: BindingsInput): Expr {
  return { type: "LegacyLet", bindings: checkBindings(bindings(input), true) };
}

/** `with env; body`. */
export function with_(env: Nixable, body: Nixable): Expr {
  return { type: "With", env: toExpr(env), body: toExpr(body) };
}

/** `assert cond; body` (of the body's kind; the condition is a bool). */
export function assert_<B extends Nixable>(cond: Cond, body: B): ExprOf<KindOf<B>> {
  return { type: "Assert", cond: toExpr(cond), body: toExpr(body) };
}

/**
 * `if cond then a else b`: the condition is a bool, the kind is the join of the branches (`any`
 * when either is unknown).
 */
export function if_<T extends Nixable, E extends Nixable>(cond: Cond, then: T, otherwise: E): ExprOf<KindOf<T> | KindOf<E>> {
  return { type: "If", cond: toExpr(cond), then: toExpr(then), else: toExpr(otherwise) };
}

/** Applies `f` to each argument in turn: `call(f, a, b)` is `f a b`. */
export function call(f: Nixable, ...args: readonly Nixable[]): Expr {
  let e = toExpr(f);
  for (const a of args) e = { type: "Apply", fn: e, arg: toExpr(a) };
  return e;
}

/** An attribute path: a dotted string, or names (strings) and expressions (dynamic names). */
export type AttrPathInput = string | readonly (AttrName | RefLike)[];

function attrPath(path: AttrPathInput): [AttrName, ...AttrName[]] {
  if (typeof path !== "string" && !Array.isArray(path)) {
    throw new NixBuildError(`an attribute path must be a dotted string or an array of names, not ${typeof path}`, path);
  }
  const segs =
    typeof path === "string"
      ? splitDotted(path)
      : path.map((s) => {
          if (typeof s === "string") return attrName(s);
          if ((typeof s === "object" && s !== null) || isRef(s)) return toExpr(s as Nixable);
          throw new NixBuildError(`an attribute name must be a string or an expression, not the ${typeof s} ${JSON.stringify(s)}`, path);
        });
  if (segs.length === 0) throw new NixBuildError("an attribute path needs a name", path);
  return segs as [AttrName, ...AttrName[]];
}

/**
 * `e.a.b` (a dotted string is split at dots; pass an array for names containing dots), with an
 * optional `or` default.
 */
export function select<E extends Nixable, const P extends AttrPathInput>(e: E, path: P): ExprOf<SelectKind<E, P>>;
export function select<E extends Nixable, const P extends AttrPathInput, D extends Nixable>(
  e: E,
  path: P,
  orDefault: D,
): ExprOf<SelectKind<E, P> | KindOf<D>>;
export function select(e: Nixable, path: AttrPathInput, orDefault?: Nixable): Expr {
  const base = selectNode(toExpr(e), attrPath(path));
  if (orDefault === undefined) return base;
  if (base.type !== "Select") throw new NixBuildError("select needs a path", path);
  return { ...base, default: toExpr(orDefault) };
}

/** `e ? a.b`. */
export function hasAttr(e: Nixable, path: AttrPathInput): ExprOf<"bool"> {
  return { type: "HasAttr", expr: toExpr(e), path: attrPath(path) };
}

/** A binary operation `l op r`. */
export function op(l: Nixable, o: BinaryOp, r: Nixable): Expr {
  return { type: "Binary", op: o, left: toExpr(l), right: toExpr(r) };
}

const binary = (o: BinaryOp) => (l: Nixable, r: Nixable, ...more: readonly Nixable[]): Expr =>
  more.reduce<Expr>((acc, x) => op(acc, o, x), op(l, o, r));

/** A left-nested operator whose kind follows its two operands (more operands: unknown). */
interface KindedBinary<R extends "add" | "arith"> {
  <A extends Nixable, B extends Nixable>(l: A, r: B): ExprOf<R extends "add" ? AddKind<KindOf<A>, KindOf<B>> : ArithKind<KindOf<A>, KindOf<B>>>;
  (l: Nixable, r: Nixable, ...more: readonly Nixable[]): Expr;
}
/** A comparison: a bool. */
type Comparison = (l: Nixable, r: Nixable, ...more: readonly Nixable[]) => ExprOf<"bool">;
/** A boolean connective: bools to a bool. */
type Connective = (l: Cond, r: Cond, ...more: readonly Cond[]) => ExprOf<"bool">;

/** `a + b (+ c …)`, left-nested like Nix: int + int is an int, a float if either is one, a string plus a string a string, a path plus a string a path. */
export const add: KindedBinary<"add"> = binary("+");
/** `a - b` (int or float as for {@link add}). */
export const sub: KindedBinary<"arith"> = binary("-");
/** `a * b`. */
export const mul: KindedBinary<"arith"> = binary("*");
/** `a / b`. */
export const div: KindedBinary<"arith"> = binary("/");
/** `a == b`. */
export const eq: Comparison = binary("==");
/** `a != b`. */
export const neq: Comparison = binary("!=");
/** `a < b`. */
export const lt: Comparison = binary("<");
/** `a <= b`. */
export const lte: Comparison = binary("<=");
/** `a > b`. */
export const gt: Comparison = binary(">");
/** `a >= b`. */
export const gte: Comparison = binary(">=");
/** `a && b`. */
export const and: Connective = binary("&&");
/** `a || b`. */
export const or: Connective = binary("||");
/** `a |> f` (needs `print(…, { pipes: true })`; Nix ≥ 2.24 with the experimental feature). */
export const pipe = binary("|>");

const rightNested = (o: BinaryOp) => (...xs: readonly Nixable[]): Expr => {
  if (xs.length < 2) throw new NixBuildError(`${o} needs at least two operands`, xs);
  const es = xs.map((x) => toExpr(x));
  return es.slice(0, -1).reduceRight<Expr>((acc, x) => ({ type: "Binary", op: o, left: x, right: acc }), es[es.length - 1]!);
};

/** `a ++ b ++ c`, right-nested like Nix: a list. */
export const concat: (...xs: readonly Nixable[]) => ExprOf<"list"> = rightNested("++");
/** `a // b // c`, right-nested like Nix: an attribute set. */
export const update: (...xs: readonly Nixable[]) => ExprOf<"attrs"> = rightNested("//");
/** `a -> b`: bools to a bool. */
export const impl: (...xs: readonly Cond[]) => ExprOf<"bool"> = rightNested("->");
/** Alias of {@link impl}, named like the logic. */
export const implies = impl;

/** `-e`: an int or a float, as `e`. */
export function neg<V extends Nixable>(e: V): ExprOf<ArithKind<KindOf<V>, KindOf<V>>> {
  return { type: "Unary", op: "-", expr: toExpr(e) };
}

/** `!e`: a bool. */
export function not(e: Cond): ExprOf<"bool"> {
  return { type: "Unary", op: "!", expr: toExpr(e) };
}

/** Explicit parentheses (the printer adds needed ones by itself). */
export function paren(e: Nixable): Expr {
  return { type: "Paren", expr: toExpr(e) };
}

/** Attaches a comment: `# text` lines before the node (or a block comment with `kind: "block"`). */
export function comment(e: Nixable, text: string, kind: Comment["kind"] = "line"): Expr {
  const node = toExpr(e);
  return { ...node, comments: [...(node.comments ?? []), { kind, text }] };
}

/** Attaches an RFC 145 doc comment `/** text *\/`. */
export function doc(e: Nixable, text: string): Expr {
  return comment(e, text, "doc");
}

/** `__curPos`. */
export const curPos: Expr = { type: "CurPos" };

function templateParts(
  strings: TemplateStringsArray | string,
  values: readonly unknown[],
  what: string,
): StrPart[] {
  if (typeof strings === "string") return [strings];
  const parts: StrPart[] = [];
  strings.forEach((s, i) => {
    if (s === undefined) throw new NixBuildError(`invalid escape sequence in ${what} template`, strings.raw[i]);
    parts.push(s);
    if (i < values.length) {
      const v = values[i];
      if (typeof v === "string" || typeof v === "bigint") parts.push(String(v));
      else if (typeof v === "number") parts.push(numberText(v, what));
      else if (isRef(v)) parts.push(unref(v));
      else if (typeof v === "object" && v !== null && "type" in v) parts.push(toExpr(v as Expr));
      else throw new NixBuildError(`cannot interpolate ${String(v)} into a ${what}; pass a string or an expression`, v);
    }
  });
  return parts;
}

/**
 * What a string hole takes: text (JS strings, safe integers), or an expression Nix can coerce to a
 * string. A reference known to hold an int, a bool, a list, … is refused at compile time: Nix would
 * refuse it at evaluation (`cannot coerce an integer to a string`); wrap it in
 * `builtins.toString`.
 */
export type StrHole = string | number | bigint | ExprOf<StringCoercible> | RefLike<StringCoercible>;

/**
 * The text of a JS number in a string: an integer's digits (what Nix's `toString` gives); other
 * numbers are refused, since JS and Nix print them differently (`0.1`, `1e21`).
 */
export function numberText(n: number, what: string): string {
  if (Number.isSafeInteger(n)) return String(n);
  throw new NixBuildError(
    `cannot put the number ${n} into a ${what} as text: only safe integers have one spelling in JS and Nix; ` +
      "pass a string, or an expression (builtins.toString) to let Nix format it",
    n,
  );
}

/**
 * A double-quoted string. As a tagged template, JS strings and numbers are inserted as text
 * (escaped on output) and expressions become `${…}`: `` str`${pname}-${version}` ``.
 */
export function str<H extends readonly unknown[]>(strings: TemplateStringsArray | string, ...values: StrHoles<H>): ExprOf<"string"> {
  return strParts(templateParts(strings, values, "string"));
}

/**
 * An indented string `''…''`. As a tagged template its text is dedented the way Nix dedents: a
 * leading whitespace-only line is dropped, the smallest indentation of non-blank lines is removed,
 * and trailing spaces before the closing backtick are dropped. Called with a plain string, the
 * string is the value as is.
 */
export function ind<H extends readonly unknown[]>(strings: TemplateStringsArray | string, ...values: StrHoles<H>): ExprOf<"string"> {
  const parts = templateParts(strings, values, "indented string");
  return indStrParts(typeof strings === "string" ? parts : dedent(parts));
}

/** Nix-style indentation stripping over template parts (expressions count as content). */
export function dedent(parts: readonly StrPart[]): StrPart[] {
  // Split into lines of parts.
  const lines: StrPart[][] = [[]];
  for (const p of parts) {
    if (typeof p !== "string") {
      lines[lines.length - 1]!.push(p);
      continue;
    }
    const segs = p.split("\n");
    segs.forEach((seg, i) => {
      if (i > 0) lines.push([]);
      if (seg !== "") lines[lines.length - 1]!.push(seg);
    });
  }
  const isBlank = (l: StrPart[]) => l.every((x) => typeof x === "string" && /^[ \t]*$/.test(x));
  if (lines.length > 1 && isBlank(lines[0]!)) lines.shift();
  if (lines.length > 1 && isBlank(lines[lines.length - 1]!)) lines[lines.length - 1] = [];
  let min = Infinity;
  for (const l of lines) {
    if (isBlank(l)) continue;
    const first = l[0];
    const lead = typeof first === "string" ? /^ */.exec(first)![0].length : 0;
    min = Math.min(min, lead);
  }
  if (min === Infinity) min = 0;
  const out: StrPart[] = [];
  lines.forEach((l, i) => {
    if (i > 0) out.push("\n");
    l.forEach((x, j) => {
      if (j === 0 && typeof x === "string") {
        const stripped = isBlank(l) ? "" : x.slice(min);
        if (stripped !== "") out.push(stripped);
      } else out.push(x);
    });
  });
  return out;
}

/**
 * A path literal. As a tagged template, expressions are interpolated: `` path`./${name}.nix` ``;
 * JS strings are inserted as literal path text and must be valid path characters. A path that
 * cannot be a literal (spaces, other characters) is refused: build it as `./. + "/my dir"` with
 * {@link pathFrom}.
 */
export function path<H extends readonly unknown[]>(strings: TemplateStringsArray | string, ...values: StrHoles<H>): ExprOf<"path"> {
  return pathParts(templateParts(strings, values, "path"));
}

/**
 * Any path, even one with characters a literal cannot hold: a literal when possible, else
 * `/. + "/abs/odd path"` or `./. + "/rel/odd path"`.
 */
export function pathFrom(p: string): Expr {
  try {
    return pathParts([p.startsWith("/") || p.startsWith("./") || p.startsWith("../") || p.startsWith("~/") ? p : `./${p}`]);
  } catch {
    const abs = p.startsWith("/");
    const rest = abs ? p : p.replace(/^\.\//, "/").replace(/^(?!\/)/, "/");
    return op(pathParts([abs ? "/." : "./."]), "+", strParts([rest]));
  }
}

/** A search path `<nixpkgs>`. */
export function spath(p: string): Expr {
  return searchPath(p);
}

export { fromValue, toExpr, type Nixable, type NixableValue, type NixFunction, type NixValue } from "./values.js";
export {
  ref,
  refs,
  isRef,
  unref,
  refOf,
  type ExprOf,
  type KindOf,
  type NixKind,
  type Ref,
  type RefLike,
  type RefProp,
  type StringCoercible,
  type UncheckedIndexedAccess,
} from "./ref.js";
export { int, float, variable, uri, searchPath } from "./nodes.js";
export type { AddKind, ArithKind, Cond, Kinded, NotAStringHole, SelectKind, StrHoles } from "./kinds.js";
