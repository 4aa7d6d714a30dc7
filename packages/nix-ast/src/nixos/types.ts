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
  | { readonly kind: "path" }
  | { readonly kind: "package" }
  | { readonly kind: "enum"; readonly values: readonly (string | number | boolean)[] }
  | { readonly kind: "listOf"; readonly elem: AnyType }
  | { readonly kind: "attrsOf"; readonly elem: AnyType }
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
  | { readonly kind: "custom"; readonly name: string };

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

/** `lib.types.path`: an absolute path (a path value, or a string starting with `/`). */
export const path: NixType<string | NixExpr> = mk(
  { kind: "path" },
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
    (elem.def.kind === "submodule" && elem.def.nameArg
      ? z.record(z.string(), elem.zod).transform((rec) => fillNames(rec, elem.def))
      : z.record(z.string(), elem.zod)) as unknown as z.ZodType<{ [name: string]: O }, { readonly [name: string]: T }>,
    `attribute set of ${phrase(elem as AnyType, nounOrComposite)}`,
    "composite",
  );
}

/** Fills options whose default is the submodule's `name` argument, as Nix does. */
function fillNames(rec: Record<string, unknown>, def: TypeDef): Record<string, unknown> {
  if (def.kind !== "submodule") return rec;
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
    .with({ kind: "listOf" }, (d) => listOf(d.elem) as AnyType)
    .with({ kind: "attrsOf" }, (d) => attrsOf(d.elem) as AnyType)
    .with({ kind: "nullOr" }, (d) => nullOr(d.elem) as AnyType)
    .with({ kind: "either" }, (d) => either(d.left, d.right) as AnyType)
    .with({ kind: "oneOf" }, (d) => oneOf(d.types as [AnyType, ...AnyType[]]) as AnyType)
    .with({ kind: "coercedTo" }, (d) => coercedTo(d.from, d.coerce, d.to) as AnyType)
    .with({ kind: "str" }, () => str as AnyType)
    .with({ kind: "bool" }, () => bool as AnyType)
    .with({ kind: "int" }, { kind: "float" }, { kind: "number" }, { kind: "path" }, { kind: "package" }, { kind: "enum" }, { kind: "separatedString" }, { kind: "strMatching" }, { kind: "anything" }, { kind: "attrs" }, { kind: "format" }, { kind: "custom" }, () => {
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
    .with({ kind: "listOf" }, () => ({ value: [] }))
    .with({ kind: "attrsOf" }, { kind: "attrs" }, { kind: "submodule" }, () => ({ value: {} }))
    .with({ kind: "format" }, (d) =>
      d.format === "json" || d.format === "yaml" ? { value: null } : d.format === "toml" ? undefined : { value: {} },
    )
    .with(
      { kind: "str" }, { kind: "bool" }, { kind: "int" }, { kind: "float" }, { kind: "number" }, { kind: "path" },
      { kind: "package" }, { kind: "enum" }, { kind: "either" }, { kind: "oneOf" }, { kind: "separatedString" },
      { kind: "strMatching" }, { kind: "anything" }, { kind: "coercedTo" }, { kind: "custom" },
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
} as const;
