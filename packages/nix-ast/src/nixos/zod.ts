/**
 * Zod to NixOS options: one schema validates configuration in TypeScript and declares it in Nix.
 *
 * A zod object becomes an option tree: nested objects become option groups (or submodules when
 * optional, nullable, defaulted or inside lists and records), and each field an option with the
 * matching Nix type, its `.default()` and its `.describe()` text. A construct with no faithful
 * Nix type is refused with a {@link ZodConversionError} naming it and the field.
 *
 * @module
 */
import { z } from "zod";
import { match, P } from "ts-pattern";
import { NixBuildError } from "../errors.js";
import { option, type Option, type OptionTree } from "./options.js";
import {
  anything,
  attrsOf,
  bool,
  enum_,
  int,
  ints,
  listOf,
  nonEmptyListOf,
  nullOr,
  number,
  numbers,
  oneOf,
  port,
  str,
  strMatching,
  submodule,
  type AnyType,
  type HasEmptyValue,
} from "./types.js";

/** A zod construct that has no faithful Nix type. */
export class ZodConversionError extends NixBuildError {
  /** The offending construct, e.g. `z.date()` or `z.string().email()`. */
  readonly construct: string;
  /** Where in the schema, e.g. `services.x.port`. */
  readonly at: string;
  constructor(construct: string, at: string, why = "has no faithful Nix type") {
    super(`${construct} at ${at || "<root>"} ${why}`, at);
    this.construct = construct;
    this.at = at;
  }
}

type Def = { readonly type: string; readonly [k: string]: unknown };
type CheckDef = { readonly check: string; readonly [k: string]: unknown };

const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;
const checksOf = (s: z.ZodType): CheckDef[] =>
  ((defOf(s).checks as readonly { _zod: { def: CheckDef } }[] | undefined) ?? []).map((c) => c._zod.def);

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** A POSIX ERE for `builtins.match` from a JS RegExp, or a refusal. */
function regexToPosix(re: RegExp, at: string): string {
  const construct = `z.string().regex(${re.toString()})`;
  if (re.flags.replace(/[gu]/g, "") !== "") throw new ZodConversionError(construct, at, "uses flags Nix regexes do not have");
  let src = re.source;
  if (/\\[dDwWsSbB0-9]|\(\?|\*\?|\+\?|\?\?|\}\?|\\[pPuxc]/.test(src)) {
    throw new ZodConversionError(construct, at, "uses JS-only regex syntax (\\d, \\w, \\s, lookaround, lazy quantifiers, …)");
  }
  const anchoredStart = src.startsWith("^");
  const anchoredEnd = src.endsWith("$") && !src.endsWith("\\$");
  if (anchoredStart) src = src.slice(1);
  if (anchoredEnd) src = src.slice(0, -1);
  if (!anchoredStart || !anchoredEnd || /\|/.test(src)) src = `(${src})`;
  return `${anchoredStart ? "" : ".*"}${src}${anchoredEnd ? "" : ".*"}`;
}

function stringType(s: z.ZodType, at: string): AnyType {
  const checks = checksOf(s);
  if (checks.length === 0) return str as AnyType;
  const [c] = checks;
  if (checks.length === 1 && c!.check === "string_format" && c!.format === "regex") {
    return strMatching(regexToPosix(c!.pattern as RegExp, at)) as AnyType;
  }
  const names = checks.map((k) => (k.check === "string_format" ? String(k.format) : k.check));
  throw new ZodConversionError(`z.string() with ${names.join(", ")}`, at);
}

function numberType(s: z.ZodType, at: string): AnyType {
  const d = defOf(s);
  const checks = [...(d.check ? [d as unknown as CheckDef] : []), ...checksOf(s)];
  let isInt = false;
  let lo: { value: number; inclusive: boolean } | undefined;
  let hi: { value: number; inclusive: boolean } | undefined;
  for (const c of checks) {
    match(c.check)
      .with("number_format", () => {
        if (c.format === "safeint") isInt = true;
        else if (c.format === "int32") {
          isInt = true;
          lo = { value: -(2 ** 31), inclusive: true };
          hi = { value: 2 ** 31 - 1, inclusive: true };
        } else if (c.format === "uint32") {
          isInt = true;
          lo = { value: 0, inclusive: true };
          hi = { value: 2 ** 32 - 1, inclusive: true };
        } else if (c.format !== "float64") throw new ZodConversionError(`z.${String(c.format)}()`, at);
      })
      .with("greater_than", () => {
        const v = { value: c.value as number, inclusive: c.inclusive as boolean };
        if (!lo || v.value > lo.value) lo = v;
      })
      .with("less_than", () => {
        const v = { value: c.value as number, inclusive: c.inclusive as boolean };
        if (!hi || v.value < hi.value) hi = v;
      })
      .otherwise(() => {
        throw new ZodConversionError(`z.number() with ${c.check}`, at);
      });
  }
  if (isInt) {
    const min = lo === undefined ? undefined : lo.inclusive ? Math.ceil(lo.value) : Math.floor(lo.value) + 1;
    const max = hi === undefined ? undefined : hi.inclusive ? Math.floor(hi.value) : Math.ceil(hi.value) - 1;
    if (min === undefined && max === undefined) return int as AnyType;
    if (min === 0 && max === 65535) return port as AnyType;
    if (min === 0 && max === undefined) return ints.unsigned as AnyType;
    if (min === 1 && max === undefined) return ints.positive as AnyType;
    return ints.between(min ?? -MAX_SAFE, max ?? MAX_SAFE) as AnyType;
  }
  if (!lo && !hi) return number as AnyType;
  if (lo && hi && lo.inclusive && hi.inclusive) return numbers.between(lo.value, hi.value) as AnyType;
  if (lo && !hi && lo.value === 0) return (lo.inclusive ? numbers.nonnegative : numbers.positive) as AnyType;
  throw new ZodConversionError("z.number() with this range (only both-inclusive bounds, >=0 or >0)", at);
}

const isObjectDef = (s: z.ZodType) => defOf(s).type === "object";

/**
 * The Nix type of a zod schema (in type position: optional values and defaults belong to
 * options, see {@link optionsFromZod}).
 */
export function zodToType(schema: z.ZodType, at = ""): AnyType {
  const d = defOf(schema);
  if (d.type !== "string" && d.type !== "number" && checksOf(schema).some((c) => c.check === "custom")) {
    throw new ZodConversionError(".refine()", at);
  }
  return match(d.type)
    .with("string", () => stringType(schema, at))
    .with("number", () => numberType(schema, at))
    .with("boolean", () => bool as AnyType)
    .with("enum", () => enum_(Object.values(d.entries as Record<string, string | number>)) as AnyType)
    .with("literal", () => {
      const values = d.values as readonly unknown[];
      if (!values.every((v) => typeof v === "string" || typeof v === "number" || typeof v === "boolean")) {
        throw new ZodConversionError(`z.literal(${values.map(String).join(", ")})`, at);
      }
      return enum_(values as readonly (string | number | boolean)[]) as AnyType;
    })
    .with("array", () => {
      const checks = checksOf(schema);
      const elem = () => zodToType(d.element as z.ZodType, `${at}.*`);
      // `.nonempty()` / `.min(1)` is exactly nonEmptyListOf; other length checks have no Nix type.
      if (checks.length === 1 && checks[0]!.check === "min_length" && checks[0]!.minimum === 1) return nonEmptyListOf(elem()) as AnyType;
      if (checks.length > 0) throw new ZodConversionError("z.array() with length checks", at);
      return listOf(elem()) as AnyType;
    })
    .with("record", () => {
      const key = d.keyType as z.ZodType;
      if (defOf(key).type !== "string" || checksOf(key).length > 0) {
        throw new ZodConversionError(`z.record() with ${defOf(key).type} keys`, at, "has no faithful Nix type (attribute names are free strings)");
      }
      return attrsOf(zodToType(d.valueType as z.ZodType, `${at}.<name>`)) as AnyType;
    })
    .with("object", () => objectType(schema, at))
    .with("nullable", () => nullOr(zodToType(d.innerType as z.ZodType, at)) as AnyType)
    .with("union", () => {
      const opts = d.options as readonly z.ZodType[];
      if (d.discriminator !== undefined || opts.filter((o) => isObjectDef(o)).length > 1) {
        throw new ZodConversionError("a union of several objects", at, "has no faithful Nix type (Nix picks the first attribute-set type)");
      }
      const lits = opts.map((o) => defOf(o));
      if (lits.every((l) => l.type === "literal" || l.type === "enum")) {
        const vals = lits.flatMap((l) => (l.type === "literal" ? (l.values as (string | number | boolean)[]) : Object.values(l.entries as Record<string, string | number>)));
        return enum_(vals) as AnyType;
      }
      const ts = opts.map((o, i) => zodToType(o, `${at}|${i}`));
      return oneOf(ts as [AnyType, ...AnyType[]]) as AnyType;
    })
    .with(P.union("any", "unknown"), () => anything as AnyType)
    .with("optional", () => {
      throw new ZodConversionError(".optional()", at, "has no Nix form here (only an option can be absent; use .nullable())");
    })
    .with("default", () => {
      throw new ZodConversionError(".default()", at, "has no Nix form here (only options have defaults)");
    })
    .otherwise((t) => {
      throw new ZodConversionError(`z.${t}()`, at);
    });
}

function objectType(schema: z.ZodType, at: string): AnyType {
  const d = defOf(schema);
  const tree = treeOf(schema as z.ZodObject, at);
  const catchall = d.catchall as z.ZodType | undefined;
  if (catchall === undefined || defOf(catchall).type === "never") return submodule(tree) as AnyType;
  return submodule(tree, { freeformType: attrsOf(zodToType(catchall, `${at}.<name>`)) as AnyType }) as AnyType;
}

interface Unwrapped {
  readonly inner: z.ZodType;
  readonly optional: boolean;
  readonly nullable: boolean;
  readonly default?: { readonly value: unknown };
  readonly description?: string;
}

function unwrap(s: z.ZodType): Unwrapped {
  let cur = s;
  let optional = false;
  let nullable = false;
  let dflt: { value: unknown } | undefined;
  let description = s.description;
  for (;;) {
    const d = defOf(cur);
    if (d.type === "optional") optional = true;
    else if (d.type === "nullable") nullable = true;
    else if (d.type === "default") {
      if (!dflt) dflt = { value: (d.defaultValue as unknown) };
    } else break;
    cur = d.innerType as z.ZodType;
    description ??= cur.description;
  }
  description ??= cur.description;
  return { inner: cur, optional, nullable, ...(dflt ? { default: dflt } : {}), ...(description !== undefined ? { description } : {}) };
}

function treeOf(schema: z.ZodObject, at: string): OptionTree {
  const out: Record<string, OptionTree[string]> = {};
  for (const [k, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
    const here = at ? `${at}.${k}` : k;
    const u = unwrap(field);
    if (!u.optional && !u.nullable && !u.default && isObjectDef(u.inner) && defOf(u.inner).catchall === undefined) {
      out[k] = treeOf(u.inner as z.ZodObject, here);
      continue;
    }
    let type = zodToType(u.inner, here);
    if (u.nullable || (u.optional && !u.default)) type = nullOr(type) as AnyType;
    const dv = u.default ? u.default.value : u.optional ? null : undefined;
    out[k] = option({
      type,
      ...(dv !== undefined ? { default: dv } : {}),
      ...(u.description !== undefined ? { description: u.description } : {}),
    });
  }
  return out;
}

type IsDefaulted<S> = S extends z.ZodDefault<z.ZodType> | z.ZodOptional<z.ZodType> | z.ZodPrefault<z.ZodType> ? true : HasEmptyValue<z.input<S>>;
type IsOptional<S> = S extends z.ZodOptional<z.ZodType> ? true : false;
type FieldIn<S> = IsOptional<S> extends true ? Exclude<z.input<S>, undefined> | null : Exclude<z.input<S>, undefined>;
type FieldOut<S> = IsOptional<S> extends true ? Exclude<z.output<S>, undefined> | null : z.output<S>;

/** The option tree {@link optionsFromZod} returns for an object shape. */
export type OptionsFromZod<Sh> = {
  readonly [K in keyof Sh]: Sh[K] extends z.ZodObject<infer Inner extends z.ZodRawShape>
    ? OptionsFromZod<Inner>
    : Option<FieldIn<Sh[K]>, FieldOut<Sh[K]>, IsDefaulted<Sh[K]>>;
};

/**
 * The option tree of a zod object schema: strings (`.regex()` → `strMatching`), numbers (`int`,
 * `min`/`max` → `ints.*`, `port`, `numbers.*`), booleans, enums and literals (`enum`), arrays
 * (`listOf`; `.nonempty()` → `nonEmptyListOf`), string-keyed records (`attrsOf`), nested objects (option groups, or submodules),
 * `.optional()` (`nullOr`, default `null`), `.nullable()`, `.default()` and `.describe()`.
 *
 * @throws ZodConversionError for a construct with no faithful Nix type (dates, bigints, tuples,
 * refinements, string length checks, …), naming the construct and the field.
 */
export function optionsFromZod<S extends z.ZodObject>(schema: S): OptionsFromZod<S["shape"]> {
  return treeOf(schema, "") as OptionsFromZod<S["shape"]>;
}
