/**
 * The whole of `lib.types`, proven against nixpkgs' lib: every public name is mirrored or omitted
 * for a stated reason; every mirrored type renders to a Nix expression whose `.description` is
 * exactly ours; and its zod side accepts exactly the values `lib.evalModules` accepts (and returns
 * what the merge returns).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { call, nix, print, ref, update, type Expr } from "nix-ast";
import { module, option, optionsFromZod, types, ZodConversionError, type AnyType } from "nix-ast/nixos";
import { evalNixBatchSettled } from "nix-ast/testing";
import { evalModules, haveLib, LIB } from "./nixos-harness.js";

/** Names of `lib.types` deliberately not mirrored as types, each with its reason. */
const OMITTED: Readonly<Record<string, string>> = {
  defaultFunctor: "internal: builds a type's functor (type merging), no use in a module declaration",
  defaultTypeMerge: "internal: the default type-merge function of mkOptionType",
  mergeTypes: "operates on evaluated type values (merging two declarations), not a type",
  isType: "a predicate on evaluated values (`_type`), not a type; TypeScript values are typed instead",
  isOptionType: "a predicate on evaluated values, not a type",
  setType: "tags an evaluated value with `_type`, not a type",
  noCheckForDocsModule: "a module used internally to render documentation",
  types: "lib.types' reference to itself",
  loaOf: "deprecated (throws a deprecation error when used); use attrsOf",
};

/** Names our mirror has that `lib.types` does not: `formats` (pkgs.formats types) and `custom` (escape hatch). */
const EXTRA = new Set(["formats", "custom"]);

const sub = types.submodule({ a: option({ type: types.int, default: 1 }) });

const isEven = nix`x: builtins.bitAnd x 1 == 0`;

/**
 * One case per type: a label, the type, JS values whose validity Nix must judge as zod does, and
 * for values that are not data (functions, types, file sets) the attribute of the merged value to
 * show instead.
 */
const cases: readonly (readonly [string, AnyType, readonly unknown[], string?])[] = [
  ["raw", types.raw, [1, "x", { a: [1] }]],
  ["unspecified", types.unspecified, [1, "x"]],
  ["anything", types.anything, [1, { a: { b: "c" } }]],
  ["bool", types.bool, [true, 1]],
  ["boolByOr", types.boolByOr, [true, false, "yes"]],
  ["int", types.int, [1, 1.5, "1"]],
  ["ints.between", types.ints.between(-3, 7), [-3, 7, 8, -4]],
  ["ints.unsigned", types.ints.unsigned, [0, -1]],
  ["ints.positive", types.ints.positive, [1, 0]],
  ["ints.u8", types.ints.u8, [255, 256]],
  ["ints.u16", types.ints.u16, [65535, 65536]],
  ["ints.u32", types.ints.u32, [4294967295, 4294967296]],
  ["ints.s8", types.ints.s8, [-128, 127, 128]],
  ["ints.s16", types.ints.s16, [-32768, -32769]],
  ["ints.s32", types.ints.s32, [2147483647, 2147483648]],
  ["port", types.port, [80, 70000]],
  ["float", types.float, [1.5, 2]],
  ["number", types.number, [1, 1.5, "1"]],
  ["numbers.between", types.numbers.between(0, 1), [0.5, 1, 2]],
  ["numbers.nonnegative", types.numbers.nonnegative, [0, 0.5, -0.5]],
  ["numbers.positive", types.numbers.positive, [0.5, 0]],
  ["str", types.str, ["x", 1]],
  ["nonEmptyStr", types.nonEmptyStr, ["x", "", " \t\n", " a "]],
  ["singleLineStr", types.singleLineStr, ["one line", "ends\n", "two\nlines", "cr\r"]],
  ["strMatching", types.strMatching("[a-z]+"), ["abc", "ab1"]],
  ["separatedString", types.separatedString(";"), ["a", 1]],
  ["lines", types.lines, ["a\nb"]],
  ["commas", types.commas, ["a,b"]],
  ["envVar", types.envVar, ["/bin:/usr/bin"]],
  ["passwdEntry", types.passwdEntry(types.str), ["alice", "a:b", "a\nb"]],
  ["attrs", types.attrs, [{ a: 1 }, [1]]],
  ["package", types.package, [ref("pkgs.hello")]],
  ["shellPackage", types.shellPackage, [update(ref("pkgs.hello"), { shellPath: "/bin/sh" }), { shellPath: "/bin/sh" }], "shellPath"],
  ["pkgs", types.pkgs, [{ a: 1 }]],
  ["path", types.path, ["/etc/x", "rel/x"]],
  ["pathInStore", types.pathInStore, ["/nix/store/00000000000000000000000000000000-x/bin", "/etc/x", "/nix/store", "/nix/store/short-x"]],
  ["externalPath", types.externalPath, ["/etc/x", "/nix/store/00000000000000000000000000000000-x", "rel"]],
  ["pathWith (relative)", types.pathWith({ absolute: false }), ["rel/x", "/abs"]],
  ["pathWith {}", types.pathWith(), ["rel/x", "/abs"]],
  ["pathWith (not in store)", types.pathWith({ inStore: false }), ["rel", "/nix/store/00000000000000000000000000000000-x"]],
  ["enum", types.enum(["a", "b"]), ["a", "c"]],
  ["enum (singular)", types.enum([1]), [1, 2]],
  ["listOf", types.listOf(types.int), [[1, 2], [], ["x"]]],
  ["nonEmptyListOf", types.nonEmptyListOf(types.str), [["a"], [], [1]]],
  ["attrsOf", types.attrsOf(types.port), [{ a: 1 }, { a: -1 }]],
  ["lazyAttrsOf", types.lazyAttrsOf(types.bool), [{ a: true }, { a: 1 }]],
  ["attrsWith", types.attrsWith({ elemType: types.str, placeholder: "user" }), [{ a: "b" }, { a: 1 }]],
  ["attrsWith (lazy)", types.attrsWith({ elemType: types.str, lazy: true }), [{ a: "b" }]],
  ["attrListOf", types.attrListOf(types.int), [[{ a: 1 }, { b: 2 }], { b: 2, a: 1 }, [{ a: 1, b: 2 }], [{ a: "x" }]]],
  ["attrListWith (asAttrs)", types.attrListWith({ elemType: types.int, asAttrs: true }), [[{ a: 1 }, { b: 2 }, { a: 3 }], { a: 1 }]],
  ["nullOr", types.nullOr(types.str), [null, "x", 1]],
  ["either", types.either(types.int, types.str), [1, "x", true]],
  ["oneOf", types.oneOf([types.bool, types.float, types.str]), [true, 1.5, 1]],
  ["coercedTo", types.coercedTo(types.int, ref("builtins.toString"), types.str, (n) => String(n)), [1, "x", true]],
  ["uniq", types.uniq(types.int), [1, "x"]],
  ["unique", types.unique({ message: "only once" }, types.str), ["x", 1]],
  ["addCheck", types.addCheck(types.int, isEven, (n) => n % 2 === 0), [2, 3]],
  ["functionTo", types.functionTo(types.str), [ref("builtins.toString"), "x"], "__functionArgs"],
  ["attrTag", types.attrTag({ port: option({ type: types.port }), socket: option({ type: types.str }) }), [{ port: 80 }, { socket: "/run/s" }, { port: "80" }, { port: 80, socket: "x" }, {}]],
  ["attrTag (quoted names)", types.attrTag({ "a b": option({ type: types.int }), if: option({ type: types.int }) }), [{ "a b": 1 }]],
  ["submodule", sub, [{}, { a: 2 }, { b: 1 }]],
  ["submodule (freeform)", types.submodule({ a: option({ type: types.int, default: 1 }) }, { freeformType: types.attrsOf(types.str) }), [{ x: "y" }, { x: 1 }]],
  ["submoduleWith", types.submoduleWith({ options: { a: option({ type: types.str, default: "d" }) } }), [{}, { a: "x" }, { a: 1 }]],
  ["submoduleWith (name)", types.attrsOf(types.submoduleWith({ options: (name) => ({ host: option({ type: types.str, default: name }) }) })), [{ a: {}, b: { host: "x" } }]],
  ["submoduleWith (description)", types.submoduleWith({ options: {}, description: "my settings", shorthandOnlyDefinesConfig: true }), [{}]],
  ["deferredModule", types.deferredModule, [{ config: {} }, 1]],
  ["deferredModuleWith", types.deferredModuleWith({ staticModules: [{}] }), [{ config: {} }]],
  ["json", types.json, [null, { a: [1, "x", true, 1.5] }]],
  ["toml", types.toml, [{ a: [1, "x"] }, null]],
  ["serializableValueWith", types.serializableValueWith({ typeName: "YAML 1.2" }), [{ a: null }]],
  ["serializableValueWith (not nullable)", types.serializableValueWith({ typeName: "XML", nullable: false }), [1, null]],
  ["luaInline", types.luaInline, [{ _type: "lua-inline", expr: "x" }, "x"]],
  ["fileset", types.fileset, [ref("lib.fileset.empty"), "x"], "_type"],
  ["optionType", types.optionType, [types.str.nix, "str"], "name"],
  ["optionDeclaration", types.optionDeclaration, [call(ref("lib.mkOption"), { type: types.str.nix }), "x"], "_type"],
  ["mkOptionType", types.mkOptionType({ name: "even", description: "even integer", check: isEven, zod: z.int().refine((n) => n % 2 === 0) }), [2, 3]],
  // Composed descriptions (parentheses follow the description classes).
  ["listOf attrs", types.listOf(types.attrs), []],
  ["nonEmptyListOf (nullOr str)", types.nonEmptyListOf(types.nullOr(types.str)), []],
  ["functionTo (attrsOf str)", types.functionTo(types.attrsOf(types.str)), []],
  ["passwdEntry nonEmptyStr", types.passwdEntry(types.nonEmptyStr), []],
  ["either unsigned str", types.either(types.ints.unsigned, types.str), []],
  ["nullOr (attrTag …)", types.nullOr(types.attrTag({ a: option({ type: types.int }) })), []],
  ["lazyAttrsOf (listOf json)", types.lazyAttrsOf(types.listOf(types.json)), []],
  ["uniq (either int str)", types.listOf(types.uniq(types.either(types.int, types.str))), []],
  ["nonEmptyListOf submodule", types.nonEmptyListOf(sub), [[{}], []]],
  ["attrsWith submodule (lazy, placeholder)", types.attrsWith({ elemType: sub, lazy: true, placeholder: "user" }), [{ u: { a: 3 } }, { u: { b: 1 } }]],
  ["mkOptionType (no description)", types.mkOptionType({ name: "thing", zod: z.unknown() }), []],
];

/** Evaluates one Nix expression per source (no free variables but `lib`). */
async function evalWithLib(exprs: readonly string[]): Promise<unknown[]> {
  const out = await evalNixBatchSettled(exprs.map((e) => `let lib = import ${LIB}; in ${e}`));
  return out.map((o) => (o.ok ? o.value : { error: o.error.stderr }));
}

const nixOf = (t: AnyType): string => print(t.nix).trim();

/**
 * `[description, descriptionClass]` of each case as nixpkgs' lib evaluates it, recorded from lib so
 * that a changed description fails where lib is absent (CI) too. With lib, the tests below check the
 * recording still equals lib; `UPDATE_GOLDEN=1` with lib rewrites it.
 */
const RECORDED = fileURLToPath(new URL("./golden/lib-types-descriptions.json", import.meta.url));
const recorded = (): Record<string, unknown> =>
  existsSync(RECORDED) ? (JSON.parse(readFileSync(RECORDED, "utf8")) as Record<string, unknown>) : {};
const ours = (t: AnyType): unknown => [t.description, t.descriptionClass];
/** One value per case, keyed by the case's label (the shape of the recording). */
const byLabel = (values: readonly unknown[]): Record<string, unknown> => Object.fromEntries(cases.map(([label], i) => [label, values[i]]));

describe("lib.types mirror without Nix", () => {
  it("every case has a distinct label and its description is the one recorded from nixpkgs' lib", () => {
    expect(existsSync(RECORDED), `${RECORDED} is missing: UPDATE_GOLDEN=1 with NIXPKGS_LIB writes it`).toBe(true);
    const labels = cases.map(([label]) => label);
    expect(new Set(labels).size).toBe(labels.length);
    expect(byLabel(cases.map(([, t]) => ours(t))), "ours, against the recording from lib").toEqual(recorded());
  });

  it("a zod array with .nonempty() becomes nonEmptyListOf; other length checks are refused", () => {
    const tree = optionsFromZod(z.object({ hosts: z.array(z.string()).nonempty(), ports: z.array(z.int()).min(1).default([80]) }));
    expect(print(tree.hosts.type.nix).trim()).toBe("lib.types.nonEmptyListOf lib.types.str");
    expect(print(tree.ports.type.nix).trim()).toBe("lib.types.nonEmptyListOf lib.types.int");
    expect(() => optionsFromZod(z.object({ l: z.array(z.string()).min(2) }))).toThrow(ZodConversionError);
  });

  it("rebuilding from the structure keeps the variant (nonEmpty, lazy, placeholder)", () => {
    const m = module({
      options: {
        a: option({ type: types.nonEmptyListOf(types.submodule({ x: option({ type: types.int, default: 1 }) })) }),
        b: option({ type: types.attrsWith({ elemType: types.submodule({ y: option({ type: types.str, default: "" }) }), lazy: true, placeholder: "user" }), default: {} }),
      },
    })
      .extendSubmodule("a", { z: option({ type: types.bool, default: false }) })
      .extendSubmodule("b", { w: option({ type: types.bool, default: true }) });
    expect(m.options.a.type.description).toBe("non-empty (list of (submodule))");
    expect(m.options.b.type.description).toBe("lazy attribute set of (submodule)");
    expect(m.docs()).toContain("## b.<user>.w");
  });

  it("refuses what lib.types refuses when building", () => {
    expect(() => types.pathWith({ inStore: true, absolute: false })).toThrow(/inStore means the path must be absolute/);
    expect(() => types.attrTag({})).toThrow(/at least one tag/);
  });
});

describe.skipIf(!haveLib("lib.types mirror tests (nixpkgs lib's types.nix)"))("the whole of lib.types", () => {
  it("every public name of lib.types is mirrored, or omitted for a stated reason", async () => {
    const [names] = await evalWithLib(["builtins.attrNames lib.types"]);
    const theirs = new Set(names as string[]);
    const ours = new Set(Object.keys(types));
    const missing = [...theirs].filter((n) => !ours.has(n) && !(n in OMITTED));
    expect(missing, "lib.types names neither mirrored nor omitted").toEqual([]);
    const stale = Object.keys(OMITTED).filter((n) => !theirs.has(n) || ours.has(n));
    expect(stale, "omissions that are not lib.types names, or that are mirrored").toEqual([]);
    const unknown = [...ours].filter((n) => !theirs.has(n) && !EXTRA.has(n));
    expect(unknown, "mirror names lib.types does not have").toEqual([]);
    for (const reason of Object.values(OMITTED)) expect(reason.length).toBeGreaterThan(10);
  });

  // One evaluation for all types; then one test per type (description and description class,
  // which decides the parentheses of composed descriptions).
  let described: readonly unknown[] = [];
  beforeAll(async () => {
    described = await evalWithLib(cases.map(([, t]) => `let t = ${nixOf(t)}; in [ t.description (t.descriptionClass or null) ]`));
    if (process.env.UPDATE_GOLDEN === "1") {
      const lines = Object.entries(byLabel(described)).map(([label, d]) => `  ${JSON.stringify(label)}: ${JSON.stringify(d)}`);
      writeFileSync(RECORDED, `{\n${lines.join(",\n")}\n}\n`);
    }
  });

  it.each(cases.map(([label, t], i) => [label, t, i] as const))("%s: description and class are lib.types'", (label, t, i) => {
    expect(described[i], `${label}: ${nixOf(t)}`).toEqual(ours(t));
  });

  it("the recorded descriptions (checked without lib) are still lib's", () => {
    expect(recorded()).toEqual(byLabel(described));
  });

  const samples = cases.flatMap(([label, t, values, show]) => values.map((v, j) => ({ label: `${label} #${j}`, t, v, show })));

  it(`zod accepts exactly what lib.evalModules accepts, and returns what it merges to (${samples.length} values)`, async () => {
    const mods = samples.map(({ t, v, show }) => {
      const decl = module({ options: { v: option({ type: t }) } });
      const def: Expr = module({ config: { v } as never }).toExpr();
      return { modules: [decl, def], select: show ? `v.${show}` : "v" };
    });
    const outs = await evalModules(mods);
    samples.forEach(({ label, t, v }, i) => {
      const nix = outs[i]!;
      const js = t.zod.safeParse(v);
      expect(js.success, `${label}: zod says ${js.success}, Nix says ${nix.ok} for ${JSON.stringify(v)}`).toBe(nix.ok);
      // Values Nix returns as data (not functions, derivations, file sets or modules) are compared.
      if (nix.ok && js.success && !containsExpr(v) && !label.startsWith("deferredModule")) {
        expect(nix.value, label).toEqual(js.data);
      }
    });
    // Each case has a value Nix accepts (so a rejection is about the value, not a broken rendering).
    const acceptedCase = new Set(samples.flatMap((s, i) => (outs[i]!.ok ? [s.label.replace(/ #\d+$/, "")] : [])));
    const never = cases.filter(([label, , values]) => values.length > 0 && !acceptedCase.has(label) && label !== "pkgs").map(([l]) => l);
    expect(never).toEqual([]);
  });
});

function containsExpr(v: unknown): boolean {
  if (typeof v === "function") return true;
  if (typeof v !== "object" || v === null) return false;
  if ("type" in v && typeof (v as { type: unknown }).type === "string") return true;
  return Object.values(v).some(containsExpr);
}
