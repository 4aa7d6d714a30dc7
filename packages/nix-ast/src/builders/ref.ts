/**
 * References: expressions that read like the Nix they stand for. Property access on a reference
 * builds a selection and calling it builds an application, so
 * `pkgs.python3.withPackages((ps) => [ps.django])` yields `pkgs.python3.withPackages (x: [ x.django ])`
 * (the parameter's name is generated: see `docs/builders.md`, "Lambdas").
 *
 * A reference is a Proxy around an AST node; builders and `print` unwrap it, so trees never hold
 * proxies. Names that JS itself looks up (`then`, `toJSON`, symbols) are not selections: use
 * {@link select} for an attribute literally named `then`. A reference used as a JS primitive
 * (`` `${r}` ``, `"a" + r`, `String(r)`, `obj[r]`) throws a {@link NixBuildError}: the Nix value is
 * not known to JS.
 *
 * @module
 */
import type { Expr } from "../ast/nodes.js";
import { NixBuildError } from "../errors.js";
import { checkIdentifier } from "./nodes.js";
import { NODE } from "./symbols.js";
import type { Nixable } from "./values.js";

declare const UNCHECKED_PROBE: { readonly [name: string]: 0 };

/**
 * `true` when the program that uses nix-ast compiles with `noUncheckedIndexedAccess`. The flag adds
 * `undefined` to every property read through an index signature, which would make `lib.licenses.mit`
 * a type error; a declaration file is checked with its user's flags, so this reads them.
 */
export type UncheckedIndexedAccess = undefined extends typeof UNCHECKED_PROBE.x ? true : false;

/**
 * The type of `r.name` for a name {@link Ref} does not declare: a `Ref`, or `any` under
 * `noUncheckedIndexedAccess` (the only type that flag leaves without `undefined`).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type RefProp = UncheckedIndexedAccess extends true ? any : Ref;

/**
 * What a reference is known to be in Nix, as a phantom type: `any` (the default: nothing known),
 * or a kind of value. A typed layer (options, a typed `lib`) gives references their kinds; builders
 * that need a kind ask for it (a string hole takes what Nix coerces to a string, see
 * {@link StringCoercible}).
 */
export type NixKind = "int" | "float" | "bool" | "string" | "path" | "null" | "list" | "attrs" | "function" | "derivation";

/** The kinds Nix interpolates into a string (`"${x}"`): strings, paths, derivations. */
export type StringCoercible = "string" | "path" | "derivation";

declare const KIND: unique symbol;

/**
 * An AST node known to stand for a Nix value of kind `K` (a phantom tag; the default `any` is a
 * plain {@link Expr}). What the typed builders return: `add(int(1), int(2))` is an
 * `ExprOf<"int">`, `eq(a, b)` an `ExprOf<"bool">`. See `kinds.ts`.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ExprOf<K extends NixKind = any> = Expr & { readonly [KIND]?: K };

/**
 * The Nix kind of a builder input, as far as TypeScript knows it: a reference's or typed node's
 * phantom kind, the kind a JS value becomes (`"x"` a string, `1` an int, `1.5` a float, `true` a
 * bool, an array a list, a function a function, an object an attribute set), and `any` for a
 * plain {@link Expr} or an untyped reference.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type KindOf<V> = 0 extends 1 & V
  ? any
  : V extends string
    ? "string"
    : V extends boolean
      ? "bool"
      : V extends bigint
        ? "int"
        : V extends number
          ? number extends V
            ? "int" | "float"
            : `${V}` extends `${bigint}`
              ? "int"
              : "float"
          : V extends null
            ? "null"
            : V extends { readonly [NODE]: Expr; readonly [KIND]?: infer K }
              ? KnownKind<K>
              : V extends { readonly type: string; readonly [KIND]?: infer K }
                ? KnownKind<K>
                : V extends readonly unknown[]
                  ? "list"
                  : V extends (...args: never[]) => unknown
                    ? "function"
                    : V extends object
                      ? "attrs"
                      : any;

/** A phantom kind read from a value: `any` when the value has none. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type KnownKind<K> = unknown extends K ? any : 0 extends 1 & K ? any : Exclude<K, undefined>;

/**
 * Any reference, seen as a value: what builders accept. It is not callable, so that a JS function
 * among the accepted values is the only callable one and TypeScript types its parameters. `K` is
 * the phantom {@link NixKind} (default `any`).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface RefLike<K extends NixKind = any> {
  readonly [NODE]: Expr;
  /** Phantom (absent at run time). */
  readonly [KIND]?: K;
}

/**
 * A Nix expression usable as a JS value: `r.name` selects, `r(arg)` applies. Typed so that any
 * property is another reference and any call returns one. The names below are declared so that
 * they stay `Ref` (and their callbacks typed) under `noUncheckedIndexedAccess` too.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface Ref<K extends NixKind = any> extends RefLike<K> {
  (...args: readonly Nixable[]): Ref;
  readonly [name: string]: RefProp;
  // nixpkgs' package-set and derivation functions that take functions
  readonly withPackages: Ref;
  readonly override: Ref;
  readonly overrideAttrs: Ref;
  readonly overridePythonAttrs: Ref;
  readonly overrideScope: Ref;
  readonly extend: Ref;
  readonly callPackage: Ref;
  // the usual roots
  readonly lib: Ref;
  readonly pkgs: Ref;
  readonly builtins: Ref;
  // lib and builtins functions that take functions
  readonly map: Ref;
  readonly filter: Ref;
  readonly any: Ref;
  readonly all: Ref;
  readonly genAttrs: Ref;
  readonly genList: Ref;
  readonly mapAttrs: Ref;
  readonly "mapAttrs'": Ref;
  readonly mapAttrsToList: Ref;
  readonly mapAttrsRecursive: Ref;
  readonly filterAttrs: Ref;
  readonly concatMap: Ref;
  readonly concatMapAttrs: Ref;
  readonly concatMapStrings: Ref;
  readonly concatMapStringsSep: Ref;
  readonly foldl: Ref;
  readonly "foldl'": Ref;
  readonly foldr: Ref;
  readonly sort: Ref;
  readonly partition: Ref;
  readonly groupBy: Ref;
  readonly imap0: Ref;
  readonly imap1: Ref;
  readonly zipAttrsWith: Ref;
  readonly fix: Ref;
  readonly makeExtensible: Ref;
}

/** Converts an argument of a call; `callee` is what it is applied to (it names lambda parameters). */
type ArgConverter = (v: Nixable, callee: Expr) => Expr;

// Late-bound to avoid an import cycle with values.ts (toExpr unwraps refs).
let convert: ArgConverter = () => {
  throw new NixBuildError("nix-ast builders are not initialised");
};

/** @internal Wires {@link toExpr} into references; called once by `builders.ts`. */
export function setConverter(f: ArgConverter): void {
  convert = f;
}

/** Whether a value is a reference proxy. */
export function isRef(v: unknown): v is Ref {
  return typeof v === "function" && (v as unknown as Record<symbol, unknown>)[NODE] !== undefined;
}

/** The AST node behind a reference. */
export function unref(r: RefLike): Expr {
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

/** A short source-like name of a node for messages: `pkgs.python3`, or its kind. */
export function describe(node: Expr): string {
  if (node.type === "Var") return node.name;
  if (node.type === "Select" && node.path.every((p) => typeof p === "string")) {
    const base = describe(node.expr);
    return `${base}.${(node.path as readonly string[]).join(".")}`;
  }
  if (node.type === "Apply") return `${describe(node.fn)} …`;
  return `a ${node.type} expression`;
}

function primitiveError(node: Expr): never {
  throw new NixBuildError(
    `the Nix reference ${describe(node)} was used as a JS string or number (a template literal, +, ` +
      "String() or a computed key); its value is only known to Nix. Use str`…${x}…` to interpolate it " +
      "into a Nix string, select(e, [x]) for a dynamic attribute name, add(a, b) for +",
    node,
  );
}

/** Wraps an AST node as a {@link Ref}. */
export function refOf<K extends NixKind = any>(node: Expr): Ref<K> {
  const target = function nixRef() {} as unknown as object;
  return new Proxy(target, {
    get(_t, prop) {
      if (prop === NODE) return node;
      if (prop === Symbol.toPrimitive) return () => primitiveError(node);
      if (typeof prop === "symbol") return undefined;
      // Promise resolution and JSON serialisation look these up; they must not become selections.
      if (prop === "then") return undefined;
      if (prop === "toJSON") return () => node;
      return refOf(selectNode(node, [prop]));
    },
    apply(_t, _this, args: unknown[]) {
      let e = node;
      for (const a of args) e = { type: "Apply", fn: e, arg: convert(a as Nixable, e) };
      return refOf(e);
    },
    has(_t, prop) {
      return prop === NODE;
    },
  }) as Ref<K>;
}

/**
 * A reference to a variable, or to a dotted path starting at one: `ref("pkgs.python3.pkgs")`.
 * Each segment must be a plain attribute name (letters, digits, `_`, `'`, `-`); use {@link select}
 * for others (`select(ref("pkgs"), ["x y"])`).
 */
export function ref<K extends NixKind = any>(path: string): Ref<K> {
  if (typeof path !== "string") throw new NixBuildError(`ref takes a string, not ${typeof path}`, path);
  const [head, ...rest] = path.split(".");
  const root: Expr = { type: "Var", name: checkIdentifier(head ?? "", "variable name") };
  return refOf<K>(
    selectNode(
      root,
      rest.map((s) => {
        if (!/^[a-zA-Z_][a-zA-Z0-9_'-]*$/.test(s)) {
          throw new NixBuildError(
            `invalid segment ${JSON.stringify(s)} in ref(${JSON.stringify(path)}): a dotted path takes plain names; ` +
              `use select(ref(${JSON.stringify(head)}), [${rest.map((x) => JSON.stringify(x)).join(", ")}]) for others`,
            path,
          );
        }
        return s;
      }),
    ),
  );
}

/** Several variables at once: `const { lib, pkgs } = refs("lib", "pkgs")`. */
export function refs<const N extends readonly string[]>(...names: N): { readonly [K in N[number]]: Ref } {
  return Object.fromEntries(names.map((n) => [n, ref(n)])) as { readonly [K in N[number]]: Ref };
}
