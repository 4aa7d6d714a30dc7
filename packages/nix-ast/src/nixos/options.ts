/**
 * Option declarations (`lib.mkOption` and friends), option trees and the types inferred from them.
 *
 * @module
 */
import { z } from "zod";
import type { Expr } from "../ast/nodes.js";
import { attrs, call, ind, ref, str as strLit, toExpr, unref, type Nixable, type Ref } from "../builders/index.js";
import { NixBuildError } from "../errors.js";
import { compressAttrs } from "./util.js";
import { bool, emptyValue, isNixExpr, nullOr, package_, type AnyType, type HasEmptyValue, type NixExpr, type NixType } from "./types.js";

declare const OPTION_TYPES: unique symbol;
/** Brand of an option declaration (distinguishes options from option-tree nodes). */
export const OPTION: unique symbol = Symbol.for("nix-ast.nixos.option");

/** How an option's default is given: a plain value, or a Nix expression. */
export type OptionDefault =
  | { readonly kind: "value"; readonly value: unknown }
  | { readonly kind: "expr"; readonly expr: Expr };

/** How the declaration is written in Nix. */
export type OptionBuilder =
  | { readonly kind: "mkOption" }
  | { readonly kind: "mkEnableOption"; readonly name: string }
  | {
      readonly kind: "mkPackageOption";
      readonly pkgs: Expr;
      readonly name: string | readonly string[];
      readonly args: Expr;
    };

/**
 * An option declaration. `T` is what definitions may hold, `O` the merged value, `D` whether it
 * has a default (then configuring it is optional).
 */
export interface Option<T = unknown, O = T, D extends boolean = boolean> {
  readonly [OPTION]: true;
  readonly type: NixType<T, O>;
  readonly default?: OptionDefault;
  /** `defaultText` for the manual (e.g. {@link literalExpression}). */
  readonly defaultText?: Expr;
  readonly example?: Expr;
  /** Markdown. */
  readonly description?: string;
  readonly readOnly?: boolean;
  readonly internal?: boolean;
  readonly visible?: boolean | "shallow";
  /** A Nix function applied to the merged value. */
  readonly apply?: Expr;
  readonly builder: OptionBuilder;
  /** Phantom (absent at run time). */
  readonly [OPTION_TYPES]?: { readonly in: T; readonly out: O; readonly hasDefault: D };
}

/** Any option, its types forgotten. */
export type AnyOption = Option<unknown, unknown, boolean>;

/** A tree of option declarations nested by attribute path: `{ services: { x: { port: option(…) } } }`. */
export interface OptionTree {
  readonly [name: string]: AnyOption | OptionTree;
}

/** Whether a tree node is an option. */
export function isOption(v: unknown): v is AnyOption {
  return typeof v === "object" && v !== null && (v as { [OPTION]?: unknown })[OPTION] === true;
}

/** A definition value: `T`, or a Nix expression (deeply: any part may be an expression). */
export type Defn<T> = NixExpr | (T extends readonly (infer E)[]
  ? readonly Defn<E>[]
  : T extends string | number | boolean | bigint | null | undefined
    ? T
    : T extends object
      ? { readonly [K in keyof T]: Defn<T[K]> }
      : T);

/** What `option({...})` takes. */
export interface OptionSpec<T, O> {
  readonly type: NixType<T, O>;
  /** A value of the type, or a Nix expression (`config.networking.hostName`). */
  readonly default?: Defn<NoInfer<T>>;
  readonly defaultText?: Nixable;
  readonly example?: Defn<NoInfer<T>> | Nixable;
  /** Markdown. */
  readonly description?: string;
  readonly readOnly?: boolean;
  readonly internal?: boolean;
  readonly visible?: boolean | "shallow";
  readonly apply?: Nixable;
}

function toDefault(v: unknown): OptionDefault {
  return containsExpr(v) ? { kind: "expr", expr: toExpr(v as Nixable) } : { kind: "value", value: v };
}

function containsExpr(v: unknown): boolean {
  if (isNixExpr(v)) return true;
  if (typeof v === "function") return true;
  if (Array.isArray(v)) return v.some(containsExpr);
  if (typeof v === "object" && v !== null) return Object.values(v).some(containsExpr);
  return false;
}

/**
 * `lib.mkOption { … }`. The default may be a value of the type or a Nix expression.
 *
 * @example
 * ```ts
 * option({ type: types.port, default: 8000, description: "Port to listen on." })
 * ```
 */
export function option<T, O>(spec: OptionSpec<T, O> & { readonly default: Defn<NoInfer<T>> }): Option<T, O, true>;
export function option<T, O>(spec: OptionSpec<T, O>): Option<T, O, HasEmptyValue<T>>;
export function option<T, O>(spec: OptionSpec<T, O>): Option<T, O, boolean> {
  if (spec.default !== undefined) {
    const bad = !containsExpr(spec.default) && !spec.type.zod.safeParse(spec.default).success;
    if (bad) {
      throw new NixBuildError(
        `the default ${JSON.stringify(spec.default)} is not a ${spec.type.description}`,
        spec.default,
      );
    }
  }
  return Object.freeze({
    [OPTION]: true as const,
    type: spec.type,
    ...(spec.default !== undefined ? { default: toDefault(spec.default) } : {}),
    ...(spec.defaultText !== undefined ? { defaultText: toExpr(spec.defaultText) } : {}),
    ...(spec.example !== undefined ? { example: toExpr(spec.example as Nixable) } : {}),
    ...(spec.description !== undefined ? { description: spec.description } : {}),
    ...(spec.readOnly !== undefined ? { readOnly: spec.readOnly } : {}),
    ...(spec.internal !== undefined ? { internal: spec.internal } : {}),
    ...(spec.visible !== undefined ? { visible: spec.visible } : {}),
    ...(spec.apply !== undefined ? { apply: toExpr(spec.apply) } : {}),
    builder: { kind: "mkOption" as const },
  });
}

/** Alias of {@link option}, named like Nix. */
export const mkOption = option;

/** `lib.mkEnableOption "name"`: a boolean, default `false`, described "Whether to enable name.". */
export function mkEnableOption(name: string): Option<boolean, boolean, true> {
  return Object.freeze({
    [OPTION]: true as const,
    type: bool,
    default: { kind: "value" as const, value: false },
    example: toExpr(true),
    description: `Whether to enable ${name}.`,
    builder: { kind: "mkEnableOption" as const, name },
  });
}

/** Options of {@link mkPackageOption}, as in `lib.mkPackageOption`. */
export interface PackageOptionSpec {
  /** The default's attribute path in `pkgs` (default: the name). */
  readonly default?: string | readonly string[] | null;
  /** An example attribute path. */
  readonly example?: string;
  readonly extraDescription?: string;
  /** Allow `null` (type `nullOr package`). */
  readonly nullable?: boolean;
  /** The package set expression; default `pkgs`. */
  readonly pkgs?: Nixable;
}

/**
 * `lib.mkPackageOption pkgs "name" { … }`: a package option whose default is `pkgs.name`.
 */
export function mkPackageOption(name: string | readonly string[], spec: PackageOptionSpec = {}): Option<NixExpr, NixExpr, true> {
  const pkgs = toExpr(spec.pkgs ?? ref("pkgs"));
  const path = typeof name === "string" ? [name] : name;
  const defPath = spec.default === undefined ? path : spec.default === null ? null : typeof spec.default === "string" ? spec.default.split(".") : spec.default;
  const args: Record<string, Nixable> = {};
  if (spec.default !== undefined) args.default = spec.default === null ? null : [...(defPath ?? [])];
  if (spec.example !== undefined) args.example = spec.example;
  if (spec.extraDescription !== undefined) args.extraDescription = spec.extraDescription;
  if (spec.nullable !== undefined) args.nullable = spec.nullable;
  const nameText = path.join(".");
  return Object.freeze({
    [OPTION]: true as const,
    type: (spec.nullable ? nullOr(package_) : package_) as NixType<NixExpr, NixExpr>,
    default: defPath === null ? { kind: "value" as const, value: null } : { kind: "expr" as const, expr: unref(ref(["pkgs", ...defPath].join("."))) },
    description: `The ${nameText} package to use.${spec.extraDescription ? ` ${spec.extraDescription}` : ""}`,
    builder: { kind: "mkPackageOption" as const, pkgs, name: typeof name === "string" ? name : [...name], args: attrs(args) },
    defaultText: call(unref(ref("lib.literalExpression")), defPath === null ? "null" : `pkgs.${defPath.join(".")}`),
  });
}

/** `lib.literalExpression "…"`: Nix source shown as a default or example in the manual. */
export function literalExpression(text: string): Expr {
  return call(unref(ref("lib.literalExpression")), text.includes("\n") ? ind(text) : text);
}

/** `lib.literalMD "…"`: Markdown shown as a default or example in the manual. */
export function literalMD(text: string): Expr {
  return call(unref(ref("lib.literalMD")), text.includes("\n") ? ind(text) : text);
}

/** A description string: `"…"` or an indented string when it spans lines. */
export function descriptionExpr(text: string): Expr {
  return text.includes("\n") ? ind(text.endsWith("\n") ? text : `${text}\n`) : strLit(text);
}

// ---------------------------------------------------------------------------------------------
// Rendering

/** Renders one option declaration as `lib.mkOption { … }` (or `mkEnableOption`, `mkPackageOption`). */
export function renderOption(o: AnyOption): Expr {
  const b = o.builder;
  if (b.kind === "mkEnableOption") return call(unref(ref("lib.mkEnableOption")), b.name);
  if (b.kind === "mkPackageOption") {
    return call(unref(ref("lib.mkPackageOption")), b.pkgs, typeof b.name === "string" ? b.name : [...b.name], b.args);
  }
  const fields: Record<string, Nixable | undefined> = {
    type: o.type.nix,
    default: o.default === undefined ? undefined : o.default.kind === "expr" ? o.default.expr : toExpr(o.default.value as Nixable),
    defaultText: o.defaultText,
    example: o.example,
    description: o.description === undefined ? undefined : descriptionExpr(o.description),
    readOnly: o.readOnly,
    internal: o.internal,
    visible: o.visible,
    apply: o.apply,
  };
  return call(unref(ref("lib.mkOption")), fields);
}

/** Renders an option tree as nested attribute sets (`services.x = { port = lib.mkOption …; };`). */
export function renderTree(tree: OptionTree): Expr {
  const obj: Record<string, Nixable> = {};
  for (const [k, v] of Object.entries(tree)) obj[k] = isOption(v) ? renderOption(v) : renderTree(v);
  return compressAttrs(toExpr(obj));
}

// ---------------------------------------------------------------------------------------------
// Validation with zod

/**
 * `t`, with `fallback()` when the value is absent. A fallback `t` refuses (a submodule's empty
 * value whose options have no defaults) is a refusal, as in Nix, never an exception out of
 * `safeParse` (found by nixos-prop.test.ts).
 */
function withFallback(t: z.ZodType, fallback: () => unknown): z.ZodType {
  return t.optional().transform((x, ctx) => {
    if (x !== undefined) return x;
    const r = t.safeParse(fallback());
    if (r.success) return r.data;
    for (const issue of r.error.issues) {
      ctx.issues.push({ code: "custom", message: issue.message, path: issue.path, input: x });
    }
    return z.NEVER;
  });
}

/**
 * A zod schema for the configuration of an option tree: strict objects (Nix refuses unknown
 * options), required keys where there is no default, plain defaults filled in on parse. Parsing a
 * definition returns the configuration NixOS evaluates to (defaults given as Nix expressions are
 * not known to zod and stay absent).
 */
export function treeZod(tree: OptionTree, freeform?: AnyType): z.ZodType {
  const shape: Record<string, z.ZodType> = {};
  for (const [k, v] of Object.entries(tree)) {
    if (isOption(v)) {
      const t = v.type.zod;
      const empty = v.default === undefined ? emptyValue(v.type) : undefined;
      shape[k] =
        v.default === undefined
          ? empty
            ? withFallback(t, () => structuredClone(empty.value))
            : t
          : v.default.kind === "value"
            ? withFallback(t, () => structuredClone(v.default?.kind === "value" ? v.default.value : undefined))
            : t.optional();
    } else {
      const sub = treeZod(v);
      // A group is optional when every option under it has a default.
      shape[k] = sub.safeParse({}).success ? sub.optional().transform((x) => (x === undefined ? sub.parse({}) : x)) : sub;
    }
  }
  if (!freeform) return z.strictObject(shape);
  // A freeform type is an attribute-set type: each undeclared attribute is one of its values.
  const each = freeform.def.kind === "attrsOf" ? freeform.def.elem.zod : freeform.zod;
  return z.object(shape).catchall(each);
}

/** The zod schema of an option tree's configuration; see {@link treeZod}. */
export function configSchema<Tr extends OptionTree>(tree: Tr): z.ZodType<ResolvedOf<Tr>, ConfigOf<Tr>> {
  return treeZod(tree) as z.ZodType<ResolvedOf<Tr>, ConfigOf<Tr>>;
}

// ---------------------------------------------------------------------------------------------
// Type-level inference

type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** The definition type, merged type and default flag of an option. */
export type OptionIn<X> = X extends Option<infer T, infer _O, infer _D> ? T : never;
/** The merged type of an option. */
export type OptionOut<X> = X extends Option<infer _T, infer O, infer _D> ? O : never;
/** Whether an option (or every option of a group) has a default. */
export type HasDefault<X> = X extends AnyOption
  ? X extends Option<infer _T, infer _O, infer D>
    ? D
    : false
  : X extends OptionTree
    ? false extends { [K in keyof X]: HasDefault<X[K]> }[keyof X]
      ? false
      : true
    : false;

type OptionalKeys<Tr> = { [K in keyof Tr]: HasDefault<Tr[K]> extends true ? K : never }[keyof Tr];
type RequiredKeys<Tr> = Exclude<keyof Tr, OptionalKeys<Tr>>;
type NodeIn<X> = X extends AnyOption ? OptionIn<X> : ConfigOf<X>;
type NodeOut<X> = X extends AnyOption ? OptionOut<X> : ResolvedOf<X>;

/**
 * The configuration an option tree accepts, as plain values: keys without a default are required.
 */
export type ConfigOf<Tr> = Simplify<
  { -readonly [K in RequiredKeys<Tr> & string]: NodeIn<Tr[K]> } & {
    -readonly [K in OptionalKeys<Tr> & string]?: NodeIn<Tr[K]>;
  }
>;

/** The configuration NixOS evaluates to: every option present, submodule defaults filled in. */
export type ResolvedOf<Tr> = Simplify<{ -readonly [K in keyof Tr & string]: NodeOut<Tr[K]> }>;

/**
 * What a `config` block of a module may define for a tree: every key optional (other modules may
 * define the rest), values may be Nix expressions (`mkIf`, `mkDefault`, references) at any depth.
 */
export type ConfigDefs<Tr> = NixExpr | { readonly [K in keyof Tr & string]?: Tr[K] extends AnyOption ? Defn<OptionIn<Tr[K]>> : ConfigDefs<Tr[K]> };

/** The dotted paths of all options in a tree: `"services.bitpoll.port" | …`. */
export type PathOf<Tr, P extends string = ""> = {
  [K in keyof Tr & string]: Tr[K] extends AnyOption ? `${P}${K}` : PathOf<Tr[K], `${P}${K}.`>;
}[keyof Tr & string];

/** The node (option or group) at a dotted path. */
export type NodeAt<Tr, P extends string> = P extends `${infer H}.${infer R}`
  ? H extends keyof Tr
    ? NodeAt<Tr[H], R>
    : never
  : P extends keyof Tr
    ? Tr[P]
    : never;

/** The option at a dotted path. */
export type OptionAt<Tr, P extends string> = NodeAt<Tr, P> extends infer X extends AnyOption ? X : never;

/** The definition type of the option at a dotted path. */
export type ValueAt<Tr, P extends string> = OptionIn<OptionAt<Tr, P>>;

/** A tree holding `V` at the dotted path `P`. */
export type Nest<P extends string, V> = P extends `${infer H}.${infer R}` ? { readonly [K in H]: Nest<R, V> } : { readonly [K in P]: V };

/** The tree without the node at `P`. */
export type RemoveAt<Tr, P extends string> = P extends `${infer H}.${infer R}`
  ? Simplify<{ readonly [K in keyof Tr]: K extends H ? RemoveAt<Tr[K], R> : Tr[K] }>
  : Simplify<Omit<Tr, P>>;

/** The tree with the option at `P` marked as having a default. */
export type WithDefaultAt<Tr, P extends string> = P extends `${infer H}.${infer R}`
  ? Simplify<{ readonly [K in keyof Tr]: K extends H ? WithDefaultAt<Tr[K], R> : Tr[K] }>
  : Simplify<{ readonly [K in keyof Tr]: K extends P ? (Tr[K] extends Option<infer T, infer O, infer _D> ? Option<T, O, true> : Tr[K]) : Tr[K] }>;

/** Walks an option tree: every option with its path. */
export function optionEntries(tree: OptionTree, prefix: readonly string[] = []): [readonly string[], AnyOption][] {
  return Object.entries(tree).flatMap(([k, v]) =>
    isOption(v) ? [[[...prefix, k], v] as [readonly string[], AnyOption]] : optionEntries(v, [...prefix, k]),
  );
}

/** Reads the node at a path (or undefined). */
export function nodeAt(tree: OptionTree, path: readonly string[]): AnyOption | OptionTree | undefined {
  let cur: AnyOption | OptionTree | undefined = tree;
  for (const seg of path) {
    if (cur === undefined || isOption(cur)) return undefined;
    cur = (cur as OptionTree)[seg];
  }
  return cur;
}

/** Returns a new tree with `f` applied at `path` (creating groups on the way); `undefined` removes. */
export function updateAt(
  tree: OptionTree,
  path: readonly string[],
  f: (node: AnyOption | OptionTree | undefined) => AnyOption | OptionTree | undefined,
): OptionTree {
  const [head, ...rest] = path;
  if (head === undefined) throw new NixBuildError("an option path needs a name", path);
  const cur = tree[head];
  let next: AnyOption | OptionTree | undefined;
  if (rest.length === 0) next = f(cur);
  else {
    if (cur !== undefined && isOption(cur)) throw new NixBuildError(`${head} is an option, not a group`, path);
    next = updateAt(cur ?? {}, rest, f);
    if (next !== undefined && Object.keys(next).length === 0) next = undefined;
  }
  const out: Record<string, AnyOption | OptionTree> = {};
  for (const [k, v] of Object.entries(tree)) {
    if (k !== head) out[k] = v;
    else if (next !== undefined) out[k] = next;
  }
  if (next !== undefined && !(head in tree)) out[head] = next;
  return Object.freeze(out);
}

/** Splits a dotted path. */
export function splitPath(p: string | readonly string[]): string[] {
  const segs = typeof p === "string" ? p.split(".") : [...p];
  if (segs.length === 0 || segs.some((s) => s === "")) throw new NixBuildError(`malformed option path ${JSON.stringify(p)}`, p);
  return segs;
}

/** @internal a reference typed loosely. */
export type { Ref };
