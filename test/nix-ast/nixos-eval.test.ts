/**
 * Proof by the real module system: modules emitted by nix-ast/nixos are evaluated with nixpkgs'
 * `lib.evalModules`; defaults, accepted configurations, rejections and priority merging must match
 * what TypeScript (the inferred types and the zod schemas) says.
 */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ref, type Expr } from "nix-ast";
import {
  configSchema,
  mkAfter,
  mkBefore,
  mkDefault,
  mkEnableOption,
  mkForce,
  mkIf,
  mkMerge,
  mkOverride,
  mkPackageOption,
  module,
  mergeModules,
  option,
  optionsFromZod,
  types,
  type ConfigDefs,
  type ConfigOf,
  type NixType,
} from "nix-ast/nixos";
import { evalModules, haveLib, type Outcome } from "./nixos-harness.js";

const { str, bool, port, ints, listOf, attrsOf, nullOr, submodule, enum: enum_ } = types;

/** A Bitpoll-like module exercising most types. */
const app = module({
  options: {
    services: {
      app: {
        enable: mkEnableOption("the app"),
        package: mkPackageOption("hello"),
        port: option({ type: port, default: 8000, description: "Port." }),
        workers: option({ type: ints.positive, default: 2 }),
        ratio: option({ type: types.float, default: 0.5 }),
        level: option({ type: enum_(["debug", "info", "warn"]), default: "info" }),
        hosts: option({ type: listOf(str), default: ["localhost"] }),
        motd: option({ type: nullOr(str), default: null }),
        extra: option({ type: types.lines, default: "" }),
        slug: option({ type: types.strMatching("[a-z][a-z0-9-]*"), default: "app" }),
        timeout: option({ type: types.either(ints.unsigned, str), default: 30 }),
        tags: option({ type: attrsOf(types.oneOf([str, types.int, bool])), default: {} }),
        instances: option({
          type: attrsOf(
            submodule((name) => ({
              host: option({ type: str, default: name }),
              port: option({ type: port, default: 9000 }),
              users: option({ type: listOf(str), default: [] }),
            })),
          ),
          default: {},
        }),
        settings: option({
          type: submodule(
            { debug: option({ type: bool, default: false }), allowedHosts: option({ type: listOf(str), default: [] }) },
            { freeformType: types.formats.json() },
          ),
          default: {},
        }),
      },
    },
  },
});

type AppConfig = ConfigOf<typeof app.options>;
const schema = app.schema();

/** A config definition module setting `cfg` (plain values). */
const setting = (cfg: ConfigDefs<typeof app.options>): Expr => module({ args: [], config: cfg as never }).toExpr();

describe.skipIf(!haveLib("nixos evalModules tests"))("nix-ast/nixos under lib.evalModules", () => {
  it("defaults come out as declared (and as the zod schema fills them)", async () => {
    const [out] = await evalModules([{ modules: [app], select: "services.app" }]);
    expect(out!.ok).toBe(true);
    const value = (out as { value: Record<string, unknown> }).value;
    // The package is a derivation: JSON shows its outPath.
    expect(value.package).toMatch(/-hello$/);
    const { package: _p, ...rest } = value;
    const { package: _q, ...expected } = (schema.parse({}) as { services: { app: Record<string, unknown> } }).services.app;
    expect(rest).toEqual(expected);
  });

  const valid: AppConfig[] = [
    { services: { app: { port: 80, workers: 8, level: "debug", hosts: ["a", "b"], motd: "hi" } } },
    { services: { app: { ratio: 2.25, timeout: "1m", tags: { a: "x", b: 3, c: true }, slug: "a-1" } } },
    {
      services: {
        app: {
          instances: { alpha: {}, beta: { host: "b.example", port: 1, users: ["u"] } },
          settings: { debug: true, allowedHosts: ["h"], extraKey: { nested: [1, "two", null] } },
        },
      },
    },
    { services: { app: { enable: true, extra: "line1\nline2", timeout: 0 } } },
  ];

  it(`accepted configurations evaluate to exactly what zod returns (${valid.length} cases)`, async () => {
    const outs = await evalModules(valid.map((cfg) => ({ modules: [app, setting(cfg)], select: "services.app" })));
    outs.forEach((out, i) => {
      expect(out.ok, `case ${i}`).toBe(true);
      const { package: _p, ...got } = (out as { value: Record<string, unknown> }).value;
      const { package: _q, ...want } = (schema.parse(valid[i]) as { services: { app: Record<string, unknown> } }).services.app;
      expect(got, `case ${i}`).toEqual(want);
    });
  });

  const invalid: [string, unknown][] = [
    ["a port of 70000", { services: { app: { port: 70000 } } }],
    ["a negative port", { services: { app: { port: -1 } } }],
    ["an unknown enum member", { services: { app: { level: "trace" } } }],
    ["a string where a list belongs", { services: { app: { hosts: "localhost" } } }],
    ["zero workers (ints.positive)", { services: { app: { workers: 0 } } }],
    ["an int where a float belongs", { services: { app: { ratio: 1 } } }],
    ["a string not matching the pattern", { services: { app: { slug: "Bad Slug" } } }],
    ["a bool in an attrsOf (oneOf …) (a list)", { services: { app: { tags: { a: [1] } } } }],
    ["an unknown option in a submodule", { services: { app: { instances: { x: { nope: 1 } } } } }],
    ["a port as a string in a submodule", { services: { app: { instances: { x: { port: "80" } } } } }],
    ["a negative either-int", { services: { app: { timeout: -5 } } }],
    ["an unknown top-level option", { services: { app: { nope: true } } }],
  ];

  it(`wrong values are rejected by Nix and by zod (${invalid.length} cases)`, async () => {
    const outs = await evalModules(invalid.map(([, cfg]) => ({ modules: [app, setting(cfg as AppConfig)], select: "services.app" })));
    outs.forEach((out, i) => {
      const [what, cfg] = invalid[i]!;
      expect(out.ok, `Nix accepted ${what}`).toBe(false);
      expect(schema.safeParse(cfg).success, `zod accepted ${what}`).toBe(false);
    });
  });

  it("mkIf / mkDefault / mkForce / mkOverride / mkMerge / mkBefore / mkAfter merge as NixOS merges them", async () => {
    const base = module({
      options: {
        x: option({ type: types.int, default: 1 }),
        l: option({ type: listOf(str), default: [] }),
        s: option({ type: types.lines, default: "" }),
        e: option({ type: bool, default: false }),
      },
    });
    const def = (config: Record<string, unknown>) => module({ args: ["config", "lib"], config: config as never });
    const cases: [string, Expr[], Record<string, unknown>][] = [
      ["plain beats mkDefault", [def({ x: mkDefault(5) }).toExpr(), def({ x: 7 }).toExpr()], { x: 7 }],
      ["mkForce beats plain", [def({ x: mkForce(3) }).toExpr(), def({ x: 7 }).toExpr()], { x: 3 }],
      ["mkOverride 10 beats mkForce", [def({ x: mkOverride(10, 2) }).toExpr(), def({ x: mkForce(3) }).toExpr()], { x: 2 }],
      ["mkDefault beats the option default", [def({ x: mkDefault(9) }).toExpr()], { x: 9 }],
      ["mkIf false defines nothing", [def({ x: mkIf(false, 4) }).toExpr()], { x: 1 }],
      ["mkIf on config", [def({ e: true }).toExpr(), def({ x: mkIf(ref("config.e"), 4) }).toExpr()], { x: 4, e: true }],
      [
        "lists concatenate, mkBefore first, mkAfter last",
        [def({ l: mkAfter(["z"]) }).toExpr(), def({ l: ["m"] }).toExpr(), def({ l: mkBefore(["a"]) }).toExpr()],
        { l: ["a", "m", "z"] },
      ],
      ["mkMerge of blocks", [def({ l: mkMerge([["a"], mkIf(true, ["b"]), mkIf(false, ["c"])]) }).toExpr()], { l: ["a", "b"] }],
      ["lines join with newlines", [def({ s: "one" }).toExpr(), def({ s: mkAfter("two") }).toExpr()], { s: "one\ntwo" }],
    ];
    const outs = await evalModules(cases.map(([, mods]) => ({ modules: [base, ...mods] })));
    outs.forEach((out, i) => {
      const [what, , want] = cases[i]!;
      expect(out.ok, what).toBe(true);
      expect((out as { value: Record<string, unknown> }).value, what).toMatchObject(want);
    });
  });

  it("the module's own config blocks, let bindings and enable guard evaluate", async () => {
    const m = module({
      let: { cfg: ref("config.services.app") },
      options: {
        services: { app: { enable: mkEnableOption("app"), port: option({ type: port, default: 8000 }) } },
        out: option({ type: nullOr(str), default: null }),
      },
    }).withConfig(({ cfg, lib }) => ({ out: lib.mkDefault(ref("builtins.toString")(cfg!.port)) }), { when: ref("cfg.enable") });
    const outs = await evalModules([
      { modules: [m], select: "out" },
      { modules: [m, m.configure({ services: { app: { enable: true, port: 81 } } }, { import: false })], select: "out" },
    ]);
    expect(outs.map((o) => (o as { value: unknown }).value)).toEqual([null, "81"]);
  });

  it("customised modules evaluate as customised", async () => {
    const changed = app
      .setDefault("services.app.workers", 4)
      .addOption("services.app.motd2", option({ type: str, default: "hello", description: "Message." }))
      .removeOption("services.app.ratio")
      .extendSubmodule("services.app.instances", (name) => ({ label: option({ type: str, default: ref("lib.toUpper")(name) }) }));
    const other = module({ options: { other: { flag: option({ type: bool, default: true }) } } });
    const merged = mergeModules(changed, other);
    const outs = await evalModules([
      { modules: [merged, setting({ services: { app: { instances: { web: {} } } } })], select: "services.app" },
      { modules: [merged], select: "other" },
      { modules: [merged, setting({ services: { app: { ratio: 0.5 } } } as never)] },
    ]);
    const v = (outs[0] as { value: Record<string, unknown> }).value;
    expect(v.workers).toBe(4);
    expect(v.motd2).toBe("hello");
    expect(v).not.toHaveProperty("ratio");
    expect(v.instances).toEqual({ web: { host: "web", port: 9000, users: [], label: "WEB" } });
    expect((outs[1] as { value: unknown }).value).toEqual({ flag: true });
    expect(outs[2]!.ok, "a removed option cannot be set").toBe(false);
    // The original module is unchanged.
    expect(Object.keys(app.options.services.app)).toContain("ratio");
  });

  it("a zod schema becomes options that Nix evaluates like zod parses", async () => {
    const settings = z.strictObject({
      name: z.string().describe("The name."),
      port: z.number().int().min(0).max(65535).default(8000),
      workers: z.int().min(1).default(2),
      share: z.number().min(0).max(1).default(0.25),
      mode: z.enum(["a", "b"]).default("a"),
      kind: z.literal("fixed").default("fixed"),
      hosts: z.array(z.string()).default([]),
      limits: z.record(z.string(), z.int()).default({}),
      db: z.object({ host: z.string().default("localhost"), user: z.string().nullable() }),
      admin: z.strictObject({ email: z.string() }).optional(),
      note: z.string().optional(),
    });
    const tree = optionsFromZod(settings);
    const m = module({ options: { s: tree } });
    const inputs: unknown[] = [
      { name: "x", db: { user: null } },
      { name: "y", port: 1, workers: 3, share: 1, mode: "b", hosts: ["h"], limits: { a: 1 }, db: { host: "db", user: "u" }, admin: { email: "e" }, note: "n" },
    ];
    const bad: unknown[] = [
      { name: "x", db: { user: null }, port: 70000 },
      { name: "x", db: { user: null }, mode: "c" },
      { name: "x", db: { user: null }, hosts: "h" },
      { name: "x", db: { user: null }, share: 2 },
      { name: "x", db: { user: null }, workers: 1.5 },
      { name: 1, db: { user: null } },
    ];
    const all = [...inputs, ...bad];
    const outs = await evalModules(all.map((cfg) => ({ modules: [m, module({ args: [], config: { s: cfg } as never })], select: "s" })));
    outs.forEach((out: Outcome, i) => {
      const cfg = all[i];
      const zodOk = settings.safeParse(cfg).success;
      expect(out.ok, `case ${i}: Nix vs zod`).toBe(zodOk);
      // Accepted by both: the same value.
      expect(out.ok ? out.value : "rejected", `case ${i}`).toEqual(zodOk ? configSchema(tree).parse(cfg) : "rejected");
    });
  });

  it("every type of the lib.types mirror has lib.types' own description", async () => {
    const ts = mirrorTypes();
    expect(ts.length).toBeGreaterThan(40);
    const outs = await evalModules([
      {
        modules: [
          module({ args: ["lib"], options: { d: option({ type: listOf(str), default: ts.map(({ t }) => ref("lib.id")(selectDesc(t.nix))) as never }) } }),
        ],
        select: "d",
      },
    ]);
    expect(outs[0]!.ok, outs[0]!.ok ? "" : outs[0]!.error).toBe(true);
    const got = (outs[0] as { value: string[] }).value;
    const wrong = ts.flatMap(({ name, t }, i) => (got[i] === t.description ? [] : [`${name}: ours ${JSON.stringify(t.description)}, lib ${JSON.stringify(got[i])}`]));
    expect(wrong).toEqual([]);
  });
});

/**
 * Parts of `types` that are not `lib.types`, so have no description in nixpkgs' lib to compare with.
 */
const NOT_LIB_TYPES: Record<string, string> = {
  formats: "pkgs.formats.*, not lib (the harness's pkgs is a stand-in)",
  custom: "a user's own type, with the user's description",
  optionDescriptionPhrase: "a function computing a description string, not a type",
};

/**
 * Constructors whose descriptions are checked with their own samples in nixos-types-all.test.ts
 * (one test per type there); a constructor neither here nor in CONSTRUCTOR_SAMPLES fails the test.
 */
const SAMPLED_IN_TYPES_ALL = new Set([
  "serializableValueWith", "pathWith", "nonEmptyListOf", "attrsWith", "lazyAttrsOf", "unique", "uniq",
  "functionTo", "addCheck", "passwdEntry", "attrTag", "attrListOf", "attrListWith", "deferredModuleWith",
  "submoduleWith", "mkOptionType",
]);

/** Arguments for each type constructor of the mirror; a constructor missing here fails the test. */
const CONSTRUCTOR_SAMPLES: Record<string, () => NixType<unknown>[]> = {
  "ints.between": () => [ints.between(-3, 7), ints.between(0, 0), ints.between(-9007199254740991, 9007199254740991)],
  "numbers.between": () => [types.numbers.between(0, 1), types.numbers.between(-5, 100)],
  enum: () => [enum_(["a", "b"]), enum_([1]), enum_(["x", 2, true])],
  listOf: () => [listOf(str), listOf(submodule({})), listOf(types.either(types.int, str))],
  attrsOf: () => [attrsOf(nullOr(str)), attrsOf(submodule({})), attrsOf(types.anything)],
  nullOr: () => [nullOr(listOf(str)), nullOr(ints.positive), nullOr(types.numbers.nonnegative)],
  either: () => [types.either(ints.positive, str), types.either(types.numbers.positive, bool)],
  oneOf: () => [types.oneOf([types.int, str, bool]), types.oneOf([str])],
  separatedString: () => [types.separatedString(":"), types.separatedString("")],
  strMatching: () => [types.strMatching("[a-z]+"), types.strMatching(".*")],
  submodule: () => [submodule({}), submodule({}, { freeformType: attrsOf(str) })],
  coercedTo: () => [types.coercedTo(types.int, ref("builtins.toString"), str)],
};

/** Every type the mirror has: its values as they are, its constructors with the samples above. */
function mirrorTypes(): { name: string; t: NixType<unknown> }[] {
  const out: { name: string; t: NixType<unknown> }[] = [];
  const walk = (prefix: string, obj: Record<string, unknown>): void => {
    for (const [k, x] of Object.entries(obj)) {
      const name = prefix + k;
      if (NOT_LIB_TYPES[name] !== undefined) continue;
      if (typeof x === "function") {
        const samples = CONSTRUCTOR_SAMPLES[name];
        if (samples === undefined && SAMPLED_IN_TYPES_ALL.has(name)) continue;
        if (samples === undefined) throw new Error(`types.${name} has no sample in CONSTRUCTOR_SAMPLES: add one`);
        samples().forEach((t, i) => out.push({ name: `${name}#${i}`, t }));
      } else if (typeof x === "object" && x !== null && "description" in x && "nix" in x) {
        out.push({ name, t: x as NixType<unknown> });
      } else if (typeof x === "object" && x !== null) {
        walk(`${name}.`, x as Record<string, unknown>);
      } else throw new Error(`types.${name}: neither a type nor a constructor`);
    }
  };
  walk("", types as unknown as Record<string, unknown>);
  return out;
}

function selectDesc(e: Expr): Expr {
  return { type: "Select", expr: e, path: ["description"] };
}
