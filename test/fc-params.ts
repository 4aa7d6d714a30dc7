/**
 * Run counts and replay for the property suites. The seed is not here: test/setup.ts sets one seed
 * for the whole run in fast-check's global config, which fc.assert, fc.sample and assertBatched read.
 */
export const CI = process.env.CI === "true";

/** Cases per property: FC_RUNS, else 2,000 under CI=true and 300 locally (docs/testing.md). */
export const RUNS = Number(process.env.FC_RUNS ?? (CI ? 2000 : 300));

/** FC_PATH from a failure report replays that case (run the one test with `-t`). */
export const replay: { path?: string } = process.env.FC_PATH ? { path: process.env.FC_PATH } : {};
