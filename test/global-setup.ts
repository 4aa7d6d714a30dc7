// Chooses the one fast-check seed of this run and prints it once; test/setup.ts hands it to every
// test file (each runs in its own worker). FC_SEED replays a run; the default is fixed, so CI gives
// the same verdict on the same code.
import type { TestProject } from "vitest/node";

export const DEFAULT_SEED = 20261126;

export function runSeed(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.FC_SEED;
  if (raw === undefined || raw === "") return DEFAULT_SEED;
  const seed = Number(raw);
  if (!Number.isInteger(seed)) throw new Error(`FC_SEED must be an integer, got ${JSON.stringify(raw)}`);
  return seed | 0;
}

export default function setup(project: TestProject): void {
  const seed = runSeed();
  console.info(`fast-check seed of this run: ${seed} (replay with FC_SEED=${seed})`);
  project.provide("fcSeed", seed);
}

declare module "vitest" {
  export interface ProvidedContext {
    fcSeed: number;
  }
}
