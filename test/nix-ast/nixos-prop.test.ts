/**
 * Property tests: random zod schemas become NixOS options; random configurations (valid and not)
 * get the same verdict from zod and from `lib.evalModules`, and accepted ones evaluate to what the
 * derived zod schema returns. Runs: FC_RUNS (2,000 under CI=true, 300 locally, as for every property,
 * docs/testing.md); the run's seed (test/setup.ts, FC_SEED replays).
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { z } from "zod";
import { configSchema, module, optionsFromZod } from "nix-ast/nixos";
import { RUNS } from "../fc-params.js";
import { evalModules, haveLib } from "./nixos-harness.js";

type Spec =
  | { k: "str" }
  | { k: "int" }
  | { k: "range"; lo: number; hi: number }
  | { k: "port" }
  | { k: "bool" }
  | { k: "num" }
  | { k: "enum"; vs: string[] }
  | { k: "arr"; e: Spec }
  | { k: "rec"; e: Spec }
  | { k: "obj"; fs: Field[] };
type Wrap = "none" | "optional" | "nullable" | "default" | "nullableOptional";
interface Field {
  name: string;
  spec: Spec;
  wrap: Wrap;
  dflt?: unknown;
}

const leaf: fc.Arbitrary<Spec> = fc.oneof(
  fc.constant<Spec>({ k: "str" }),
  fc.constant<Spec>({ k: "int" }),
  fc.constant<Spec>({ k: "port" }),
  fc.constant<Spec>({ k: "bool" }),
  fc.constant<Spec>({ k: "num" }),
  fc.tuple(fc.integer({ min: -50, max: 50 }), fc.integer({ min: 0, max: 100 })).map(([lo, d]): Spec => ({ k: "range", lo, hi: lo + d })),
  fc.uniqueArray(fc.stringMatching(/^[a-z]{1,3}$/), { minLength: 1, maxLength: 3 }).map((vs): Spec => ({ k: "enum", vs })),
);

function specArb(depth: number): fc.Arbitrary<Spec> {
  if (depth === 0) return leaf;
  const inner = specArb(depth - 1);
  return fc.oneof(
    { weight: 4, arbitrary: leaf },
    { weight: 1, arbitrary: inner.map((e): Spec => ({ k: "arr", e })) },
    { weight: 1, arbitrary: inner.map((e): Spec => ({ k: "rec", e })) },
    { weight: 1, arbitrary: fieldsArb(depth - 1).map((fs): Spec => ({ k: "obj", fs })) },
  );
}

function valueArb(s: Spec, junky = false): fc.Arbitrary<unknown> {
  switch (s.k) {
    case "str":
      return fc.stringMatching(/^[a-z0-9 ]{0,5}$/);
    case "int":
      return fc.integer({ min: -1000, max: 1000 });
    case "range":
      return fc.integer({ min: s.lo, max: s.hi });
    case "port":
      return fc.integer({ min: 0, max: 65535 });
    case "bool":
      return fc.boolean();
    case "num":
      return fc.oneof(fc.integer({ min: -100, max: 100 }), fc.integer({ min: -100, max: 100 }).map((k) => k + 0.5));
    case "enum":
      return fc.constantFrom(...s.vs);
    case "arr":
      return fc.array(valueArb(s.e, junky), { maxLength: 3 });
    case "rec":
      return fc.dictionary(fc.stringMatching(/^[a-z]{1,4}$/), valueArb(s.e, junky), { maxKeys: 3 });
    case "obj":
      return objArb(s.fs, junky);
  }
}

/** Junk: values of any shape, often of the wrong type. */
const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant("x"),
  fc.integer({ min: -70000, max: 70000 }),
  fc.constant(1.5),
  fc.boolean(),
  fc.constant(null),
  fc.constant(["a"]),
  fc.constant({ zz: 1 }),
);

function fieldsArb(depth: number): fc.Arbitrary<Field[]> {
  return fc.array(specArb(depth), { minLength: 1, maxLength: 4 }).chain((specs) =>
    fc.tuple(
      ...specs.map((spec, i) =>
        fc.constantFrom<Wrap>("none", "optional", "nullable", "default", "nullableOptional").chain((wrap) =>
          (wrap === "default" ? valueArb(spec) : fc.constant(undefined)).map((dflt): Field => ({ name: `f${i}`, spec, wrap, dflt })),
        ),
      ),
    ),
  );
}

function objArb(fs: Field[], junky = true): fc.Arbitrary<unknown> {
  if (!junky) {
    return fc.tuple(...fs.map((f) => valueArb(f.spec))).map((vals) => Object.fromEntries(fs.map((f, i) => [f.name, vals[i]])));
  }
  return fc.tuple(
    ...fs.map((f) =>
      fc.oneof(
        { weight: 8, arbitrary: valueArb(f.spec, true).map((v) => ({ set: true, v })) },
        // Omitting a required list/attrs/submodule/nullable field: Nix uses the type's emptyValue
        // where zod refuses (a documented divergence), so it is generated only for other fields.
        ...(f.wrap === "nullable" || (f.wrap === "none" && ["arr", "rec", "obj"].includes(f.spec.k))
          ? []
          : [{ weight: 1, arbitrary: fc.constant({ set: false, v: undefined }) }]),
        // An explicit null is outside `.optional()` in zod, although Nix's `nullOr` takes it: not generated there.
        { weight: 2, arbitrary: junk.filter((j) => !(j === null && f.wrap === "optional")).map((v) => ({ set: true, v })) },
      ),
    ),
  ).map((vals) => Object.fromEntries(fs.flatMap((f, i) => (vals[i]!.set ? [[f.name, vals[i]!.v]] : []))));
}

function zodOf(s: Spec): z.ZodType {
  switch (s.k) {
    case "str":
      return z.string();
    case "int":
      return z.int();
    case "range":
      return z.int().min(s.lo).max(s.hi);
    case "port":
      return z.number().int().min(0).max(65535);
    case "bool":
      return z.boolean();
    case "num":
      return z.number();
    case "enum":
      return z.enum(s.vs as [string, ...string[]]);
    case "arr":
      return z.array(zodOf(s.e));
    case "rec":
      return z.record(z.string(), zodOf(s.e));
    case "obj":
      return objZod(s.fs);
  }
}

function objZod(fs: Field[]): z.ZodObject {
  const shape: Record<string, z.ZodType> = {};
  for (const f of fs) {
    const t = zodOf(f.spec);
    shape[f.name] =
      f.wrap === "none" ? t : f.wrap === "optional" ? t.optional() : f.wrap === "nullable" ? t.nullable() : f.wrap === "default" ? t.default(f.dflt as never) : t.nullable().optional();
  }
  return z.strictObject(shape);
}

describe.skipIf(!haveLib("nixos property tests"))("zod and lib.evalModules agree (property)", () => {
  // 2,000 module evaluations: minutes on a loaded machine.
  it(`same verdict and value on ${RUNS} random schema/configuration pairs`, { timeout: 900_000 }, async () => {
    const pairs = fc.sample(
      fieldsArb(2).chain((fs) => objArb(fs).map((cfg) => ({ fs, cfg }))),
      { numRuns: RUNS },
    );
    const schemas = pairs.map(({ fs }) => objZod(fs));
    const trees = schemas.map((s) => optionsFromZod(s));
    const t0 = performance.now();
    const outs = await evalModules(
      pairs.map(({ cfg }, i) => ({
        modules: [module({ args: [], options: { s: trees[i]! } }), module({ args: [], config: { s: cfg } as never })],
        select: "s",
      })),
    );
    const ms = performance.now() - t0;
    let accepted = 0;
    let rejected = 0;
    outs.forEach((out, i) => {
      const { cfg, fs } = pairs[i]!;
      const ctx = `case ${i}: ${JSON.stringify(fs)} with ${JSON.stringify(cfg)}`;
      const zodOk = schemas[i]!.safeParse(cfg).success;
      expect(out.ok, `Nix vs zod verdict, ${ctx}`).toBe(zodOk);
      let derived: boolean;
      try {
        derived = configSchema(trees[i]!).safeParse(cfg).success;
      } catch (e) {
        throw new Error(`configSchema's safeParse threw (it must return a verdict), ${ctx}: ${String(e)}`);
      }
      expect(derived, `derived schema verdict, ${ctx}`).toBe(zodOk);
      if (out.ok) {
        accepted++;
        expect(out.value, ctx).toEqual(configSchema(trees[i]!).parse(cfg));
      } else rejected++;
    });
    console.info(`nixos property: ${RUNS} cases, ${accepted} accepted and ${rejected} rejected by both, Nix ${Math.round(ms)} ms`);
    expect(accepted).toBeGreaterThan(RUNS / 10);
    expect(rejected).toBeGreaterThan(RUNS / 10);
  });
});
