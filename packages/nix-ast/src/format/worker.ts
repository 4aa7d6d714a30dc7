/**
 * A worker thread of `nix-ast fmt` (see `parallel.ts`): claims files from the shared counter until
 * none are left, and posts each file's index and outcome as soon as it is done.
 *
 * @module
 */
import { parentPort, workerData } from "node:worker_threads";
import { formatFile, type FileJob } from "./files.js";

/** What the command gives each worker. */
export interface WorkerInput {
  readonly files: readonly string[];
  readonly job: FileJob;
  /** One Int32: the index of the next file to claim. */
  readonly counter: SharedArrayBuffer;
}

const input = workerData as WorkerInput;
const digest = input.job.cacheOptions === undefined ? undefined : (await import("./cache.js")).cacheDigest;
const next = new Int32Array(input.counter);
for (let i = Atomics.add(next, 0, 1); i < input.files.length; i = Atomics.add(next, 0, 1)) {
  parentPort!.postMessage([i, formatFile(input.files[i]!, input.job, digest)]);
}
