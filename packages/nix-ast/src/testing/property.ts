/**
 * Batched property checks: fast-check generates, real Nix judges many cases per process, and
 * fast-check still shrinks and reports a replayable seed and path.
 *
 * @module
 */
import fc from "fast-check";

/** A verdict per case: `null` when the case holds, else what went wrong. */
export type BatchVerdicts = readonly (string | null)[];

/** Parameters of {@link assertBatched}. */
export interface BatchedParams {
  /** Number of cases; default 100. */
  readonly numRuns?: number;
  /**
   * Seed. Defaults to fast-check's global seed (`fc.configureGlobal({ seed })`), so one seed set
   * for a whole run governs every property; random only when neither is set. The failure report
   * prints it (replay with `seed` and `path`).
   */
  readonly seed?: number;
  /** Replay path from a failure report; replays that case only (then shrinks). */
  readonly path?: string;
  /** Cases per batch (per Nix process); default 500. */
  readonly batchSize?: number;
  /** Identity of a case, to find its verdict again; default a JSON form that keeps bigints and -0. */
  readonly key?: (value: never) => string;
  /** Called once with what happened, e.g. to log timings. */
  readonly onStats?: (stats: {
    readonly cases: number;
    readonly batches: number;
    readonly rechecked: number;
  }) => void;
}

/** A JSON form of any tree of plain data that keeps bigints, `-0` and `undefined` apart. */
export function stableKey(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (typeof v === "bigint") return `${v}n`;
    if (typeof v === "number" && Object.is(v, -0)) return "-0";
    if (typeof v === "number") return `${v}`;
    if (v === undefined) return "undefined";
    return v;
  });
}

/**
 * The verdicts of a batch, checked: one per case, each `null` or a string. A short or malformed
 * answer fails every case it leaves unjudged, rather than passing them.
 */
function verdictsFor(size: number, out: BatchVerdicts): (string | null)[] {
  const verdicts: (string | null)[] = [];
  for (let i = 0; i < size; i++) {
    const v: unknown = out[i];
    verdicts.push(
      v === null || typeof v === "string"
        ? v
        : `no verdict for case ${i} (the check returned ${out.length} verdicts for ${size} cases)`,
    );
  }
  if (out.length > size)
    verdicts.fill(`the check returned ${out.length} verdicts for ${size} cases`);
  return verdicts;
}

/**
 * Checks a property over `numRuns` cases of `arb` with `check` judging a whole batch at once (one
 * Nix process per batch), then lets `fc.assert` walk the same cases, with the same seed, against
 * those verdicts: a failing case is shrunk (shrunk candidates are judged one by one) and reported
 * with fast-check's usual message, seed and path.
 */
export async function assertBatched<T>(
  arb: fc.Arbitrary<T>,
  check: (batch: readonly T[]) => Promise<BatchVerdicts>,
  params: BatchedParams = {},
): Promise<void> {
  const numRuns = params.numRuns ?? 100;
  const seed =
    params.seed ??
    fc.readConfigureGlobal().seed ??
    (Date.now() ^ (Math.random() * 0x100000000)) | 0;
  const key = (params.key as ((v: T) => string) | undefined) ?? stableKey;
  const verdicts = new Map<string, string | null>();
  let batches = 0;
  let rechecked = 0;
  if (params.path === undefined) {
    // fc.sample with the same seed yields the values fc.assert will walk.
    const values = fc.sample(arb, { seed, numRuns });
    const size = params.batchSize ?? 500;
    for (let i = 0; i < values.length; i += size) {
      const batch = values.slice(i, i + size);
      const out = verdictsFor(batch.length, await check(batch));
      batches++;
      batch.forEach((v, k) => verdicts.set(key(v), out[k] as string | null));
    }
  }
  await fc
    .assert(
      fc.asyncProperty(arb, async (v) => {
        const k = key(v);
        let verdict = verdicts.get(k);
        if (verdict === undefined && !verdicts.has(k)) {
          rechecked++;
          verdict = verdictsFor(1, await check([v]))[0] as string | null;
          verdicts.set(k, verdict);
        }
        if (verdict !== null && verdict !== undefined) throw new Error(verdict);
      }),
      {
        seed,
        numRuns,
        ...(params.path !== undefined ? { path: params.path } : {}),
      },
    )
    .catch((e: unknown) => {
      // fast-check's report names seed, path and counterexample; add the verdict itself.
      const cause = e instanceof Error ? e.cause : undefined;
      const why = cause instanceof Error ? cause.message : "";
      throw new Error(
        `${e instanceof Error ? e.message : String(e)}\n\n${why}`,
        { cause: e },
      );
    })
    .finally(() => params.onStats?.({ cases: numRuns, batches, rechecked }));
}
