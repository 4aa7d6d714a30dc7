/**
 * References: expressions that read like the Nix they stand for. Property access on a reference
 * builds a selection and calling it builds an application, so
 * `pkgs.python3.withPackages((ps) => [ps.django])` yields `pkgs.python3.withPackages (ps: [ ps.django ])`.
 *
 * A reference is a Proxy around an AST node; builders and `print` unwrap it, so trees never hold
 * proxies. Names that JS itself looks up (`then`, `toJSON`, symbols) are not selections: use
 * {@link select} for an attribute literally named `then`.
 *
 * @module
 */
import type { Expr } from "../ast/nodes.js";
import { NixBuildError } from "../errors.js";
import { checkIdentifier } from "./nodes.js";
import { NODE } from "./symbols.js";
import type { Nixable } from "./values.js";

/**
 * A Nix expression usable as a JS value: `r.name` selects, `r(arg)` applies. Typed so that any
 * property is another reference and any call returns one.
 */
export interface Ref {
  (...args: readonly (Nixable | Ref)[]): Ref;
  readonly [name: string]: Ref;
  readonly [NODE]: Expr;
}

// Late-bound to avoid an import cycle with values.ts (toExpr unwraps refs).
let convert: (v: Nixable) => Expr = () => {
  throw new NixBuildError("nix-ast builders are not initialised");
};

/** @internal Wires {@link toExpr} into references; called once by `builders.ts`. */
export function setConverter(f: (v: Nixable) => Expr): void {
  convert = f;
}

/** Whether a value is a reference proxy. */
export function isRef(v: unknown): v is Ref {
  return typeof v === "function" && (v as unknown as Record<symbol, unknown>)[NODE] !== undefined;
}

/** The AST node behind a reference. */
export function unref(r: Ref): Expr {
  return r[NODE];
}

/** Selection that extends an existing default-less path rather than nesting selects. */
export function selectNode(expr: Expr, names: readonly (string | Expr)[]): Expr {
  if (names.length === 0) return expr;
  const [first, ...rest] = names as [string | Expr, ...(string | Expr)[]];
  if (expr.type === "Select" && expr.default === undefined && !expr.comments) {
    return { type: "Select", expr: expr.expr, path: [...expr.path, first, ...rest] };
  }
  return { type: "Select", expr, path: [first, ...rest] };
}

/** Wraps an AST node as a {@link Ref}. */
export function refOf(node: Expr): Ref {
  const target = function nixRef() {} as unknown as object;
  return new Proxy(target, {
    get(_t, prop) {
      if (prop === NODE) return node;
      if (typeof prop === "symbol") return undefined;
      // Promise resolution and JSON serialisation look these up; they must not become selections.
      if (prop === "then") return undefined;
      if (prop === "toJSON") return () => node;
      return refOf(selectNode(node, [prop]));
    },
    apply(_t, _this, args: unknown[]) {
      let e = node;
      for (const a of args) e = { type: "Apply", fn: e, arg: convert(a as Nixable) };
      return refOf(e);
    },
    has(_t, prop) {
      return prop === NODE;
    },
  }) as Ref;
}

/**
 * A reference to a variable, or to a dotted path starting at one: `ref("pkgs.python3.pkgs")`.
 * Each segment must be a plain attribute name; use {@link select} for others.
 */
export function ref(path: string): Ref {
  const [head, ...rest] = path.split(".");
  const root: Expr = { type: "Var", name: checkIdentifier(head ?? "", "variable name") };
  return refOf(selectNode(root, rest.map((s) => {
    if (s === "") throw new NixBuildError(`empty segment in ${JSON.stringify(path)}`, path);
    return s;
  })));
}

/** Several variables at once: `const { lib, pkgs } = refs("lib", "pkgs")`. */
export function refs<const N extends readonly string[]>(...names: N): { readonly [K in N[number]]: Ref } {
  return Object.fromEntries(names.map((n) => [n, ref(n)])) as { readonly [K in N[number]]: Ref };
}
