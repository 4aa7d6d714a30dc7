/**
 * What the typed `lib` and `builtins` accept for each kind of Nix argument. A reference (`Ref`)
 * or an AST node whose Nix kind is not known is accepted everywhere; one whose kind is known
 * (`Ref<"int">`, an `ExprOf<"bool">`, typed options' references) and JS values only where they
 * have the right Nix type: a JS number or an int reference where Nix wants a string is a compile
 * error.
 *
 * @module
 */
import type { ExprOf, NixKind, Nixable, Ref, RefLike, StringCoercible } from "../builders/index.js";
import type { NODE } from "../builders/symbols.js";

/**
 * An expression of unknown Nix type: an AST node, or anything carrying one (a reference, a typed
 * `lib` function). Written without `Ref`'s call signature, so that a JS callback in a union with
 * it still gets its parameter types from the signature.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Expression<K extends NixKind = any> = ExprOf<K> | RefValue<K>;
/** A string (or a path, a derivation: what Nix coerces in a string context is passed as an expression). */
export type Str = string | Expression<StringCoercible>;
/** An integer. */
export type Int = number | bigint | Expression<"int">;
/** A number (int or float). */
export type Num = number | bigint | Expression<"int" | "float">;
/** A boolean. */
export type Bool = boolean | Expression<"bool">;
/** A path (a path expression, or an absolute path string where Nix accepts one). */
export type Path = string | Expression<"path" | "string">;
/** `null`. */
export type Null = null | Expression<"null">;
/** A derivation (always an expression: `pkgs.hello`). */
export type Drv = Expression<"derivation" | "attrs">;
/** Any value. */
export type Any = Nixable;
/** A list whose elements are `T`. */
export type List<T> = readonly T[] | Expression<"list">;
/** An attribute set whose values are `T`. */
export type AttrsOf<T> = { readonly [name: string]: T | undefined; readonly [NODE]?: never } | Expression<"attrs" | "derivation">;
/** Any attribute set (a JS object, not an expression of another kind: see {@link Expression}). */
export type Attrs = { readonly [name: string]: Nixable | undefined; readonly [NODE]?: never } | Expression<"attrs" | "derivation">;
/**
 * A function argument: a JS function (turned into a Nix lambda whose parameters are named by the
 * library, so the JS parameter names do not matter) or a Nix function expression (`lib.toUpper`).
 */
export type Fn<F> = F | Expression<"function">;

/** What makes a value usable as a Nix expression (the reference brand), of kind `K`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type RefValue<K extends NixKind = any> = RefLike<K>;

/** A function of `lib` or `builtins`: typed when called, and a reference when passed as a value. */
export type LibFn<F> = F & RefValue;

/** Attribute names not known in advance (`lib.maintainers.<handle>`): each a reference. */
export interface Names extends RefValue {
  readonly [name: string]: Ref;
}
