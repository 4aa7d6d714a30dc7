/**
 * What the typed `lib` and `builtins` accept for each kind of Nix argument. A reference (`Ref`)
 * or an AST node is accepted everywhere (its Nix type is not known to TypeScript); JS values only
 * where they have the right Nix type: a JS number where Nix wants a string is a compile error.
 *
 * @module
 */
import type { Expr } from "../ast/nodes.js";
import type { Nixable } from "../builders/index.js";
import type { Ref } from "../builders/index.js";
import type { NODE } from "../builders/symbols.js";

/**
 * An expression of unknown Nix type: an AST node, or anything carrying one (a reference, a typed
 * `lib` function). Written without `Ref`'s call signature, so that a JS callback in a union with
 * it still gets its parameter types from the signature.
 */
export type Expression = Expr | RefValue;
/** A string (or a path, a derivation: what Nix coerces in a string context is passed as an expression). */
export type Str = string | Expression;
/** An integer. */
export type Int = number | bigint | Expression;
/** A number (int or float). */
export type Num = number | bigint | Expression;
/** A boolean. */
export type Bool = boolean | Expression;
/** A path (a path expression, or an absolute path string where Nix accepts one). */
export type Path = string | Expression;
/** `null`. */
export type Null = null | Expression;
/** A derivation (always an expression: `pkgs.hello`). */
export type Drv = Expression;
/** Any value. */
export type Any = Nixable;
/** A list whose elements are `T`. */
export type List<T> = readonly T[] | Expression;
/** An attribute set whose values are `T`. */
export type AttrsOf<T> = { readonly [name: string]: T | undefined } | Expression;
/** Any attribute set. */
export type Attrs = { readonly [name: string]: Nixable | undefined } | Expression;
/**
 * A function argument: a JS function (turned into a Nix lambda whose parameters are named by the
 * library, so the JS parameter names do not matter) or a Nix function expression (`lib.toUpper`).
 */
export type Fn<F> = F | Expression;

/** What makes a value usable as a Nix expression (the reference brand). */
export interface RefValue {
  readonly [NODE]: Expr;
}

/** A function of `lib` or `builtins`: typed when called, and a reference when passed as a value. */
export type LibFn<F> = F & RefValue;

/** Attribute names not known in advance (`lib.maintainers.<handle>`): each a reference. */
export interface Names extends RefValue {
  readonly [name: string]: Ref;
}
