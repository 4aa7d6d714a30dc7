/**
 * Attribute sets follow Nix's parser: random binding lists (attribute paths, attribute set literals,
 * inherits; in `{ }`, `rec { }` and `let`) are built with the builders, and real
 * `nix-instantiate --parse` judges the same bindings printed as they are. nix-ast must refuse
 * exactly what Nix refuses, and what it accepts must parse to what was built (the canonical form).
 * Runs: ATTRS_PROP_RUNS (default 200).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { attrs, bind, inherit, let_, NixBuildError, print, type Expr } from "nix-ast";
import type { AttrName, Binding } from "nix-ast";
import { assertBatched, canonical, normalize, parseNixSettled, requireNix } from "nix-ast/testing";

type ValueSpec = { readonly kind: "int"; readonly n: number } | { readonly kind: "attrs"; readonly paren: boolean; readonly bindings: readonly AssignSpec[] };
interface AssignSpec {
  readonly kind: "assign";
  readonly path: readonly string[];
  readonly value: ValueSpec;
}
type Spec = AssignSpec | { readonly kind: "inherit"; readonly names: readonly string[] };
interface Case {
  readonly container: "attrs" | "rec" | "let";
  readonly bindings: readonly Spec[];
}

const name = fc.constantFrom("a", "b", "c");
const path = fc.array(name, { minLength: 1, maxLength: 3 });
const leaf: fc.Arbitrary<ValueSpec> = fc.nat(99).map((n) => ({ kind: "int", n }));
const nested: fc.Arbitrary<AssignSpec> = fc.record({ kind: fc.constant("assign" as const), path: fc.array(name, { minLength: 1, maxLength: 2 }), value: leaf });
const value: fc.Arbitrary<ValueSpec> = fc.oneof(
  { weight: 2, arbitrary: leaf },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("attrs" as const), paren: fc.boolean(), bindings: fc.array(nested, { minLength: 0, maxLength: 2 }) }) },
);
const spec: fc.Arbitrary<Spec> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("assign" as const), path, value }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("inherit" as const), names: fc.array(name, { minLength: 1, maxLength: 2 }) }) },
);
const arbCase: fc.Arbitrary<Case> = fc.record({
  container: fc.constantFrom("attrs" as const, "rec" as const, "let" as const),
  bindings: fc.array(spec, { minLength: 1, maxLength: 5 }),
});

/** The raw node of a value: no builder checks (Nix judges it). */
function rawValue(v: ValueSpec): Expr {
  if (v.kind === "int") return { type: "Int", value: BigInt(v.n) };
  const set: Expr = { type: "Attrs", rec: false, bindings: v.bindings.map(rawAssign) };
  return v.paren ? { type: "Paren", expr: set } : set;
}

function rawAssign(s: AssignSpec): Binding {
  return { type: "Assign", path: s.path as unknown as [AttrName, ...AttrName[]], value: rawValue(s.value) };
}

function rawBindings(c: Case): Binding[] {
  return c.bindings.map((s) => (s.kind === "inherit" ? { type: "Inherit", names: [...s.names] } : rawAssign(s)));
}

const ZERO: Expr = { type: "Int", value: 0n };

/** The same bindings printed without any check. */
function rawSource(c: Case): string {
  const bindings = rawBindings(c);
  return print(c.container === "let" ? { type: "Let", bindings, body: ZERO } : { type: "Attrs", rec: c.container === "rec", bindings });
}

/** What the builders make of the case: an expression, or the refusal. */
function build(c: Case): Expr | NixBuildError {
  // Through the public builders: bind() carriers, inherit(), attrs/rec/let_.
  const input = c.bindings.map((s) => (s.kind === "inherit" ? inherit(...s.names) : bind([...s.path], rawValue(s.value))));
  try {
    return c.container === "let" ? let_(input, 0) : attrs(input, { rec: c.container === "rec" });
  } catch (e) {
    if (e instanceof NixBuildError) return e;
    throw e;
  }
}

const RUNS = Number(process.env.ATTRS_PROP_RUNS ?? 200);

describe("attribute sets merge and refuse as Nix's parser does", () => {
  it("the documented cases", () => {
    expect(() => attrs([bind("a.b", 1), bind("a.b", 2)])).toThrow(/a\.b is defined twice/);
    expect(print(attrs([bind("a.b", 1), bind("a", { c: 2 })]))).toContain("a.b = 1;");
    expect(() => attrs({ ...bind("a.b", 1), a: { b: 2 } })).toThrow(/defined twice/);
    expect(() => let_([bind("a", 1), bind("a.b", 2)], 0)).toThrow(/defined twice/);
    expect(() => attrs([inherit("a"), bind("a.b", 1)])).toThrow(/defined twice/);
  });
});

describe.skipIf(!requireNix("the attribute-set property"))("against nix-instantiate --parse", () => {
  it(`refuses exactly what Nix refuses; what it accepts parses to what was built (${RUNS} cases)`, async () => {
    let refused = 0;
    let accepted = 0;
    await assertBatched(
      arbCase,
      async (batch) => {
        const sources = batch.map(rawSource);
        const builds = batch.map(build);
        // What we accept goes to Nix in one process; each refusal needs a process of its own (a
        // parse error fails the whole input), four at a time.
        const settled: Awaited<ReturnType<typeof parseNixSettled>> = new Array(batch.length);
        const ok = builds.flatMap((b, i) => (b instanceof NixBuildError ? [] : [i]));
        (await parseNixSettled(ok.map((i) => sources[i]!))).forEach((r, k) => (settled[ok[k]!] = r));
        const bad = builds.flatMap((b, i) => (b instanceof NixBuildError ? [i] : []));
        for (let k = 0; k < bad.length; k += 4) {
          const chunk = bad.slice(k, k + 4);
          const rs = await Promise.all(chunk.map((i) => parseNixSettled([sources[i]!])));
          rs.forEach((r, j) => (settled[chunk[j]!] = r[0]!));
        }
        return batch.map((c, i) => {
          const s = settled[i]!;
          const built = builds[i]!;
          if (built instanceof NixBuildError) {
            refused++;
            return s.ok ? `nix-ast refused (${built.message}) what Nix accepts:\n${sources[i]}` : null;
          }
          accepted++;
          if (!s.ok) return `nix-ast accepted what Nix refuses:\n${sources[i]}\n${s.error.stderr}`;
          const printed = print(built);
          if (printed !== sources[i]) return `printed differs from the bindings given:\n${printed}\nvs\n${sources[i]}`;
          const expected = canonical(built);
          return normalize(s.value) === normalize(expected) ? null : `meaning differs:\nnix:       ${s.value}\ncanonical: ${expected}`;
        });
      },
      { numRuns: RUNS },
    );
    console.log(`attribute-set property: ${refused} refused, ${accepted} accepted (judged by nix-instantiate --parse)`);
    // Both verdicts occur: the property is not vacuous.
    expect(refused).toBeGreaterThan(RUNS / 20);
    expect(accepted).toBeGreaterThan(RUNS / 20);
  }, 600_000);
});
