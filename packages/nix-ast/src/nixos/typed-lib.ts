/**
 * The typed `lib` and `builtins`: references whose functions know their arity and argument kinds
 * (from nixpkgs' doc comments and the Nix manual, see `lib-signatures.generated.ts`), so that
 * `lib.genAttrs(systems)` (a missing argument) or `lib.concatStringsSep(1, xs)` is a compile
 * error, and a callback's parameters are references: `lib.mapAttrs((name, value) => …, set)`
 * becomes `lib.mapAttrs (name: value: …) set`.
 *
 * The parameters of a JS callback are named by the library (`name`, `value`, `x`, …, primed when
 * callbacks nest: `name'`), never read from the JS source. Everything else behaves as a `Ref`:
 * selecting builds `lib.a.b`, and a value can be passed wherever an expression goes.
 *
 * @module
 */
import type { Expr } from "../ast/nodes.js";
import { isRef, ref, refOf, toExpr, unref, type Nixable, type Ref } from "../builders/index.js";
import { NODE } from "../builders/symbols.js";
import { BUILTIN_CALLS, LIB_ALIASES, LIB_CALLS, type Builtins, type LibTop } from "./lib-signatures.generated.js";

/** Per argument: 0, or the parameter names of the callback it takes. */
type Shape = readonly (number | readonly string[])[];

/** How deep the library's callbacks nest right now (each level primes the parameter names). */
let depth = 0;

/** A JS callback as a curried Nix lambda with the given parameter names. */
function lambda(names: readonly string[], f: (...args: Ref[]) => Nixable): Expr {
  const primes = "'".repeat(depth);
  const params = names.map((n) => `${n}${primes}`);
  depth++;
  let body: Expr;
  try {
    body = toExpr(f(...params.map((p) => ref(p))));
  } finally {
    depth--;
  }
  return params.reduceRight<Expr>((b, p) => ({ type: "Lambda", param: { type: "IdentParam", name: p }, body: b }), body);
}

function argExpr(a: unknown, spec: number | readonly string[] | undefined): Expr {
  if (typeof spec === "object" && typeof a === "function" && !isRef(a)) return lambda(spec, a as (...args: Ref[]) => Nixable);
  return toExpr(a as Nixable);
}

/**
 * A reference whose calls follow `shapes` (keyed by the dotted path below the root): function
 * arguments in callback positions become lambdas named by the library.
 */
function typedRef(node: Expr, path: readonly string[], shapeOf: (path: readonly string[]) => Shape | undefined): Ref {
  const target = function nixRef() {} as unknown as object;
  return new Proxy(target, {
    get(_t, prop) {
      if (prop === NODE) return node;
      if (typeof prop === "symbol") return undefined;
      if (prop === "then") return undefined;
      if (prop === "toJSON") return () => node;
      return typedRef(unref(refOf(node)[prop]!), [...path, prop], shapeOf);
    },
    apply(_t, _this, args: unknown[]) {
      const shape = shapeOf(path);
      let e = node;
      args.forEach((a, i) => {
        e = { type: "Apply", fn: e, arg: argExpr(a, shape?.[i]) };
      });
      return refOf(e);
    },
    has(_t, prop) {
      return prop === NODE;
    },
  }) as Ref;
}

function libShape(path: readonly string[]): Shape | undefined {
  if (path.length === 1) {
    const ns = LIB_ALIASES[path[0]!];
    return ns === undefined ? BUILTIN_CALLS[path[0]!] : LIB_CALLS[`${ns}.${path[0]}`];
  }
  return path.length === 2 ? LIB_CALLS[path.join(".")] : undefined;
}

/** A typed `lib` rooted at another expression (`ref("pkgs.lib")`, `ref("nixpkgs.lib")`). */
export function typedLib(root: Ref | Expr = ref("lib")): LibTop {
  return typedRef(isRef(root) ? unref(root) : root, [], libShape) as unknown as LibTop;
}

/**
 * nixpkgs' `lib` as the module argument `lib`, typed: `lib.genAttrs(names, (name) => …)`,
 * `lib.mkIf(cond, value)`, `lib.licenses.mit`, `lib.types.str`. Functions without a documented
 * signature are plain references (any arguments); a name lib does not have is a compile error
 * (use `ref("lib.x")` for names newer than the generated declarations).
 */
export const lib: LibTop = typedLib();

/** Nix's `builtins`, typed (the table is in `builtins-table.ts`): `builtins.map((x) => …, xs)`. */
export const builtins: Builtins = typedRef(unref(ref("builtins")), [], (p) => (p.length === 1 ? BUILTIN_CALLS[p[0]!] : undefined)) as unknown as Builtins;

export type { Builtins, LibTop } from "./lib-signatures.generated.js";
