// Chooses the one fast-check seed of this run and prints it once; test/setup.ts hands it to every
// test file (each runs in its own worker). FC_SEED replays a run; the default is fixed, so CI gives
// the same verdict on the same code.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import * as nodePath from "node:path";
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
  // The commands the tests run keep their caches (the command line's code cache,
  // packages/nix-ast/src/code-cache.ts) in a folder of this run, not in the user's ~/.cache.
  if (process.env.XDG_CACHE_HOME === undefined) process.env.XDG_CACHE_HOME = mkdtempSync(nodePath.join(tmpdir(), "nix-ast-test-cache-"));
}

declare module "vitest" {
  export interface ProvidedContext {
    fcSeed: number;
  }
}
