/**
 * Plain JS values to Nix: {@link fromValue} for data (strict: only JSON-like values), and
 * {@link toExpr}, its builder-friendly twin that also accepts AST nodes, references and JS functions
 * (as lambdas). Both walk the value once and report the JSON path of whatever has no faithful Nix
 * form.
 *
 * @module
 */
import { INT64_MAX, INT64_MIN, isWellFormedText } from "../ast/lexical.js";
import type { Binding, Expr } from "../ast/nodes.js";
import { isExpr } from "../ast/nodes.js";
import { NixAstError, NixValueError, jsonPath } from "../errors.js";
import { lambdaFromFunction } from "./lambda.js";
import { isRef, unref, type Ref } from "./ref.js";
import { BINDINGS, type BindingsCarrier } from "./symbols.js";

/** A JSON-like JS value that {@link fromValue} turns into Nix. */
export type NixValue =
  | string
  | number
  | bigint
  | boolean
  | null
  | readonly NixValue[]
  | { readonly [key: string]: NixValue };

/**
 * Anything the builders accept where an expression goes: AST nodes, references, JS values, arrays
 * and plain objects of these (objects become attribute sets, `undefined` properties are left out),
 * and JS functions, which become lambdas (see {@link fn}).
 */
export type Nixable =
  | Expr
  | Ref
  | string
  | number
  | bigint
  | boolean
  | null
  | readonly Nixable[]
  | { readonly [key: string]: Nixable | undefined }
  | ((...args: Ref[]) => Nixable);

interface WalkOptions {
  /** Accept nodes, refs and functions (builders) or only data (`fromValue`). */
  readonly exprs: boolean;
}

/** Converts a JSON-like value to a Nix expression; throws {@link NixValueError} naming the path. */
export function fromValue(value: unknown): Expr {
  return walk(value, [], new Set(), { exprs: false });
}

/** Converts anything a builder accepts into an AST node (see {@link Nixable}). */
export function toExpr(value: Nixable | Expr): Expr {
  return walk(value, [], new Set(), { exprs: true });
}

function fail(reason: string, path: readonly (string | number)[]): never {
  throw new NixValueError(reason, jsonPath(path));
}

function checkString(s: string, path: readonly (string | number)[]): string {
  if (s.includes("\0")) fail("a NUL character cannot appear in a Nix string", path);
  if (!isWellFormedText(s)) fail("the string has an unpaired surrogate", path);
  return s;
}

/** Numbers: safe integers become ints, every other finite number a float that keeps its value. */
function numberExpr(n: number, path: readonly (string | number)[]): Expr {
  if (!Number.isFinite(n)) fail(`${n} has no Nix form`, path);
  if (Number.isSafeInteger(n)) return { type: "Int", value: BigInt(n) };
  return { type: "Float", value: n };
}

function walk(
  value: unknown,
  path: (string | number)[],
  active: Set<object>,
  opts: WalkOptions,
): Expr {
  switch (typeof value) {
    case "string":
      return { type: "Str", parts: checkString(value, path) === "" ? [] : [value] };
    case "number":
      return numberExpr(value, path);
    case "bigint":
      if (value > INT64_MAX || value < INT64_MIN) {
        fail(`${value} does not fit in a Nix 64-bit integer`, path);
      }
      return { type: "Int", value };
    case "boolean":
      return { type: "Var", name: value ? "true" : "false" };
    case "undefined":
      return fail("undefined has no Nix form", path);
    case "symbol":
      return fail("a symbol has no Nix form", path);
    case "function":
      if (opts.exprs) {
        if (isRef(value)) return unref(value);
        return withPath(path, () => lambdaFromFunction(value as (...a: Ref[]) => Nixable, toExpr));
      }
      return fail("a function has no Nix form", path);
    case "object":
      break;
  }
  if (value === null) return { type: "Var", name: "null" };
  const obj = value as object;
  if (opts.exprs && isExpr(obj)) return obj;
  if (active.has(obj)) fail("the value contains a cycle", path);
  active.add(obj);
  try {
    // `path` is one stack for the whole walk (push, recurse, pop): copying it at every level was
    // the main allocation of `fromValue` on large data. Errors read it before anything pops.
    if (Array.isArray(obj)) {
      const items: Expr[] = new Array<Expr>(obj.length);
      for (let i = 0; i < obj.length; i++) {
        if (!(i in obj)) continue; // holes stay holes, as `map` left them
        path.push(i);
        items[i] = walk(obj[i], path, active, opts);
        path.pop();
      }
      return { type: "List", items };
    }
    const proto = Object.getPrototypeOf(obj) as unknown;
    if (proto !== Object.prototype && proto !== null) {
      fail(`a ${obj.constructor?.name ?? "non-plain"} object has no Nix form`, path);
    }
    const bindings: Binding[] = [];
    if (opts.exprs) {
      // Bindings spread in with `...inherit(…)` travel under symbol keys; they come first.
      for (const sym of Object.getOwnPropertySymbols(obj)) {
        const carried = (obj as Record<symbol, unknown>)[sym];
        if (isBindingsCarrier(carried)) bindings.push(...carried[BINDINGS]);
      }
    }
    for (const key of Object.keys(obj)) {
      const v = (obj as Record<string, unknown>)[key];
      if (v === undefined && opts.exprs) continue;
      path.push(key);
      checkString(key, path);
      const assign: Binding = { type: "Assign", path: [key], value: walk(v, path, active, opts) };
      path.pop();
      bindings.push(opts.exprs ? hoistComments(assign) : assign);
    }
    return { type: "Attrs", rec: false, bindings };
  } finally {
    active.delete(obj);
  }
}

/** Comments attached to a binding's value belong before the binding: `/** doc *\/ port = 8000;`. */
export function hoistComments(b: Binding): Binding {
  if (b.type !== "Assign" || !b.value.comments) return b;
  const { comments, ...value } = b.value;
  return { ...b, comments: [...(b.comments ?? []), ...comments], value: value as Expr };
}

function isBindingsCarrier(v: unknown): v is BindingsCarrier {
  return typeof v === "object" && v !== null && BINDINGS in v;
}

/** Re-throws a builder error from inside a nested function with the path where it happened. */
function withPath<T>(path: readonly (string | number)[], f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof NixAstError && !(e instanceof NixValueError) && path.length > 0) {
      throw new NixValueError(e.message, jsonPath(path));
    }
    throw e;
  }
}
