/** assertBatched: batched verdicts, replay by seed, shrinking, and the verdict in the report. */
import { describe, expect, it } from "vitest";
import { arbitrary, assertBatched, stableKey } from "nix-ast/testing";

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
    const err = await assertBatched(arbitrary.value(), check, {
      numRuns: 500,
      seed: 42,
    }).catch((e: Error) => e);
    expect(String(err)).toMatch(
      /seed: 42, path: "([0-9:]+)"[\s\S]*Counterexample: \["\$\{"\][\s\S]*contains \$\{/,
    );
    // The reported path replays the failure directly.
    const path = /path: "([0-9:]+)"/.exec(String(err))?.[1] as string;
    await expect(
      assertBatched(arbitrary.value(), check, { numRuns: 500, seed: 42, path }),
    ).rejects.toThrow(/Counterexample: \["\$\{"\]/);
  });

  it("keys keep bigints and -0 apart", () => {
    expect(stableKey({ a: 1n })).not.toBe(stableKey({ a: 1 }));
    expect(stableKey([-0])).not.toBe(stableKey([0]));
  });
});
