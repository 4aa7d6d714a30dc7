/**
 * The kind algebra of the typed builders: what Nix kind an operator, an `if`, a selection or a
 * string hole gives for the kinds of its operands (see {@link KindOf} and {@link ExprOf}). Types
 * only: the builders in `builders.ts` are typed with these and behave as before at run time.
 *
 * The rule everywhere: a kind is known only when Nix is sure to produce it. An operand of kind
 * `any` (a plain AST node, an untyped reference) makes the result `any`, and so does a combination
 * Nix would refuse (`add` of an int and a string): those compile as before, and Nix reports them.
 *
 * @module
 */
import type { Expr } from "../ast/nodes.js";
import type { ExprOf, KindOf, NixKind, RefLike, StringCoercible } from "./ref.js";

/** Whether `T` is `any`. */
export type IsAny<T> = 0 extends 1 & T ? true : false;

type Numeric = "int" | "float";

/** `-`, `*`, `/` (and `+` on numbers): int with int is int, float if either is a float. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ArithKind<A, B> = IsAny<A | B> extends true
  ? any
  : A extends "int"
    ? B extends "int"
      ? "int"
      : B extends "float"
        ? "float"
        : any
    : A extends "float"
      ? B extends Numeric
        ? "float"
        : any
      : any;

/**
 * `+`: numbers as {@link ArithKind}; a string plus a string, path or derivation is a string; a
 * path plus a string or path is a path (`./. + "/x"`).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AddKind<A, B> = IsAny<A | B> extends true
  ? any
  : A extends Numeric
    ? ArithKind<A, B>
    : A extends "string"
      ? B extends StringCoercible
        ? "string"
        : any
      : A extends "path"
        ? B extends "string" | "path"
          ? "path"
          : any
        : any;

/** What a condition (`if_`, `assert_`, `and`, `mkIf`, `lib.optional*`) takes: a bool, or an expression of kind bool (or unknown). */
export type Cond = boolean | ExprOf<"bool"> | RefLike<"bool">;

/**
 * The message a string hole shows for a value Nix cannot coerce to a string: convert it with
 * `builtins.toString`, or, for a value that may be `null` (a `nullOr` option), test it first.
 */
export type NotAStringHole<K extends string> = "null" extends K
  ? `a Nix ${K} does not interpolate into a string: test for null first (ifNull, lib.optionalString), then builtins.toString if it is not a string`
  : `a Nix ${K} does not interpolate into a string: convert it with builtins.toString (or lib.boolToString, builtins.toJSON)`;

/**
 * Checks the holes of a `str`/`ind` template: text (strings, safe integers), and expressions of
 * kinds Nix coerces to a string ({@link StringCoercible}, or unknown). Any other hole's parameter
 * type is {@link NotAStringHole}, so the compile error says what to write.
 */
export type StrHoles<H extends readonly unknown[]> = { readonly [I in keyof H]: StrHoleCheck<H[I]> };

type StrHoleCheck<V> =
  IsAny<V> extends true
    ? V
    : V extends string | number | bigint
      ? V
      : IsAny<KindOf<V>> extends true
        ? V
        : [Exclude<KindOf<V>, StringCoercible>] extends [never]
          ? V
          : NotAStringHole<Exclude<KindOf<V>, StringCoercible> & string>;

/** Splits a dotted attribute path into its names. */
type Split<P extends string> = P extends `${infer H}.${infer R}` ? [H, ...Split<R>] : [P];

type PathKind<E, P extends readonly string[]> = P extends [infer H extends string, ...infer R extends string[]]
  ? IsAny<E> extends true
    ? // eslint-disable-next-line @typescript-eslint/no-explicit-any
      any
    : string extends keyof E
      ? // eslint-disable-next-line @typescript-eslint/no-explicit-any
        any
      : H extends keyof E
        ? PathKind<E[H], R>
        : // eslint-disable-next-line @typescript-eslint/no-explicit-any
          any
  : KindOf<E>;

/**
 * The kind of `select(e, path)`: the kind of the selected value when `e` is a known attribute set
 * (a JS object, typed references from options) and `path` a dotted string; otherwise `any`.
 */
export type SelectKind<E, P> = P extends string ? PathKind<E, Split<P>> : // eslint-disable-next-line @typescript-eslint/no-explicit-any
  any;

/** An expression of kind `K`, as a builder input: a typed node or a typed reference. */
export type Kinded<K extends NixKind> = ExprOf<K> | RefLike<K>;

/** Re-exported for the builders' signatures. */
export type { Expr, ExprOf, KindOf, NixKind };
