/**
 * Checked constructors: the lowest layer of builders. Each validates what the type system cannot
 * (identifier syntax, keywords, path syntax, int64 range) and throws {@link NixBuildError} naming the
 * offending value. Everything above (`attrs`, `fn`, refs, `fromValue`) goes through these.
 *
 * @module
 */
import {
  INT64_MAX,
  INT64_MIN,
  isIdentifier,
  isPathLiteral,
  isPathShape,
  isSearchPath,
  isUri,
  isWellFormedText,
} from "../ast/lexical.js";
import type {
  AttrName,
  Binding,
  Expr,
  Formal,
  FormalsParam,
  StrPart,
} from "../ast/nodes.js";
import { mergeTextParts } from "../ast/nodes.js";
import { NixBuildError } from "../errors.js";
import type { ExprOf } from "./ref.js";

/** Throws unless `name` is a valid Nix identifier that is not a keyword. */
export function checkIdentifier(name: string, what = "identifier"): string {
  if (!isIdentifier(name)) {
    throw new NixBuildError(
      `invalid ${what} ${JSON.stringify(name)}: expected [a-zA-Z_][a-zA-Z0-9_'-]* and not a keyword`,
      name,
    );
  }
  return name;
}

/** Throws on text Nix cannot hold (NUL) or JS strings that are not valid Unicode. */
export function checkText(text: string): string {
  if (text.includes("\0")) throw new NixBuildError("Nix strings cannot contain NUL", text);
  if (!isWellFormedText(text)) {
    throw new NixBuildError(`string ${JSON.stringify(text)} has an unpaired surrogate`, text);
  }
  return text;
}

/** Checks every text part (no NUL, valid Unicode), then merges them (see {@link mergeTextParts}). */
export function normalizeParts(parts: readonly StrPart[]): StrPart[] {
  for (const p of parts) if (typeof p === "string") checkText(p);
  return mergeTextParts(parts);
}

/** An integer literal; must fit in a signed 64-bit integer. */
export function int(value: number | bigint): ExprOf<"int"> {
  if (typeof value === "number" && !Number.isSafeInteger(value)) {
    throw new NixBuildError(`${value} is not a safe integer; pass a bigint`, value);
  }
  const v = BigInt(value);
  if (v > INT64_MAX || v < INT64_MIN) {
    throw new NixBuildError(`${v} does not fit in a Nix 64-bit integer`, value);
  }
  return { type: "Int", value: v };
}

/** A float literal; must be finite. */
export function float(value: number): ExprOf<"float"> {
  if (!Number.isFinite(value)) throw new NixBuildError(`${value} has no Nix float form`, value);
  return { type: "Float", value };
}

/** A double-quoted string from parts (text is the value; it is escaped on output). */
export function strParts(parts: readonly StrPart[]): Expr {
  return { type: "Str", parts: normalizeParts(parts) };
}

/** An indented string `''…''` from parts (text is the value after indentation stripping). */
export function indStrParts(parts: readonly StrPart[]): Expr {
  return { type: "IndStr", parts: normalizeParts(parts) };
}

/** A variable reference. `true`, `false`, `null` and builtins like `builtins` are fine. */
export function variable(name: string): Expr {
  return { type: "Var", name: checkIdentifier(name, "variable name") };
}

/**
 * A path literal from parts: text parts are literal path characters, expressions are interpolated.
 * Rejects what Nix cannot lex as one path (spaces, trailing slash, `//`, an interpolation not
 * preceded by a slash-containing prefix).
 */
export function pathParts(parts: readonly StrPart[]): Expr {
  const norm = normalizeParts(parts);
  const first = norm[0];
  if (typeof first !== "string") {
    throw new NixBuildError("a path must start with literal text such as ./ or /", parts);
  }
  if (norm.length === 1) {
    if (!isPathLiteral(first)) throw new NixBuildError(`malformed path ${JSON.stringify(first)}`, first);
    return { type: "Path", parts: norm };
  }
  if (!isPathShape(norm)) {
    throw new NixBuildError(
      `malformed interpolated path ${JSON.stringify(norm.map((p) => (typeof p === "string" ? p : "${…}")).join(""))}`,
      parts,
    );
  }
  return { type: "Path", parts: norm };
}

/** A search path `<nixpkgs/lib>`. */
export function searchPath(path: string): Expr {
  if (!isSearchPath(path)) throw new NixBuildError(`malformed search path <${path}>`, path);
  return { type: "SearchPath", path };
}

/** A URI literal (deprecated in Nix; prefer a string). */
export function uri(value: string): Expr {
  if (!isUri(value)) throw new NixBuildError(`malformed URI literal ${JSON.stringify(value)}`, value);
  return { type: "Uri", value };
}

/** Validates a static attribute name: any text but NUL or lone surrogates. */
export function attrName(name: AttrName): AttrName {
  if (typeof name === "string") checkText(name);
  return name;
}

/**
 * What Nix's parser knows of an attribute set while it adds bindings (`addAttr` in Nix's
 * `parser.y`): each static name is an attribute set it may still extend, an inherited name, or
 * another value.
 */
type SimAttrs = Map<string, Sim>;
type Sim = { readonly kind: "attrs"; readonly attrs: SimAttrs } | { readonly kind: "inherited" } | { readonly kind: "value" };

const INHERITED: Sim = { kind: "inherited" };
const VALUE: Sim = { kind: "value" };

/** An attribute set literal behind parentheses (Nix's parser keeps no parentheses). */
function attrsLiteral(e: Expr): (Expr & { type: "Attrs" }) | undefined {
  while (e.type === "Paren") e = e.expr;
  return e.type === "Attrs" ? e : undefined;
}

function simOf(e: Expr): Sim {
  const a = attrsLiteral(e);
  return a === undefined ? VALUE : { kind: "attrs", attrs: simulate(a.bindings, false) };
}

function pathText(path: readonly AttrName[]): string {
  return path.map((p) => (typeof p === "string" ? (/^[a-zA-Z_][a-zA-Z0-9_'-]*$/.test(p) ? p : JSON.stringify(p)) : "${…}")).join(".");
}

function dup(path: readonly AttrName[]): never {
  throw new NixBuildError(`attribute ${pathText(path)} is defined twice (Nix refuses this set)`, path);
}

/** Adds bindings the way Nix's parser does, throwing where it reports a duplicate attribute. */
function simulate(bindings: readonly Binding[], inLet: boolean): SimAttrs {
  const top: SimAttrs = new Map();
  for (const b of bindings) {
    if (b.type === "Inherit") {
      for (const n of b.names) {
        if (top.has(n)) dup([n]);
        top.set(n, INHERITED);
      }
      continue;
    }
    if (inLet && b.path.some((p) => typeof p !== "string")) {
      throw new NixBuildError("dynamic attributes are not allowed in let", b.path);
    }
    let attrs: SimAttrs = top;
    const last = b.path.length - 1;
    for (let i = 0; i < last; i++) {
      const seg = b.path[i]!;
      if (typeof seg !== "string") {
        attrs = new Map(); // a dynamic name: checked when Nix evaluates the set
        continue;
      }
      const j = attrs.get(seg);
      if (j === undefined) {
        const nested: SimAttrs = new Map();
        attrs.set(seg, { kind: "attrs", attrs: nested });
        attrs = nested;
      } else if (j.kind === "attrs") attrs = j.attrs;
      else dup(b.path.slice(0, i + 1));
    }
    const seg = b.path[last]!;
    if (typeof seg !== "string") {
      simOf(b.value);
      continue;
    }
    const j = attrs.get(seg);
    const e = simOf(b.value);
    if (j === undefined) attrs.set(seg, e);
    else if (j.kind === "attrs" && e.kind === "attrs") {
      // Two attribute sets at one name merge, one level deep.
      for (const [k, v] of e.attrs) {
        if (j.attrs.has(k)) dup([...b.path, k]);
        j.attrs.set(k, v);
      }
    } else dup(b.path);
  }
  return top;
}

/**
 * Throws where Nix's parser refuses the bindings: a name defined twice, except that attribute
 * paths and attribute set literals at one name merge as Nix merges them (`a.b = 1; a.c = 2;` and
 * `a.b = 1; a = { c = 2; };` are one set `a`, `a.b = 1; a.b = 2;` is refused); dynamic names in
 * `let`. Dynamic names elsewhere are only known when Nix evaluates the set.
 */
export function checkBindings(bindings: readonly Binding[], inLet: boolean): readonly Binding[] {
  simulate(bindings, inLet);
  return bindings;
}

/** A set-pattern parameter. */
export function formalsParam(
  formals: readonly Formal[],
  options: { ellipsis?: boolean; bind?: string; bindPosition?: "before" | "after" } = {},
): FormalsParam {
  const seen = new Set<string>();
  for (const f of formals) {
    checkIdentifier(f.name, "formal parameter");
    if (seen.has(f.name)) throw new NixBuildError(`duplicate formal ${f.name}`, f.name);
    seen.add(f.name);
  }
  if (options.bind !== undefined) {
    checkIdentifier(options.bind, "@-pattern name");
    if (seen.has(options.bind)) {
      throw new NixBuildError(`@-pattern name ${options.bind} duplicates a formal`, options.bind);
    }
  }
  return {
    type: "FormalsParam",
    formals,
    ellipsis: options.ellipsis ?? false,
    ...(options.bind !== undefined
      ? { bind: { name: options.bind, position: options.bindPosition ?? "after" } }
      : {}),
  };
}
