/**
 * A TypeScript mirror of `lib.types`. Every type is a {@link NixType}: it knows its Nix rendering
 * (`.nix`, e.g. `lib.types.listOf lib.types.str`), a zod schema validating the same values
 * (`.zod`), the NixOS manual's description (`.description`), and, as phantom parameters, the
 * TypeScript type of the values it accepts (`T`) and of the merged value NixOS returns (`O`).
 *
 * @module
 */
import { z } from "zod";
import { match } from "ts-pattern";
import type { Expr } from "../ast/nodes.js";
import { isExpr } from "../ast/nodes.js";
import { isIdentifier } from "../ast/lexical.js";
import { attrs, call, list, ref, select, toExpr, unref, isRef, type Ref, type Nixable } from "../builders/index.js";
import { NixBuildError } from "../errors.js";
import type { AnyOption, OptionTree, ConfigOf, ResolvedOf } from "./options.js";
import { treeZod, renderTree } from "./options.js";

/** A Nix expression in TypeScript: an AST node or a reference (`ref("pkgs.hello")`). */
export type NixExpr = Expr | Ref;

/** Whether a value is a Nix expression (AST node or reference). */
export function isNixExpr(v: unknown): v is NixExpr {
  return isRef(v) || isExpr(v);
}

/** A JSON value, as accepted by the `pkgs.formats.*` freeform types. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [k: string]: JsonValue };

declare const PHANTOM: unique symbol;

/**
 * The NixOS manual's description class of a type (`lib.types` `descriptionClass`), which decides
 * where a composed description gets parentheses.
 */
export type DescriptionClass = "noun" | "conjunction" | "composite" | "nonRestrictiveClause" | null;

/** The structure of a type, one variant per family of `lib.types`. */
export type TypeDef =
  | { readonly kind: "str" }
  | { readonly kind: "bool" }
  | {
      readonly kind: "int";
      /** How it is written: `int`, `port`, `ints.positive`, `ints.u16`, `ints.between`, … */
      readonly variant: string;
      readonly min?: number;
      readonly max?: number;
    }
  | { readonly kind: "float" }
  | {
      readonly kind: "number";
      /** `number`, `numbers.between`, `numbers.nonnegative`, `numbers.positive`. */
      readonly variant: string;
      readonly min?: number;
      readonly max?: number;
    }
  | {
      readonly kind: "path";
      /** `pathWith { inStore; absolute; }`: `null`/absent means either. */
      readonly inStore?: boolean | null;
      readonly absolute?: boolean | null;
    }
  | { readonly kind: "package" }
  | { readonly kind: "enum"; readonly values: readonly (string | number | boolean)[] }
  | { readonly kind: "listOf"; readonly elem: AnyType; /** `nonEmptyListOf`. */ readonly nonEmpty?: boolean }
  | {
      readonly kind: "attrsOf";
      readonly elem: AnyType;
      /** `lazyAttrsOf` / `attrsWith { lazy = true; }`. */
      readonly lazy?: boolean;
      /** `attrsWith { placeholder; }`: the name shown in docs (`<name>` by default). */
      readonly placeholder?: string;
    }
  | { readonly kind: "nullOr"; readonly elem: AnyType }
  | { readonly kind: "either"; readonly left: AnyType; readonly right: AnyType }
  | { readonly kind: "oneOf"; readonly types: readonly AnyType[] }
  | { readonly kind: "separatedString"; readonly sep: string }
  | { readonly kind: "strMatching"; readonly pattern: string }
  | { readonly kind: "anything" }
  | { readonly kind: "attrs" }
  | {
      readonly kind: "submodule";
      readonly options: OptionTree;
      /** Whether the submodule is a function of `{ name, ... }` (for `attrsOf` entries). */
      readonly nameArg: boolean;
      readonly freeformType?: AnyType;
      /** Extra `config` of the submodule (e.g. defaults depending on `name`). */
      readonly config?: Expr;
    }
  | { readonly kind: "coercedTo"; readonly from: AnyType; readonly coerce: Expr; readonly to: AnyType }
  | { readonly kind: "format"; readonly format: FormatName; readonly pkgs: Expr; readonly args: Expr }
  | { readonly kind: "custom"; readonly name: string }
  | { readonly kind: "leaf"; readonly name: LeafName }
  | { readonly kind: "unique"; readonly elem: AnyType; /** `null` for `uniq`. */ readonly message: string | null }
  | { readonly kind: "functionTo"; readonly elem: AnyType }
  | { readonly kind: "addCheck"; readonly elem: AnyType; readonly check: Expr }
  | { readonly kind: "passwdEntry"; readonly elem: AnyType }
  | { readonly kind: "attrTag"; readonly tags: { readonly [tag: string]: AnyOption } }
  | { readonly kind: "attrListOf"; readonly elem: AnyType; readonly asAttrs: boolean; readonly mergeAttrValues?: Expr }
  | { readonly kind: "deferredModule"; readonly staticModules: readonly Expr[] }
  | {
      readonly kind: "submoduleWith";
      readonly options: OptionTree;
      /** Whether the first module is a function of `{ name, ... }`. */
      readonly nameArg: boolean;
      readonly freeformType?: AnyType;
      /** Further modules (Nix expressions), after the one declaring `options`. */
      readonly modules: readonly Expr[];
      readonly specialArgs?: Expr;
      readonly shorthandOnlyDefinesConfig: boolean;
      readonly description?: string;
      readonly class?: string;
    };

/**
 * The `lib.types` constants with no structure of their own (their zod side and description are
 * fixed): `raw`, `unspecified`, `boolByOr`, `nonEmptyStr`, `singleLineStr`, `luaInline`, `fileset`,
 * `pkgs`, `optionType`, `optionDeclaration`, `shellPackage`, `json`, `toml`, and
 * `serializableValueWith { … }`.
 */
export type LeafName =
  | "raw"
  | "unspecified"
  | "boolByOr"
  | "nonEmptyStr"
  | "singleLineStr"
  | "luaInline"
  | "fileset"
  | "pkgs"
  | "optionType"
  | "optionDeclaration"
  | "shellPackage"
  | "json"
  | "toml"
  | "serializableValue";

/** The kinds of {@link TypeDef}. */
export type TypeKind = TypeDef["kind"];

/**
 * A NixOS option type. `T` is what a definition may hold (TypeScript input), `O` the value the
 * module system returns after merging (they differ for submodules, where defaults fill in).
 */
export interface NixType<T = unknown, O = T> {
  readonly def: TypeDef;
  /** The type as a Nix expression, e.g. `lib.types.port`. */
  readonly nix: Expr;
  /** A zod schema that accepts exactly the values Nix accepts (parsing fills submodule defaults). */
  readonly zod: z.ZodType<O, T>;
  /** The NixOS manual's wording, e.g. `"16 bit unsigned integer; between 0 and 65535 (both inclusive)"`. */
  readonly description: string;
  /** See {@link DescriptionClass}. */
  readonly descriptionClass: DescriptionClass;
  /** Phantom: the TypeScript types of values (never present at run time). */
  readonly [PHANTOM]?: { readonly in: T; readonly out: O };
}

/** Any type, with its value types forgotten. */
export type AnyType = NixType<unknown, unknown>;

/** The TypeScript type of the values a definition of `X` may hold. */
export type InputOf<X> = X extends NixType<infer T, infer _O> ? T : never;
/** The TypeScript type of the merged value of `X` that NixOS returns. */
export type OutputOf<X> = X extends NixType<infer _T, infer O> ? O : never;

const lib = ref("lib");
const L = (path: string): Expr => unref(ref(`lib.types.${path}`));
void lib;

function mk<T, O = T>(
  def: TypeDef,
  nix: Expr,
  zod: z.ZodType<O, T>,
  description: string,
  descriptionClass: DescriptionClass = "noun",
): NixType<T, O> {
  return Object.freeze({ def, nix, zod, description, descriptionClass });
}

/** `optionDescriptionPhrase`: the description, parenthesised unless its class is accepted. */
function phrase(t: AnyType, ok: (c: DescriptionClass) => boolean): string {
  return ok(t.descriptionClass) ? t.description : `(${t.description})`;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v) && !isExpr(v) && !isRef(v);

/** `lib.types.str`: a string, merged only when all definitions are equal. */
export const str: NixType<string> = mk({ kind: "str" }, L("str"), z.string(), "string");
/** `lib.types.bool`. */
export const bool: NixType<boolean> = mk({ kind: "bool" }, L("bool"), z.boolean(), "boolean");
/** `lib.types.int`: a signed 64-bit integer (JS numbers: safe integers). */
export const int: NixType<number> = mk({ kind: "int", variant: "int" }, L("int"), z.int(), "signed integer");

function intBetween(min: number, max: number, variant: string, nix: Expr, description: string, cls: DescriptionClass): NixType<number> {
  let schema = z.int();
  if (Number.isFinite(min)) schema = schema.min(min);
  if (Number.isFinite(max)) schema = schema.max(max);
  const def: TypeDef = {
    kind: "int",
    variant,
    ...(Number.isFinite(min) ? { min } : {}),
    ...(Number.isFinite(max) ? { max } : {}),
  };
  return mk(def, nix, schema, description, cls);
}

const betweenDesc = (lo: number, hi: number) => `${lo} and ${hi} (both inclusive)`;
const unsignedBits = (bits: number, variant: string, nix: Expr) =>
  intBetween(0, 2 ** bits - 1, variant, nix, `${bits} bit unsigned integer; between ${betweenDesc(0, 2 ** bits - 1)}`, "noun");
const signedBits = (bits: number) =>
  intBetween(
    -(2 ** (bits - 1)),
    2 ** (bits - 1) - 1,
    `ints.s${bits}`,
    L(`ints.s${bits}`),
    `${bits} bit signed integer; between ${betweenDesc(-(2 ** (bits - 1)), 2 ** (bits - 1) - 1)}`,
    "noun",
  );

/** `lib.types.ints.*`: integers with ranges. */
export const ints = {
  /** `lib.types.ints.between lo hi` (both inclusive). */
  between(lo: number, hi: number): NixType<number> {
    if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi) || lo > hi) {
      throw new NixBuildError(`ints.between needs integers lo <= hi, got ${lo} and ${hi}`, [lo, hi]);
    }
    return intBetween(lo, hi, "ints.between", call(L("ints.between"), lo, hi), `integer between ${betweenDesc(lo, hi)}`, "noun");
  },
  /** `lib.types.ints.unsigned`: `>= 0`. */
  unsigned: intBetween(0, Infinity, "ints.unsigned", L("ints.unsigned"), "unsigned integer, meaning >=0", "nonRestrictiveClause"),
  /** `lib.types.ints.positive`: `> 0`. */
  positive: intBetween(1, Infinity, "ints.positive", L("ints.positive"), "positive integer, meaning >0", "nonRestrictiveClause"),
  /** `lib.types.ints.u8`. */
  u8: unsignedBits(8, "ints.u8", L("ints.u8")),
  /** `lib.types.ints.u16`. */
  u16: unsignedBits(16, "ints.u16", L("ints.u16")),
  /** `lib.types.ints.u32`. */
  u32: unsignedBits(32, "ints.u32", L("ints.u32")),
  /** `lib.types.ints.s8`. */
  s8: signedBits(8),
  /** `lib.types.ints.s16`. */
  s16: signedBits(16),
  /** `lib.types.ints.s32`. */
  s32: signedBits(32),
} as const;

/** `lib.types.port` (an alias of `ints.u16`). */
export const port: NixType<number> = unsignedBits(16, "port", L("port"));

/**
 * `lib.types.float`. Nix keeps ints and floats apart: `1` is not a float. A JS number that is an
 * integer is emitted as a Nix int, so this schema refuses integers, as Nix does.
 */
export const float: NixType<number> = mk(
  { kind: "float" },
  L("float"),
  z.number().refine((n) => !Number.isInteger(n), { message: "an integer is not a Nix float" }),
  "floating point number",
);

/** `lib.types.number`: an int or a float. */
export const number: NixType<number> = mk(
  { kind: "number", variant: "number" },
  L("number"),
  z.number(),
  "signed integer or floating point number",
  "conjunction",
);

/** `lib.types.numbers.*`. */
export const numbers = {
  /** `lib.types.numbers.between lo hi` (both inclusive). */
  between(lo: number, hi: number): NixType<number> {
    return mk(
      { kind: "number", variant: "numbers.between", min: lo, max: hi },
      call(L("numbers.between"), lo, hi),
      z.number().min(lo).max(hi),
      `integer or floating point number between ${lo} and ${hi} (both inclusive)`,
      "conjunction",
    );
  },
  /** `lib.types.numbers.nonnegative`. */
  nonnegative: mk<number>(
    { kind: "number", variant: "numbers.nonnegative", min: 0 },
    L("numbers.nonnegative"),
    z.number().min(0),
    "nonnegative integer or floating point number, meaning >=0",
    "nonRestrictiveClause",
  ),
  /** `lib.types.numbers.positive`. */
  positive: mk<number>(
    { kind: "number", variant: "numbers.positive" },
    L("numbers.positive"),
    z.number().gt(0),
    "positive integer or floating point number, meaning >0",
    "nonRestrictiveClause",
  ),
} as const;

/** `lib.types.path`: an absolute path (a path value, or a string starting with `/`); `pathWith { absolute = true; }`. */
export const path: NixType<string | NixExpr> = mk(
  { kind: "path", inStore: null, absolute: true },
  L("path"),
  z.union([z.string().startsWith("/"), z.custom<NixExpr>(isNixExpr)]),
  "absolute path",
);

/** `lib.types.package`: a derivation; in TypeScript a Nix expression such as `pkgs.hello`. */
export const package_: NixType<NixExpr> = mk({ kind: "package" }, L("package"), z.custom<NixExpr>(isNixExpr), "package");

/** `lib.types.lines`: strings, concatenated with newlines when defined several times. */
export const lines: NixType<string> = mk({ kind: "separatedString", sep: "\n" }, L("lines"), z.string(), 'strings concatenated with "\\n"');
/** `lib.types.commas`. */
export const commas: NixType<string> = mk({ kind: "separatedString", sep: "," }, L("commas"), z.string(), 'strings concatenated with ","');

/** `lib.types.separatedString sep`: strings concatenated with `sep` when merged. */
export function separatedString(sep: string): NixType<string> {
  return mk({ kind: "separatedString", sep }, call(L("separatedString"), sep), z.string(), `strings concatenated with ${JSON.stringify(sep)}`);
}

/**
 * `lib.types.strMatching pattern`: a string that the POSIX extended regular expression matches
 * entirely (`builtins.match`). The zod schema uses the same text as an anchored JS RegExp, which
 * agrees for the common subset (classes, `*+?{}`, `|`, groups).
 */
export function strMatching(pattern: string): NixType<string> {
  let re: RegExp;
  try {
    re = new RegExp(`^(?:${pattern})$`, "u");
  } catch (e) {
    throw new NixBuildError(`strMatching: ${(e as Error).message}`, pattern);
  }
  return mk({ kind: "strMatching", pattern }, call(L("strMatching"), pattern), z.string().regex(re), `string matching the pattern ${pattern}`);
}

/** `lib.types.anything`: any value, merged recursively. */
export const anything: NixType<unknown> = mk({ kind: "anything" }, L("anything"), z.unknown(), "anything");

/** `lib.types.attrs`: any attribute set (merged with `//`). */
export const attrs_: NixType<{ readonly [k: string]: unknown }> = mk(
  { kind: "attrs" },
  L("attrs"),
  z.record(z.string(), z.unknown()),
  "attribute set",
  // lib.types.attrs sets no class, so composed descriptions parenthesise it.
  null,
);

function showEnumValue(v: string | number | boolean): string {
  return typeof v === "string" ? `"${v}"` : String(v);
}

/** `lib.types.enum [ … ]`: one of the given strings, integers or booleans. */
export function enum_<const V extends readonly (string | number | boolean)[]>(values: V): NixType<V[number]> {
  const lits = values.map((v) => z.literal(v));
  const schema =
    lits.length === 0 ? z.never() : lits.length === 1 ? lits[0]! : z.union(lits as unknown as [z.ZodLiteral, z.ZodLiteral]);
  const description =
    values.length === 0
      ? "impossible (empty enum)"
      : values.length === 1
        ? `value ${showEnumValue(values[0]!)} (singular enum)`
        : `one of ${values.map(showEnumValue).join(", ")}`;
  return mk(
    { kind: "enum", values },
    call(L("enum"), list(...values)),
    schema as unknown as z.ZodType<V[number], V[number]>,
    description,
    values.length < 2 ? "noun" : "conjunction",
  );
}

const nounOrComposite = (c: DescriptionClass) => c === "noun" || c === "composite";
const nounOrConjunction = (c: DescriptionClass) => c === "noun" || c === "conjunction";

/** `lib.types.listOf t`. */
export function listOf<T, O>(elem: NixType<T, O>): NixType<readonly T[], O[]> {
  return mk(
    { kind: "listOf", elem: elem as AnyType },
    call(L("listOf"), elem.nix),
    z.array(elem.zod) as unknown as z.ZodType<O[], readonly T[]>,
    `list of ${phrase(elem as AnyType, nounOrComposite)}`,
    "composite",
  );
}

/** `lib.types.attrsOf t`. */
export function attrsOf<T, O>(elem: NixType<T, O>): NixType<{ readonly [name: string]: T }, { [name: string]: O }> {
  return mk(
    { kind: "attrsOf", elem: elem as AnyType },
    call(L("attrsOf"), elem.nix),
    ((elem.def.kind === "submodule" || elem.def.kind === "submoduleWith") && elem.def.nameArg
      ? z.record(z.string(), elem.zod).transform((rec) => fillNames(rec, elem.def))
      : z.record(z.string(), elem.zod)) as unknown as z.ZodType<{ [name: string]: O }, { readonly [name: string]: T }>,
    `attribute set of ${phrase(elem as AnyType, nounOrComposite)}`,
    "composite",
  );
}

/** Fills options whose default is the submodule's `name` argument, as Nix does. */
function fillNames(rec: Record<string, unknown>, def: TypeDef): Record<string, unknown> {
  if (def.kind !== "submodule" && def.kind !== "submoduleWith") return rec;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rec)) {
    const entry = { ...(v as Record<string, unknown>) };
    for (const [ok, o] of Object.entries(def.options)) {
      const d = (o as { default?: { kind: string; expr?: Expr } }).default;
      if (entry[ok] === undefined && d?.kind === "expr" && d.expr?.type === "Var" && d.expr.name === "name") entry[ok] = k;
    }
    out[k] = entry;
  }
  return out;
}

/** `lib.types.nullOr t`. */
export function nullOr<T, O>(elem: NixType<T, O>): NixType<T | null, O | null> {
  return mk(
    { kind: "nullOr", elem: elem as AnyType },
    call(L("nullOr"), elem.nix),
    elem.zod.nullable() as unknown as z.ZodType<O | null, T | null>,
    `null or ${phrase(elem as AnyType, nounOrConjunction)}`,
    "conjunction",
  );
}

function eitherDescription(a: AnyType, b: AnyType): string {
  return a.descriptionClass === "nonRestrictiveClause"
    ? `${a.description}, or ${phrase(b, nounOrConjunction)}`
    : `${phrase(a, nounOrConjunction)} or ${phrase(b, (c) => c === "noun" || c === "conjunction" || c === "composite")}`;
}

/** `lib.types.either a b`: a value of `a` or of `b`. */
export function either<A, AO, B, BO>(a: NixType<A, AO>, b: NixType<B, BO>): NixType<A | B, AO | BO> {
  return mk(
    { kind: "either", left: a as AnyType, right: b as AnyType },
    call(L("either"), a.nix, b.nix),
    z.union([a.zod, b.zod]) as unknown as z.ZodType<AO | BO, A | B>,
    eitherDescription(a as AnyType, b as AnyType),
    "conjunction",
  );
}

/** The input types of a tuple of types. */
type InputsOf<Ts extends readonly AnyType[]> = { [K in keyof Ts]: InputOf<Ts[K]> }[number];
/** The output types of a tuple of types. */
type OutputsOf<Ts extends readonly AnyType[]> = { [K in keyof Ts]: OutputOf<Ts[K]> }[number];

/** `lib.types.oneOf [ a b … ]`: a value of any of the types (a fold of `either`). */
export function oneOf<const Ts extends readonly [AnyType, ...AnyType[]]>(ts: Ts): NixType<InputsOf<Ts>, OutputsOf<Ts>> {
  const desc = ts.slice(1).reduce<AnyType>((acc, t) => ({ ...acc, description: eitherDescription(acc, t), descriptionClass: "conjunction" }), ts[0]);
  const schema = ts.length === 1 ? ts[0].zod : z.union(ts.map((t) => t.zod) as unknown as [z.ZodType, z.ZodType]);
  return mk(
    { kind: "oneOf", types: ts },
    call(L("oneOf"), list(...ts.map((t) => t.nix))),
    schema as unknown as z.ZodType<OutputsOf<Ts>, InputsOf<Ts>>,
    desc.description,
    ts.length === 1 ? ts[0].descriptionClass : "conjunction",
  );
}

/**
 * `lib.types.coercedTo from coerce to`: a value of `to`, or of `from` converted by the Nix function
 * `coerce`. Give `js`, the same conversion in TypeScript, so that the zod schema returns what Nix
 * returns; without it zod passes `from` values through unchanged.
 */
export function coercedTo<F, FO, T, O>(
  from: NixType<F, FO>,
  coerce: Nixable,
  to: NixType<T, O>,
  js?: (value: FO) => T,
): NixType<F | T, O> {
  const fromZod = js ? from.zod.transform((v, ctx) => {
    const r = to.zod.safeParse(js(v));
    if (r.success) return r.data;
    for (const issue of r.error.issues) ctx.addIssue({ code: "custom", message: issue.message });
    return z.NEVER;
  }) : from.zod;
  return mk(
    { kind: "coercedTo", from: from as AnyType, coerce: toExpr(coerce), to: to as AnyType },
    call(L("coercedTo"), from.nix, coerce, to.nix),
    z.union([to.zod, fromZod]) as unknown as z.ZodType<O, F | T>,
    `${phrase(to as AnyType, (c) => c === "noun")} or ${phrase(from as AnyType, (c) => c === "noun")} convertible to it`,
    null,
  );
}

/** Options of a submodule. */
export interface SubmoduleOptions {
  /** A freeform type for attributes not declared as options (RFC 42 `settings`). */
  readonly freeformType?: AnyType;
  /** A `config` block inside the submodule (may use `name` for `attrsOf` entries). */
  readonly config?: Nixable;
}

/** The value types of a submodule over an option tree, with freeform attributes when given. */
type SubIn<Tr, F> = F extends NixType<infer FI, infer _FO> ? ConfigOf<Tr> & { readonly [k: string]: FI | undefined } : ConfigOf<Tr>;
type SubOut<Tr, F> = F extends NixType<infer _FI, infer FO> ? ResolvedOf<Tr> & { [k: string]: FO } : ResolvedOf<Tr>;

/**
 * `lib.types.submodule`: an attribute set with its own options. Pass the option tree, or a
 * function of the `name` reference (for `attrsOf`/`lazyAttrsOf` entries), rendered as
 * `lib.types.submodule ({ name, ... }: { options = …; })`.
 */
export function submodule<const Tr extends OptionTree, F extends AnyType | undefined = undefined>(
  options: Tr | ((name: Ref) => Tr),
  opts: SubmoduleOptions & { readonly freeformType?: F } = {},
): NixType<SubIn<Tr, F>, SubOut<Tr, F>> {
  const nameArg = typeof options === "function";
  const tree = nameArg ? (options as (name: Ref) => Tr)(ref("name")) : (options as Tr);
  const def: TypeDef = {
    kind: "submodule",
    options: tree,
    nameArg,
    ...(opts.freeformType ? { freeformType: opts.freeformType } : {}),
    ...(opts.config !== undefined ? { config: toExpr(opts.config) } : {}),
  };
  return fromDef(def) as NixType<SubIn<Tr, F>, SubOut<Tr, F>>;
}

/** Renders a submodule's body `{ freeformType = …; options = …; config = …; }`. */
function submoduleBody(def: Extract<TypeDef, { kind: "submodule" }>): Expr {
  const body = attrs({
    ...(def.freeformType ? { freeformType: def.freeformType.nix } : {}),
    options: renderTree(def.options),
    ...(def.config ? { config: def.config } : {}),
  });
  if (!def.nameArg) return body;
  return {
    type: "Lambda",
    param: { type: "FormalsParam", formals: [{ name: "name" }], ellipsis: true },
    body,
  };
}

/** The pkgs.formats families this library knows. */
export type FormatName = "json" | "yaml" | "toml" | "ini" | "keyValue";

/** Where a freeform format's type comes from: `(<pkgs>.formats.<name> <args>).type`. */
export interface FormatSource {
  /** The package set expression; default `pkgs`. */
  readonly pkgs?: Nixable;
  /** The generator's arguments; default `{ }`. */
  readonly args?: Nixable;
}

const jsonScalar = z.union([z.string(), z.number(), z.boolean()]);
const jsonValue: z.ZodType<JsonValue, JsonValue> = z.lazy(() =>
  z.union([jsonScalar, z.null(), z.array(jsonValue), z.record(z.string(), jsonValue)]),
);
const tomlValue: z.ZodType<JsonValue, JsonValue> = z.lazy(() => z.union([jsonScalar, z.array(tomlValue), z.record(z.string(), tomlValue)]));
const iniAtom = z.union([jsonScalar, z.null()]);

/** The TypeScript values of an INI atom. */
export type IniAtom = string | number | boolean | null;

function format<T>(name: FormatName, src: FormatSource, schema: z.ZodType<T, T>, description: string): NixType<T> {
  const pkgs = toExpr(src.pkgs ?? ref("pkgs"));
  const args = toExpr(src.args ?? attrs({}));
  return mk(
    { kind: "format", format: name, pkgs, args },
    select(call(select(pkgs, ["formats", name]), args), "type"),
    schema,
    description,
  );
}

/**
 * Freeform types from `pkgs.formats.*`, rendered `(pkgs.formats.json { }).type`. `pkgs` is not
 * part of nixpkgs' `lib`; the package-set expression is configurable (`formats.json({ pkgs:
 * ref("myPkgs") })`), and a module using one needs `pkgs` among its arguments.
 */
export const formats = {
  /** `(pkgs.formats.json { }).type`: any JSON value. */
  json: (src: FormatSource = {}): NixType<JsonValue> => format("json", src, jsonValue, "JSON value"),
  /** `(pkgs.formats.yaml { }).type`: any YAML (JSON-like) value. */
  yaml: (src: FormatSource = {}): NixType<JsonValue> => format("yaml", src, jsonValue, "YAML 1.1 value"),
  /** `(pkgs.formats.toml { }).type`: a TOML value (no nulls). */
  toml: (src: FormatSource = {}): NixType<JsonValue> => format("toml", src, tomlValue, "TOML value"),
  /** `(pkgs.formats.ini { }).type`: sections of keys with atoms. */
  ini: (src: FormatSource = {}): NixType<{ readonly [section: string]: { readonly [key: string]: IniAtom } }> =>
    format("ini", src, z.record(z.string(), z.record(z.string(), iniAtom)), "attribute set of section of an INI file (attrs of INI atom (null, bool, int, float or string))"),
  /** `(pkgs.formats.keyValue { }).type`: keys with atoms. */
  keyValue: (src: FormatSource = {}): NixType<{ readonly [key: string]: IniAtom }> =>
    format("keyValue", src, z.record(z.string(), iniAtom), "attribute set of atom (null, bool, int, float or string)"),
} as const;

/**
 * An escape hatch: a type given by its Nix expression, a zod schema and a description, e.g.
 * `custom("nonEmptyStr", lib.types.nonEmptyStr, z.string().regex(/\S/), "non-empty string")`.
 */
export function custom<T, O = T>(name: string, nix: Nixable, schema: z.ZodType<O, T>, description: string): NixType<T, O> {
  return mk<T, O>({ kind: "custom", name }, toExpr(nix), schema, description);
}

// ---------------------------------------------------------------------------------------------
// The rest of `lib.types` (everything public that the module system exports).

const exprOnly = z.custom<NixExpr>(isNixExpr, { message: "expected a Nix expression (a reference or AST node)" });

function leaf<T, O = T>(name: LeafName, zod: z.ZodType<O, T>, description: string, cls: DescriptionClass = "noun", nix: Expr = L(name)): NixType<T, O> {
  return mk<T, O>({ kind: "leaf", name }, nix, zod, description, cls);
}

/** `lib.types.raw`: any value, not merged (a single definition), not checked or recursed into. */
export const raw: NixType<unknown> = leaf("raw", z.unknown(), "raw value");
/** `lib.types.unspecified`: any value (legacy; prefer {@link anything} or {@link raw}). */
export const unspecified: NixType<unknown> = leaf("unspecified", z.unknown(), "unspecified value");
/** `lib.types.boolByOr`: booleans merged with `||` (any `true` definition wins). */
export const boolByOr: NixType<boolean> = leaf("boolByOr", z.boolean(), "boolean (merged using or)");
/** `lib.types.nonEmptyStr`: a string with something besides spaces, tabs and newlines. */
export const nonEmptyStr: NixType<string> = leaf(
  "nonEmptyStr",
  z.string().refine((s) => !/^[ \t\n]*$/.test(s), { message: "a non-empty string needs a character other than space, tab or newline" }),
  "non-empty string",
);
/**
 * `lib.types.singleLineStr`: a string without line breaks, except one final newline, which the
 * merge removes (so the zod side removes it too).
 */
export const singleLineStr: NixType<string> = leaf(
  "singleLineStr",
  z.string().regex(/^[^\n\r]*\n?$/, { message: "a single-line string has no line break (one final newline is allowed)" })
    .transform((s) => (s.endsWith("\n") ? s.slice(0, -1) : s)) as unknown as z.ZodType<string, string>,
  "(optionally newline-terminated) single-line string",
);

/** The value `lib.generators.mkLuaInline expr` makes. */
export interface LuaInline {
  readonly _type: "lua-inline";
  readonly expr: string;
}
/** `lib.types.luaInline`: a value of `lib.generators.mkLuaInline "…"` (or that call as an expression). */
export const luaInline: NixType<LuaInline | NixExpr> = leaf(
  "luaInline",
  z.union([z.object({ _type: z.literal("lua-inline"), expr: z.string() }), exprOnly]) as z.ZodType<LuaInline | NixExpr, LuaInline | NixExpr>,
  "inline lua",
);
/** `lib.types.fileset`: a file set of `lib.fileset` (only as a Nix expression: file sets are opaque). */
export const fileset: NixType<NixExpr> = leaf("fileset", exprOnly, "fileset");
/** `lib.types.pkgs`: a Nixpkgs package set (as a Nix expression, e.g. the module argument `pkgs`). */
export const pkgsType: NixType<NixExpr> = leaf("pkgs", exprOnly, "Nixpkgs package set", "noun", L("pkgs"));
/** `lib.types.optionType`: a type (as a Nix expression: give `types.str.nix`). */
export const optionType: NixType<NixExpr> = leaf("optionType", exprOnly, "optionType");
/** `lib.types.optionDeclaration`: an option declaration (a `lib.mkOption { … }` expression). */
export const optionDeclaration: NixType<NixExpr> = leaf("optionDeclaration", exprOnly, "option declaration");
/** `lib.types.shellPackage`: a derivation with a `shellPath` attribute (`pkgs.bashInteractive`). */
export const shellPackage: NixType<NixExpr> = leaf("shellPackage", exprOnly, "package");
/** `lib.types.json`: a JSON-serialisable value (`null`, booleans, numbers, strings, lists, attribute sets). */
export const json: NixType<JsonValue> = leaf("json", jsonValue, "JSON value", "conjunction");
/** `lib.types.toml`: a TOML-serialisable value (as `json`, without `null`). */
export const toml: NixType<JsonValue> = leaf("toml", tomlValue, "TOML value", "conjunction");

/** `lib.types.serializableValueWith { typeName; nullable ? true; }`: the family of `json` and `toml`. */
export function serializableValueWith(spec: { readonly typeName: string; readonly nullable?: boolean }): NixType<JsonValue> {
  const nullable = spec.nullable ?? true;
  return leaf(
    "serializableValue",
    nullable ? jsonValue : tomlValue,
    `${spec.typeName} value`,
    "conjunction",
    call(L("serializableValueWith"), attrs({ typeName: spec.typeName, ...(spec.nullable !== undefined ? { nullable } : {}) })),
  );
}

/** `lib.types.envVar`: strings concatenated with `:` when merged (like `PATH`). */
export const envVar: NixType<string> = mk({ kind: "separatedString", sep: ":" }, L("envVar"), z.string(), 'strings concatenated with ":"');

/** What `pathWith` takes: `null` (or absent) accepts either. */
export interface PathSpec {
  readonly inStore?: boolean | null;
  readonly absolute?: boolean | null;
}

const STORE = "/nix/store/";

function pathDescription(inStore: boolean | null, absolute: boolean | null): string {
  const abs = absolute === null ? "" : absolute ? "absolute " : "relative ";
  const store = inStore === null ? "" : inStore ? " in the Nix store" : " not in the Nix store";
  return `${abs}path${store}`;
}

function pathZod(inStore: boolean | null, absolute: boolean | null): z.ZodType<string | NixExpr, string | NixExpr> {
  // A store path needs a component after the store directory, of the form `<32 chars>-<name>`.
  // (lib.path also counts a first component of 52 base-32 characters: content-addressed paths.)
  const isInStore = (s: string) =>
    (s.startsWith(STORE) && /^.{32}-.+$/.test(s.slice(STORE.length).split("/")[0] ?? "")) || /^\/?[0-9a-z]{52}(\/|$)/.test(s);
  const ok = (s: string) =>
    (inStore === null || isInStore(s) === inStore) && (absolute === null || s.startsWith("/") === absolute);
  const text = z.string().refine(ok, { message: `not a ${pathDescription(inStore, absolute)}` });
  // `inStore = false` refuses path values (they would be copied to the store); an expression may be
  // one, so only strings are accepted then.
  return (inStore === false ? text : z.union([text, exprOnly])) as z.ZodType<string | NixExpr, string | NixExpr>;
}

/**
 * `lib.types.pathWith { inStore ? null; absolute ? null; }`: a path, as a string (checked here) or
 * as a Nix expression (checked by Nix). `inStore = true` needs `absolute` unset or true.
 */
export function pathWith(spec: PathSpec = {}): NixType<string | NixExpr> {
  const inStore = spec.inStore ?? null;
  const absolute = spec.absolute ?? null;
  if (inStore === true && absolute === false) throw new NixBuildError("pathWith: inStore means the path must be absolute", spec);
  const args: Record<string, boolean> = {};
  if (inStore !== null) args.inStore = inStore;
  if (absolute !== null) args.absolute = absolute;
  return mk({ kind: "path", inStore, absolute }, call(L("pathWith"), attrs(args)), pathZod(inStore, absolute), pathDescription(inStore, absolute));
}

/** `lib.types.pathInStore`: a path in the Nix store (`/nix/store/<hash>-<name>…`). */
export const pathInStore: NixType<string | NixExpr> = mk(
  { kind: "path", inStore: true, absolute: null },
  L("pathInStore"),
  pathZod(true, null),
  pathDescription(true, null),
);
/** `lib.types.externalPath`: an absolute path outside the Nix store, as a string. */
export const externalPath: NixType<string | NixExpr> = mk(
  { kind: "path", inStore: false, absolute: true },
  L("externalPath"),
  pathZod(false, true),
  pathDescription(false, true),
);

/** `lib.types.nonEmptyListOf t`: a list of `t` with at least one element (no empty value). */
export function nonEmptyListOf<T, O>(elem: NixType<T, O>): NixType<readonly [T, ...T[]], [O, ...O[]]> {
  const list = listOf(elem) as AnyType;
  return mk(
    { kind: "listOf", elem: elem as AnyType, nonEmpty: true },
    call(L("nonEmptyListOf"), elem.nix),
    z.array(elem.zod).min(1, { message: "the list must not be empty" }) as unknown as z.ZodType<[O, ...O[]], readonly [T, ...T[]]>,
    `non-empty ${phrase(list, (c) => c === "noun")}`,
    "composite",
  );
}

/** What `attrsWith` takes. */
export interface AttrsWithSpec<T, O> {
  readonly elemType: NixType<T, O>;
  /** Values evaluated lazily (then `mkIf false` leaves the attribute present). */
  readonly lazy?: boolean;
  /** The name the docs show for entries (`<name>` by default). */
  readonly placeholder?: string;
}

/** `lib.types.attrsWith { elemType; lazy ? false; placeholder ? "name"; }`: the base of `attrsOf` and `lazyAttrsOf`. */
export function attrsWith<T, O>(spec: AttrsWithSpec<T, O>): NixType<{ readonly [name: string]: T }, { [name: string]: O }> {
  const base = attrsOf(spec.elemType) as AnyType;
  const lazy = spec.lazy ?? false;
  const args: Record<string, Nixable> = { elemType: spec.elemType.nix };
  if (spec.lazy !== undefined) args.lazy = spec.lazy;
  if (spec.placeholder !== undefined) args.placeholder = spec.placeholder;
  return mk(
    {
      kind: "attrsOf",
      elem: spec.elemType as AnyType,
      ...(lazy ? { lazy } : {}),
      ...(spec.placeholder !== undefined ? { placeholder: spec.placeholder } : {}),
    },
    call(L("attrsWith"), attrs(args)),
    base.zod as unknown as z.ZodType<{ [name: string]: O }, { readonly [name: string]: T }>,
    `${lazy ? "lazy attribute set" : "attribute set"} of ${phrase(spec.elemType as AnyType, nounOrComposite)}`,
    "composite",
  );
}

/** `lib.types.lazyAttrsOf t`: `attrsOf t` with lazily evaluated values. */
export function lazyAttrsOf<T, O>(elem: NixType<T, O>): NixType<{ readonly [name: string]: T }, { [name: string]: O }> {
  const t = attrsWith({ elemType: elem, lazy: true });
  return Object.freeze({ ...t, nix: call(L("lazyAttrsOf"), elem.nix) });
}

/**
 * `lib.types.unique { message; } t`: `t`, but defined at most once (`message` explains why).
 * Values and description are those of `t`.
 */
export function unique<T, O>(spec: { readonly message: string }, elem: NixType<T, O>): NixType<T, O> {
  return mk<T, O>(
    { kind: "unique", elem: elem as AnyType, message: spec.message },
    call(L("unique"), attrs({ message: spec.message }), elem.nix),
    elem.zod,
    elem.description,
    elem.descriptionClass,
  );
}

/** `lib.types.uniq t`: `unique { message = ""; } t`. */
export function uniq<T, O>(elem: NixType<T, O>): NixType<T, O> {
  return mk<T, O>({ kind: "unique", elem: elem as AnyType, message: null }, call(L("uniq"), elem.nix), elem.zod, elem.description, elem.descriptionClass);
}

/** `lib.types.functionTo t`: a function (a Nix lambda expression) whose results merge as `t`. */
export function functionTo<T, O>(elem: NixType<T, O>): NixType<NixExpr> {
  return mk<NixExpr>(
    { kind: "functionTo", elem: elem as AnyType },
    call(L("functionTo"), elem.nix),
    exprOnly,
    `function that evaluates to a(n) ${phrase(elem as AnyType, nounOrComposite)}`,
    "composite",
  );
}

/**
 * `lib.types.addCheck t check`: `t` with an extra Nix predicate. Give `js`, the same predicate in
 * TypeScript, so that the zod side refuses what Nix refuses; without it zod checks `t` only.
 */
export function addCheck<T, O>(elem: NixType<T, O>, check: Nixable, js?: (value: O) => boolean): NixType<T, O> {
  const zod = js ? elem.zod.refine(js, { message: `the check of addCheck (${elem.description}) fails` }) : elem.zod;
  return mk<T, O>(
    { kind: "addCheck", elem: elem as AnyType, check: toExpr(check) },
    call(L("addCheck"), elem.nix, check),
    zod as z.ZodType<O, T>,
    elem.description,
    elem.descriptionClass,
  );
}

/** `lib.types.passwdEntry t`: a string of `t` without `:` or newlines (a field of `/etc/passwd`). */
export function passwdEntry<T extends string, O extends string>(elem: NixType<T, O>): NixType<T, O> {
  return mk<T, O>(
    { kind: "passwdEntry", elem: elem as AnyType },
    call(L("passwdEntry"), elem.nix),
    elem.zod.refine((s) => !s.includes(":") && !s.includes("\n"), { message: "a passwd entry contains no newline or colon" }) as z.ZodType<O, T>,
    `${phrase(elem as AnyType, (c) => c === "noun")}, not containing newlines or colons`,
    "nonRestrictiveClause",
  );
}

/** `lib.strings.escapeNixIdentifier`: the name as Nix writes it in an attribute path. */
function escapeNixIdentifier(s: string): string {
  return isIdentifier(s) ? s : JSON.stringify(s).replace(/\$/g, "\\$");
}

/** The value of an `attrTag`: exactly one of the tags, with its option's value. */
type TagValue<Tags, Side extends "in" | "out"> = {
  [K in keyof Tags]: { readonly [P in K]: Tags[K] extends { readonly type: NixType<infer I, infer O> } ? (Side extends "in" ? I : O) : never };
}[keyof Tags];

/**
 * `lib.types.attrTag { tag = mkOption { type = …; }; … }`: an attribute set with exactly one
 * attribute, one of the tags, whose value is of that tag's option type (a tagged union).
 */
export function attrTag<const Tags extends { readonly [tag: string]: AnyOption }>(tags: Tags): NixType<TagValue<Tags, "in">, TagValue<Tags, "out">> {
  const names = Object.keys(tags).sort();
  if (names.length === 0) throw new NixBuildError("attrTag needs at least one tag", tags);
  const schemas = names.map((n) => z.strictObject({ [n]: tags[n]!.type.zod }));
  const zod = schemas.length === 1 ? schemas[0]! : z.union(schemas as unknown as [z.ZodType, z.ZodType]);
  return mk(
    { kind: "attrTag", tags },
    call(L("attrTag"), renderTree(tags)),
    zod as unknown as z.ZodType<TagValue<Tags, "out">, TagValue<Tags, "in">>,
    `attribute-tagged union with choices: ${names.map(escapeNixIdentifier).join(", ")}`,
  );
}

/** What `attrListWith` takes. */
export interface AttrListSpec<T, O> {
  readonly elemType: NixType<T, O>;
  /** Return an attribute set of lists of values (merged by `mergeAttrValues`) instead of a list. */
  readonly asAttrs?: boolean;
  /** A Nix function `name: values: …`; when given, the zod side does not know the merged shape. */
  readonly mergeAttrValues?: Nixable;
}

type AttrListIn<T> = readonly { readonly [name: string]: T }[] | { readonly [name: string]: T };

function attrListZod(elem: AnyType, asAttrs: boolean, merged: boolean): z.ZodType {
  const single = z.record(z.string(), elem.zod).refine((r) => Object.keys(r).length === 1, { message: "each list element must be a single-key attribute set" });
  const input = z.union([z.array(single), z.record(z.string(), elem.zod)]);
  return input.transform((v) => {
    // A definition given as an attribute set lists its attributes in name order, as `attrNames`.
    const items = Array.isArray(v)
      ? (v as Record<string, unknown>[])
      : Object.keys(v).sort().map((k) => ({ [k]: (v as Record<string, unknown>)[k] }));
    if (!asAttrs || merged) return items;
    const out: Record<string, unknown[]> = {};
    for (const it of items) for (const [k, x] of Object.entries(it)) (out[k] ??= []).push(x);
    return out;
  });
}

/** `lib.types.attrListOf t`: ordered single-key attribute sets of `t` (a list, or an attribute set in name order). */
export function attrListOf<T, O>(elem: NixType<T, O>): NixType<AttrListIn<T>, { [name: string]: O }[]> {
  return mk(
    { kind: "attrListOf", elem: elem as AnyType, asAttrs: false },
    call(L("attrListOf"), elem.nix),
    attrListZod(elem as AnyType, false, false) as unknown as z.ZodType<{ [name: string]: O }[], AttrListIn<T>>,
    `attribute list of ${phrase(elem as AnyType, nounOrComposite)}`,
    "composite",
  );
}

/** `lib.types.attrListWith { elemType; asAttrs ? false; mergeAttrValues ? …; }`. */
export function attrListWith<T, O>(spec: AttrListSpec<T, O>): NixType<AttrListIn<T>, unknown> {
  const asAttrs = spec.asAttrs ?? false;
  const args: Record<string, Nixable> = { elemType: spec.elemType.nix };
  if (spec.asAttrs !== undefined) args.asAttrs = spec.asAttrs;
  if (spec.mergeAttrValues !== undefined) args.mergeAttrValues = spec.mergeAttrValues;
  const merged = spec.mergeAttrValues !== undefined;
  return mk(
    { kind: "attrListOf", elem: spec.elemType as AnyType, asAttrs, ...(merged ? { mergeAttrValues: toExpr(spec.mergeAttrValues!) } : {}) },
    call(L("attrListWith"), attrs(args)),
    attrListZod(spec.elemType as AnyType, asAttrs, merged) as unknown as z.ZodType<unknown, AttrListIn<T>>,
    `attribute list of ${phrase(spec.elemType as AnyType, nounOrComposite)}`,
    "composite",
  );
}

/** A module as a definition value: an attribute set, or a Nix expression (function, path, set). */
export type ModuleValue = NixExpr | { readonly [k: string]: unknown };
const moduleZod = z.union([exprOnly, z.record(z.string(), z.unknown())]) as z.ZodType<ModuleValue, ModuleValue>;

/** `lib.types.deferredModuleWith { staticModules ? [ ]; }`: modules merged into `imports`, to be evaluated elsewhere. */
export function deferredModuleWith(spec: { readonly staticModules?: readonly Nixable[] } = {}): NixType<ModuleValue, unknown> {
  const staticModules = (spec.staticModules ?? []).map((m) => toExpr(m));
  return mk<ModuleValue, unknown>(
    { kind: "deferredModule", staticModules },
    call(L("deferredModuleWith"), attrs(spec.staticModules ? { staticModules: list(...staticModules) } : {})),
    moduleZod as z.ZodType<unknown, ModuleValue>,
    "module",
  );
}

/** `lib.types.deferredModule`: a module (attribute set, function or path), merged into `imports`. */
export const deferredModule: NixType<ModuleValue, unknown> = mk<ModuleValue, unknown>(
  { kind: "deferredModule", staticModules: [] },
  L("deferredModule"),
  moduleZod as z.ZodType<unknown, ModuleValue>,
  "module",
);

/** What {@link submoduleWith} takes. */
export interface SubmoduleWithSpec<Tr extends OptionTree, F extends AnyType | undefined> {
  /** Options declared by the first module (TypeScript knows these); a function of `name` for `attrsOf` entries. */
  readonly options?: Tr | ((name: Ref) => Tr);
  readonly freeformType?: F;
  /** Further modules as Nix expressions (their options are unknown to TypeScript and zod). */
  readonly modules?: readonly Nixable[];
  readonly specialArgs?: Nixable;
  /** Whether a plain attribute set definition is `config` only (what `submodule` sets). */
  readonly shorthandOnlyDefinesConfig?: boolean;
  /** Overrides the description (`submodule`, `open submodule of …`). */
  readonly description?: string;
  /** The module class (`"nixos"`, …). */
  readonly class?: string;
}

/**
 * `lib.types.submoduleWith { modules; specialArgs; shorthandOnlyDefinesConfig; description; class; }`,
 * the base of `submodule`. The first module is `{ options; freeformType; }` from the spec; with
 * further `modules`, zod accepts attributes it does not know (those modules may declare them).
 */
export function submoduleWith<const Tr extends OptionTree = {}, F extends AnyType | undefined = undefined>(
  spec: SubmoduleWithSpec<Tr, F>,
): NixType<SubIn<Tr, F>, SubOut<Tr, F>> {
  const nameArg = typeof spec.options === "function";
  const def: TypeDef = {
    kind: "submoduleWith",
    options: nameArg ? (spec.options as (name: Ref) => Tr)(ref("name")) : ((spec.options as Tr | undefined) ?? {}),
    nameArg,
    ...(spec.freeformType ? { freeformType: spec.freeformType } : {}),
    modules: (spec.modules ?? []).map((m) => toExpr(m)),
    ...(spec.specialArgs !== undefined ? { specialArgs: toExpr(spec.specialArgs) } : {}),
    shorthandOnlyDefinesConfig: spec.shorthandOnlyDefinesConfig ?? false,
    ...(spec.description !== undefined ? { description: spec.description } : {}),
    ...(spec.class !== undefined ? { class: spec.class } : {}),
  };
  return fromDef(def) as NixType<SubIn<Tr, F>, SubOut<Tr, F>>;
}

function submoduleWithType(d: Extract<TypeDef, { kind: "submoduleWith" }>): AnyType {
  const body = attrs({ ...(d.freeformType ? { freeformType: d.freeformType.nix } : {}), options: renderTree(d.options) });
  const first: Expr = d.nameArg
    ? { type: "Lambda", param: { type: "FormalsParam", formals: [{ name: "name" }], ellipsis: true }, body }
    : body;
  const args: Record<string, Nixable> = { modules: list(first, ...d.modules) };
  if (d.specialArgs) args.specialArgs = d.specialArgs;
  if (d.shorthandOnlyDefinesConfig) args.shorthandOnlyDefinesConfig = true;
  if (d.description !== undefined) args.description = d.description;
  if (d.class !== undefined) args.class = d.class;
  const freeform = d.freeformType ?? (d.modules.length > 0 ? anything : undefined);
  return mk<unknown, unknown>(
    d,
    call(L("submoduleWith"), attrs(args)),
    treeZod(d.options, freeform) as z.ZodType<unknown, unknown>,
    d.description ?? (d.freeformType ? `open submodule of ${phrase(d.freeformType, nounOrComposite)}` : "submodule"),
    null,
  );
}

/** What {@link mkOptionType} takes: the Nix side (`check`, `merge` are Nix functions) and the zod side. */
export interface MkOptionTypeSpec<T, O> {
  readonly name: string;
  readonly description?: string;
  readonly descriptionClass?: DescriptionClass;
  /** A Nix predicate `value: bool`. */
  readonly check?: Nixable;
  /** A Nix merge function `loc: defs: value`. */
  readonly merge?: Nixable;
  /** What a JS value must be to be valid (the TypeScript twin of `check`). */
  readonly zod: z.ZodType<O, T>;
}

/**
 * `lib.types.mkOptionType { name; description; check; merge; … }`: a new type. Nix gets the given
 * attributes; TypeScript gets `zod`. The description defaults to the name, as in Nix.
 */
export function mkOptionType<T, O = T>(spec: MkOptionTypeSpec<T, O>): NixType<T, O> {
  const args: Record<string, Nixable> = { name: spec.name };
  if (spec.description !== undefined) args.description = spec.description;
  if (spec.descriptionClass !== undefined) args.descriptionClass = spec.descriptionClass;
  if (spec.check !== undefined) args.check = spec.check;
  if (spec.merge !== undefined) args.merge = spec.merge;
  return mk<T, O>({ kind: "custom", name: spec.name }, call(L("mkOptionType"), attrs(args)), spec.zod, spec.description ?? spec.name, spec.descriptionClass ?? null);
}

/**
 * `lib.types.optionDescriptionPhrase unparenthesize t`: the description of `t`, parenthesised
 * unless `unparenthesize` accepts its description class.
 */
export function optionDescriptionPhrase(unparenthesize: (c: DescriptionClass) => boolean, t: AnyType): string {
  return phrase(t, unparenthesize);
}

/** Rebuilds a type from its structure (used when customisation changes a submodule). */
export function fromDef(def: TypeDef): AnyType {
  return match(def)
    .with({ kind: "submodule" }, (d) =>
      mk<unknown, unknown>(
        d,
        call(L("submodule"), submoduleBody(d)),
        treeZod(d.options, d.freeformType) as z.ZodType<unknown, unknown>,
        d.freeformType ? `open submodule of ${phrase(d.freeformType, nounOrComposite)}` : "submodule",
        null,
      ),
    )
    .with({ kind: "submoduleWith" }, (d) => submoduleWithType(d))
    .with({ kind: "listOf" }, (d) => (d.nonEmpty ? nonEmptyListOf(d.elem) : listOf(d.elem)) as AnyType)
    .with({ kind: "attrsOf" }, (d) =>
      (d.lazy || d.placeholder !== undefined
        ? attrsWith({ elemType: d.elem, ...(d.lazy ? { lazy: true } : {}), ...(d.placeholder !== undefined ? { placeholder: d.placeholder } : {}) })
        : attrsOf(d.elem)) as AnyType,
    )
    .with({ kind: "unique" }, (d) => (d.message === null ? uniq(d.elem) : unique({ message: d.message }, d.elem)) as AnyType)
    .with({ kind: "functionTo" }, (d) => functionTo(d.elem) as AnyType)
    .with({ kind: "addCheck" }, (d) => addCheck(d.elem, d.check) as AnyType)
    .with({ kind: "passwdEntry" }, (d) => passwdEntry(d.elem as NixType<string>) as AnyType)
    .with({ kind: "attrListOf" }, (d) =>
      (d.asAttrs || d.mergeAttrValues ? attrListWith({ elemType: d.elem, asAttrs: d.asAttrs, ...(d.mergeAttrValues ? { mergeAttrValues: d.mergeAttrValues } : {}) }) : attrListOf(d.elem)) as AnyType,
    )
    .with({ kind: "deferredModule" }, (d) => deferredModuleWith({ staticModules: d.staticModules }) as AnyType)
    .with({ kind: "nullOr" }, (d) => nullOr(d.elem) as AnyType)
    .with({ kind: "either" }, (d) => either(d.left, d.right) as AnyType)
    .with({ kind: "oneOf" }, (d) => oneOf(d.types as [AnyType, ...AnyType[]]) as AnyType)
    .with({ kind: "coercedTo" }, (d) => coercedTo(d.from, d.coerce, d.to) as AnyType)
    .with({ kind: "str" }, () => str as AnyType)
    .with({ kind: "bool" }, () => bool as AnyType)
    .with({ kind: "int" }, { kind: "float" }, { kind: "number" }, { kind: "path" }, { kind: "package" }, { kind: "enum" }, { kind: "separatedString" }, { kind: "strMatching" }, { kind: "anything" }, { kind: "attrs" }, { kind: "format" }, { kind: "custom" }, { kind: "leaf" }, { kind: "attrTag" }, () => {
      throw new NixBuildError(`fromDef: rebuild a ${def.kind} type with its constructor`, def);
    })
    .exhaustive();
}

/**
 * The value an option of this type has when nothing defines it and it has no default
 * (`emptyValue` in `lib.types`): `null` for `nullOr` (and the JSON/YAML formats), `[]` for
 * `listOf`, `{}` for `attrsOf`, `attrs` and submodules (then filled with their defaults).
 */
export function emptyValue(t: AnyType): { readonly value: unknown } | undefined {
  return match(t.def)
    .with({ kind: "nullOr" }, () => ({ value: null }))
    .with({ kind: "listOf" }, (d) => (d.nonEmpty ? undefined : { value: [] }))
    .with({ kind: "attrListOf" }, (d) => ({ value: d.asAttrs ? {} : [] }))
    .with({ kind: "attrsOf" }, { kind: "attrs" }, { kind: "submodule" }, { kind: "submoduleWith" }, () => ({ value: {} }))
    .with({ kind: "unique" }, { kind: "addCheck" }, (d) => emptyValue(d.elem))
    .with({ kind: "leaf" }, (d) => (d.name === "json" || (d.name === "serializableValue" && t.zod.safeParse(null).success) ? { value: null } : undefined))
    .with({ kind: "format" }, (d) =>
      d.format === "json" || d.format === "yaml" ? { value: null } : d.format === "toml" ? undefined : { value: {} },
    )
    .with(
      { kind: "str" }, { kind: "bool" }, { kind: "int" }, { kind: "float" }, { kind: "number" }, { kind: "path" },
      { kind: "package" }, { kind: "enum" }, { kind: "either" }, { kind: "oneOf" }, { kind: "separatedString" },
      { kind: "strMatching" }, { kind: "anything" }, { kind: "coercedTo" }, { kind: "custom" },
      { kind: "functionTo" }, { kind: "passwdEntry" }, { kind: "attrTag" }, { kind: "deferredModule" },
      () => undefined,
    )
    .exhaustive();
}

/**
 * Type level: whether values of type `T` come from a type with an `emptyValue` (null-able, list,
 * or attribute-set types), so that an option of it may stay undefined.
 */
export type HasEmptyValue<T> = unknown extends T
  ? false
  : false extends EmptyEach<T>
    ? false
    : true;
type EmptyEach<T> = T extends null
  ? true
  : T extends readonly [unknown, ...unknown[]]
    ? false // nonEmptyListOf: no empty value
    : T extends readonly unknown[]
    ? true
    : T extends string | number | boolean | bigint | undefined
      ? null extends T ? true : false
      : T extends Expr | Ref
        ? false
        : T extends object
          ? true
          : false;

/** Whether a value is a plain object (not an expression). @internal */
export const plainObject = isPlainObject;

/**
 * The `lib.types` mirror, by the names NixOS uses (`types.enum`, `types.package`, `types.attrs`).
 */
export const types = {
  str,
  bool,
  int,
  ints,
  port,
  float,
  number,
  numbers,
  path,
  package: package_,
  enum: enum_,
  listOf,
  attrsOf,
  nullOr,
  either,
  oneOf,
  lines,
  commas,
  separatedString,
  strMatching,
  anything,
  attrs: attrs_,
  submodule,
  coercedTo,
  formats,
  custom,
  // The rest of lib.types.
  raw,
  unspecified,
  boolByOr,
  nonEmptyStr,
  singleLineStr,
  luaInline,
  fileset,
  pkgs: pkgsType,
  optionType,
  optionDeclaration,
  shellPackage,
  json,
  toml,
  serializableValueWith,
  envVar,
  pathWith,
  pathInStore,
  externalPath,
  nonEmptyListOf,
  attrsWith,
  lazyAttrsOf,
  unique,
  uniq,
  functionTo,
  addCheck,
  passwdEntry,
  attrTag,
  attrListOf,
  attrListWith,
  deferredModule,
  deferredModuleWith,
  submoduleWith,
  mkOptionType,
  optionDescriptionPhrase,
} as const;
