/**
 * Typed references to configuration values: what `cfg.port` is in Nix, read from the option
 * declarations. An option of type `types.port` is an int reference, `types.str` a string,
 * `types.path` a path, `types.bool` a bool, `types.package` a derivation; `listOf` is a list,
 * `submodule` and `attrsOf` nest (`cfg.instances.<name>.port`), a freeform `settings` is `any`
 * inside, and a name no option declares (`cfg.prot`) is a compile error.
 *
 * The kinds are read from the JS value type an option merges to, which is all an option's type
 * carries at compile time: `types.float` and `types.number` merge to a JS number like the integer
 * types and are seen as ints, and every option whose value is only a Nix expression
 * (`types.package`, `types.fileset`, …) is seen as a derivation.
 *
 * At run time these are ordinary references; only their types differ.
 *
 * @module
 */
import type { Expr } from "../ast/nodes.js";
import {
  eq,
  if_,
  ref,
  refOf,
  toExpr,
  type ExprOf,
  type KindOf,
  type NixKind,
  type Nixable,
  type Ref,
  type RefLike,
} from "../builders/index.js";
import type { AnyOption, OptionTree, ResolvedOf } from "./options.js";
import type { NixExpr } from "./types.js";

type IsAny<T> = 0 extends 1 & T ? true : false;

/** The Nix kind of a JS value type (a union gives a union of kinds); `any` when unknown. */
type ValueKind<O> =
  IsAny<O> extends true
    ? // eslint-disable-next-line @typescript-eslint/no-explicit-any
      any
    : unknown extends O
      ? // eslint-disable-next-line @typescript-eslint/no-explicit-any
        any
      : [Exclude<O, null | undefined>] extends [NixExpr]
        ? "derivation" | NullKind<O>
        : [NixExpr] extends [O]
          ? [Exclude<O, NixExpr | null | undefined>] extends [string]
            ? "path" | "string" | NullKind<O>
            : // eslint-disable-next-line @typescript-eslint/no-explicit-any
              any
          : PlainKind<Exclude<O, undefined>>;

type NullKind<O> = null extends O ? "null" : never;

type PlainKind<O> = O extends string
  ? "string"
  : O extends boolean
    ? "bool"
    : O extends number | bigint
      ? "int"
      : O extends null
        ? "null"
        : O extends readonly unknown[]
          ? "list"
          : "attrs";

/** Attribute names of an attribute set's references, each typed; the set is an expression too. */
export type AttrRefs<N, K extends NixKind> = RefLike<K> & { readonly [P in keyof N]-?: RefsOf<N[P]> };

/**
 * The references to a value of JS type `O` (an option's merged value): `Ref<"int">` for a
 * number, `Ref<"string">` for a string, an {@link AttrRefs} for an attribute set with known
 * names, `Ref` (any) when the type says nothing (`types.anything`, a freeform value that may be
 * anything).
 */
export type RefsOf<O> =
  IsAny<ValueKind<O>> extends true
    ? Ref
    : [Exclude<O, null | undefined>] extends [readonly unknown[]]
      ? Ref<ValueKind<O>>
      : [Exclude<O, null | undefined>] extends [NixExpr]
        ? Ref<ValueKind<O>>
        : [Exclude<O, null | undefined>] extends [object]
          ? AttrRefs<Exclude<O, null | undefined>, ValueKind<O>>
          : [Extract<O, object>] extends [never]
            ? Ref<ValueKind<O>>
            : Ref;

/** The references to an option tree's values (`config.services.x` seen through its options). */
export type TreeRefs<Tr> = OptionTree extends Tr ? Ref : RefsOf<ResolvedOf<Tr>>;

/** The single name of a tree level, or `never` when it has none or several. */
type OnlyKey<T> = string extends keyof T ? never : [keyof T] extends [never] ? never : IsUnion<keyof T> extends true ? never : keyof T;
type IsUnion<U, A = U> = U extends unknown ? ([A] extends [U] ? false : true) : never;

/**
 * The group of options a module's `cfg` stands for: the group reached from the root through
 * levels with a single name (`options.services.bitpoll` → `services.bitpoll`), NixOS's convention
 * `cfg = config.services.bitpoll`. `never` when the root itself has several names.
 */
type CfgGroup<Tr> = OnlyKey<Tr> extends never ? never : Descend<Tr[OnlyKey<Tr>]>;
type Descend<T> = T extends AnyOption ? never : OnlyKey<T> extends never ? T : Tr1<T>;
type Tr1<T> = T[OnlyKey<T>] extends AnyOption ? T : Descend<T[OnlyKey<T>]>;

/**
 * The type of `cfg` in a module's config blocks: {@link TreeRefs} of its option group (see
 * {@link CfgGroup}), or `Ref` when the module declares no such group.
 */
export type CfgOf<Tr> = OptionTree extends Tr ? Ref : [CfgGroup<Tr>] extends [never] ? Ref : TreeRefs<CfgGroup<Tr>>;

/**
 * Typed references to the values of an option tree, rooted at `root` (a variable name, or a
 * reference such as a lambda's parameter): `optionRefs<typeof opts>("cfg").port` is an int
 * reference. The tree may be passed instead of its type, for inference.
 *
 * @example
 * ```ts
 * const opts = { port: option({ type: types.port, default: 80 }), name: option({ type: types.str }) };
 * const cfg = optionRefs("cfg", opts);
 * str`${cfg.name}:${builtins.toString(cfg.port)}`;
 * ```
 */
export function optionRefs<Tr extends OptionTree>(root: string | RefLike, _tree?: Tr): TreeRefs<Tr> {
  const r: unknown = typeof root === "string" ? ref(root) : refOf(toExpr(root));
  // Phantom types only: at run time the typed references are the reference itself.
  return r as TreeRefs<Tr>;
}

/**
 * `if x == null then fallback else x`: a `nullOr` option's value without `null`, so that
 * `` str`${ifNull(cfg.address, "localhost")}` `` is a string.
 */
export function ifNull<X extends Nixable, F extends Nixable>(x: X, fallback: F): ExprOf<Exclude<KindOf<X>, "null"> | KindOf<F>> {
  const e: Expr = if_(eq(x, null), fallback, x);
  return e;
}

/**
 * A reference that Nix code has already tested not to be `null` (in the other branch of an
 * `if x == null`), seen without `null`: the same expression, only its type changes.
 */
export function nonNull<K extends NixKind>(r: RefLike<K>): Ref<Exclude<K, "null">> {
  return refOf(toExpr(r));
}
