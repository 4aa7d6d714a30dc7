/** assertBatched: batched verdicts, replay by seed, shrinking, and the verdict in the report. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arbitrary, assertBatched, stableKey, type BatchVerdicts } from "nix-ast/testing";

// The run's seed (test/setup.ts), which assertBatched uses when given none.
const seed = fc.readConfigureGlobal().seed as number;

describe("assertBatched", () => {
  it("judges all cases in batches, with no case judged twice", async () => {
    let stats = { cases: 0, batches: 0, rechecked: -1 };
    await assertBatched(arbitrary.expr(), async (b) => b.map(() => null), {
      numRuns: 400,
      batchSize: 150,
      onStats: (s) => (stats = s),
    });
    expect(stats).toEqual({ cases: 400, batches: 3, rechecked: 0 });
  });

  it("shrinks a failure and reports seed, path and the verdict", async () => {
    const check = async (b: readonly unknown[]) =>
      b.map((v) =>
        typeof v === "string" && v.includes("${")
          ? `contains \${: ${JSON.stringify(v)}`
          : null,
      );
    // No seed given: the run's seed is used, and the report names it.
    const err = await assertBatched(arbitrary.value(), check, {
      numRuns: 500,
    }).catch((e: Error) => e);
    expect(String(err)).toContain(`seed: ${seed}, path:`);
    expect(String(err)).toMatch(
      /path: "([0-9:]+)"[\s\S]*Counterexample: \["\$\{"\][\s\S]*contains \$\{/,
    );
    // The reported path replays the failure directly.
    const path = /path: "([0-9:]+)"/.exec(String(err))?.[1] as string;
    await expect(
      assertBatched(arbitrary.value(), check, { numRuns: 500, seed, path }),
    ).rejects.toThrow(/Counterexample: \["\$\{"\]/);
  });

  it("a short or malformed answer fails instead of passing the cases it leaves out", async () => {
    const short = async (b: readonly unknown[]): Promise<BatchVerdicts> => b.slice(1).map(() => null);
    await expect(assertBatched(fc.nat(), short, { numRuns: 50 })).rejects.toThrow(/no verdict for case/);
    const none = async (): Promise<BatchVerdicts> => [];
    await expect(assertBatched(fc.nat(), none, { numRuns: 50 })).rejects.toThrow(/no verdict/);
    const odd = async (b: readonly unknown[]) => b.map(() => undefined) as unknown as BatchVerdicts;
    await expect(assertBatched(fc.nat(), odd, { numRuns: 50 })).rejects.toThrow(/no verdict/);
    const long = async (b: readonly unknown[]): Promise<BatchVerdicts> => [...b.map(() => null), null];
    await expect(assertBatched(fc.nat(), long, { numRuns: 50 })).rejects.toThrow(/verdicts for/);
  });

  it("keys keep bigints and -0 apart", () => {
    expect(stableKey({ a: 1n })).not.toBe(stableKey({ a: 1 }));
    expect(stableKey([-0])).not.toBe(stableKey([0]));
  });
});
