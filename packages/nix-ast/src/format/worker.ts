/**
 * A worker thread of `nix-ast fmt` (see `parallel.ts`): claims files from the shared counter until
 * none are left, and posts each file's index and outcome as soon as it is done.
 *
 * @module
 */
import { parentPort, workerData } from "node:worker_threads";
import { saveCodeCache } from "../code-cache.js";
import { formatFile, type FileJob } from "./files.js";

/** What the command gives each worker. */
export interface WorkerInput {
  readonly files: readonly string[];
  readonly job: FileJob;
  /** One Int32: the index of the next file to claim. */
  readonly counter: SharedArrayBuffer;
}

const input = workerData as WorkerInput;

/**
 * Formats files until none are left to claim. The next file is claimed before an outcome is
 * posted: after the last one this thread keeps its code cache (code-cache.ts) first, since the
 * command stops its workers as soon as every outcome is in. (A function, not top-level code: the
 * bundled worker is a CommonJS script, scripts/bundle-cli.mjs.)
 */
async function work(): Promise<void> {
  const digest = input.job.cacheOptions === undefined ? undefined : (await import("./cache.js")).cacheDigest;
  const next = new Int32Array(input.counter);
  const count = input.files.length;
  for (let i = Atomics.add(next, 0, 1); i < count; ) {
    const outcome = formatFile(input.files[i]!, input.job, digest);
    const claimed = Atomics.add(next, 0, 1);
    if (claimed >= count) saveCodeCache();
    parentPort!.postMessage([i, outcome]);
    i = claimed;
  }
}

void work();
