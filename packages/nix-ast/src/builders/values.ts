/**
 * Plain JS values to Nix: {@link fromValue} for data (strict: only JSON-like values), and
 * {@link toExpr}, its builder-friendly twin that also accepts AST nodes, references and JS functions
 * (as lambdas). Both walk the value once and report the JSON path of whatever has no faithful Nix
 * form.
 *
 * @module
 */
import { INT64_MAX, INT64_MIN, hasNixForm, isWellFormedText } from "../ast/lexical.js";
import type { Binding, Expr } from "../ast/nodes.js";
import { isExpr } from "../ast/nodes.js";
import { NixAstError, NixValueError, jsonPath } from "../errors.js";
import { isArgsObject, valueLambda, type Fn } from "./lambda.js";
import { isRef, unref, type Ref, type RefLike } from "./ref.js";
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
export type Nixable = NixableValue | NixFunction;

/** A JS function standing for a Nix function: its parameters are references (see {@link fn}). */
export type NixFunction = (...args: Ref[]) => Nixable;

/**
 * {@link Nixable} without the JS function: references are seen through {@link RefLike}, which is
 * not callable, so that where a builder takes `Nixable` an arrow function's parameters are typed.
 */
export type NixableValue =
  | Expr
  | RefLike
  | string
  | number
  | bigint
  | boolean
  | null
  | readonly Nixable[]
  | { readonly [key: string]: Nixable | undefined };

interface WalkOptions {
  /** Accept nodes, refs and functions (builders) or only data (`fromValue`). */
  readonly exprs: boolean;
}

/**
 * The state of one walk. `path` is one stack for the whole walk (push, recurse, pop): copying it at
 * every level was the main allocation of `fromValue` on large data; errors read it before anything
 * pops. `ancestors[d]` is the object at depth `d`, whose path is `path.slice(0, d)`.
 */
class Walk {
  readonly path: (string | number)[] = [];
  readonly ancestors: object[] = [];
  /** Ancestors deeper than {@link SHALLOW}; shallower ones are scanned (see {@link Walk.enter}). */
  readonly deep = new Set<object>();
  /**
   * Checked keys and their one-name attribute paths, shared by every binding with that key: data
   * repeats a few keys a great many times, and the tree is immutable, so one array serves them all.
   */
  readonly keys = new Map<string, readonly [string]>();
  constructor(readonly opts: WalkOptions) {}

  /**
   * Enters an object, failing on a cycle. A cycle makes the walk infinitely deep, so objects are
   * only looked up once the walk is deeper than {@link SHALLOW}: data of ordinary depth pays
   * nothing for the check. The error still names where the cycle first closes.
   */
  enter(obj: object): void {
    const depth = this.ancestors.length;
    if (depth >= SHALLOW) {
      if (this.deep.has(obj) || this.ancestors.lastIndexOf(obj, SHALLOW - 1) >= 0) this.cycle(obj);
      this.deep.add(obj);
    }
    this.ancestors.push(obj);
  }

  leave(obj: object): void {
    this.ancestors.pop();
    if (this.ancestors.length >= SHALLOW) this.deep.delete(obj);
  }

  /** Fails at the first object on the chain that repeats an earlier one (where the cycle closes). */
  private cycle(obj: object): never {
    const chain = [...this.ancestors, obj];
    const seen = new Set<object>();
    let d = 0;
    while (!seen.has(chain[d] as object)) seen.add(chain[d++] as object);
    return fail("the value contains a cycle", this.path.slice(0, d));
  }

  /** The shared attribute path of a checked key. */
  key(key: string): readonly [string] {
    let p = this.keys.get(key);
    if (p === undefined) {
      checkString(key, this.path);
      p = [key];
      // Keys that repeat show up early; remembering every unique key (100,000 package names)
      // would cost more in lookups than it saves.
      if (this.keys.size < KEY_CACHE_SIZE) this.keys.set(key, p);
    }
    return p;
  }
}

/** How many distinct keys a walk remembers (see {@link Walk.key}). */
const KEY_CACHE_SIZE = 512;

/** Depth up to which objects are not looked up for cycles (see {@link Walk.enter}). */
const SHALLOW = 64;

/** Converts a JSON-like value to a Nix expression; throws {@link NixValueError} naming the path. */
export function fromValue(value: unknown): Expr {
  return walk(value, new Walk(DATA));
}

/** Converts anything a builder accepts into an AST node (see {@link Nixable}). */
export function toExpr(value: Nixable): Expr {
  return walk(value, new Walk(EXPRS));
}

const DATA: WalkOptions = { exprs: false };
const EXPRS: WalkOptions = { exprs: true };

function fail(reason: string, path: readonly (string | number)[]): never {
  throw new NixValueError(reason, jsonPath(path));
}

function checkString(s: string, path: readonly (string | number)[]): string {
  if (!hasNixForm(s)) {
    if (s.includes("\0")) fail("a NUL character cannot appear in a Nix string", path);
    if (!isWellFormedText(s)) fail("the string has an unpaired surrogate", path);
  }
  return s;
}

/**
 * Leaves that data repeats: one immutable node each, shared (a tree of values is never mutated, so
 * sharing a leaf is invisible and spares an allocation per occurrence).
 */
const TRUE: Expr = { type: "Var", name: "true" };
const FALSE: Expr = { type: "Var", name: "false" };
const NULL: Expr = { type: "Var", name: "null" };
const EMPTY_STR: Expr = { type: "Str", parts: [] };
const SMALL_INTS: readonly Expr[] = Array.from({ length: 1024 }, (_, i) => ({ type: "Int", value: BigInt(i) }));

/** Numbers: safe integers become ints, every other finite number a float that keeps its value. */
function numberExpr(n: number, path: readonly (string | number)[]): Expr {
  if (Number.isSafeInteger(n)) {
    // `-0` is a safe integer too, and Nix's `0` is its faithful form.
    return n >= 0 && n < SMALL_INTS.length ? (SMALL_INTS[n] as Expr) : { type: "Int", value: BigInt(n) };
  }
  if (!Number.isFinite(n)) fail(`${n} has no Nix form`, path);
  return { type: "Float", value: n };
}

/** An array or object being converted; the walk keeps these on its own stack, not the JS stack. */
interface Frame {
  readonly obj: object;
  /** The keys of an object, null for an array. */
  readonly keys: readonly string[] | null;
  /** The next index into the array or `keys`. */
  i: number;
  /** The attribute path of the key being converted (objects). */
  key: readonly [string];
  readonly items: Expr[];
  readonly bindings: Binding[];
}

/**
 * The conversion, iterative so that data of any depth converts without overflowing the JS stack:
 * `visit` turns a leaf into a node or opens a frame for a container; the loop feeds each finished
 * node to the frame below.
 */
function walk(value: unknown, w: Walk): Expr {
  const path = w.path;
  const stack: Frame[] = [];
  let done = visit(value, w, stack);
  for (;;) {
    const f = stack[stack.length - 1];
    if (f === undefined) return done as Expr;
    if (done !== null) {
      // A child finished: it is at `path`'s last step.
      if (f.keys === null) f.items[path[path.length - 1] as number] = done;
      else {
        const assign: Binding = { type: "Assign", path: f.key, value: done };
        f.bindings.push(w.opts.exprs ? hoistComments(assign) : assign);
      }
      path.pop();
      done = null;
    }
    if (f.keys === null) {
      const arr = f.obj as unknown[];
      while (f.i < arr.length && !(f.i in arr)) f.i++; // holes stay holes, as `map` left them
      if (f.i < arr.length) {
        const i = f.i++;
        path.push(i);
        done = visit(arr[i], w, stack);
        continue;
      }
    } else {
      let next = false;
      while (f.i < f.keys.length) {
        const k = f.keys[f.i++] as string;
        const v = (f.obj as Record<string, unknown>)[k];
        if (v === undefined && w.opts.exprs) continue;
        path.push(k);
        f.key = w.key(k);
        done = visit(v, w, stack);
        next = true;
        break;
      }
      if (next) continue;
    }
    stack.pop();
    w.leave(f.obj);
    done = f.keys === null ? { type: "List", items: f.items } : { type: "Attrs", rec: false, bindings: f.bindings };
  }
}

/** A leaf's node, or null after opening a frame for an array or object. */
function visit(value: unknown, w: Walk, stack: Frame[]): Expr | null {
  const path = w.path;
  switch (typeof value) {
    case "string":
      return value === "" ? EMPTY_STR : { type: "Str", parts: [checkString(value, path)] };
    case "number":
      return numberExpr(value, path);
    case "bigint":
      if (value > INT64_MAX || value < INT64_MIN) {
        fail(`${value} does not fit in a Nix 64-bit integer`, path);
      }
      return { type: "Int", value };
    case "boolean":
      return value ? TRUE : FALSE;
    case "undefined":
      return fail("undefined has no Nix form", path);
    case "symbol":
      return fail("a symbol has no Nix form", path);
    case "function":
      if (w.opts.exprs) {
        if (isRef(value)) return unref(value);
        return withPath(path, () => valueLambda(value as Fn, toExpr as (v: never) => Expr));
      }
      return fail("a function has no Nix form", path);
    case "object":
      break;
  }
  if (value === null) return NULL;
  const obj = value as object;
  if (w.opts.exprs && isArgsObject(obj)) {
    fail("the parameter object of a set-pattern lambda has no Nix form: destructure it (({ lib }) => …), " + 'or give a plain parameter a name: fn("x", (x) => …)', path);
  }
  if (w.opts.exprs && isExpr(obj)) return obj;
  w.enter(obj);
  if (Array.isArray(obj)) {
    stack.push({ obj, keys: null, i: 0, key: NO_KEY, items: new Array<Expr>(obj.length), bindings: NO_BINDINGS });
    return null;
  }
  const proto = Object.getPrototypeOf(obj) as unknown;
  if (proto !== Object.prototype && proto !== null) {
    fail(`a ${obj.constructor?.name ?? "non-plain"} object has no Nix form`, path);
  }
  const bindings: Binding[] = [];
  if (w.opts.exprs) {
    // Bindings spread in with `...inherit(…)` travel under symbol keys; they come first.
    for (const sym of Object.getOwnPropertySymbols(obj)) {
      const carried = (obj as Record<symbol, unknown>)[sym];
      if (isBindingsCarrier(carried)) bindings.push(...carried[BINDINGS]);
    }
  }
  stack.push({ obj, keys: Object.keys(obj), i: 0, key: NO_KEY, items: NO_ITEMS, bindings });
  return null;
}

/** Placeholders for the fields a frame of the other kind uses (frames keep one shape). */
const NO_KEY: readonly [string] = [""];
const NO_ITEMS: Expr[] = [];
const NO_BINDINGS: Binding[] = [];

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
