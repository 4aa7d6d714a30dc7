/**
 * `nix-ast fmt` over many files on several cores: the command's thread and `jobs - 1` worker
 * threads (`worker.ts`) claim files from one shared counter, so a slow file or a worker that starts
 * late never leaves a core idle while files remain. Outcomes come back by index and are reported
 * in the files' order, as the sequential run reports them.
 *
 * Each thread loads and compiles the formatter on its own (about 0.1-0.2 s of CPU), so a second
 * thread pays off only on a core that is otherwise idle; the command's default (`defaultJobs` in
 * `cli.ts`) counts the cores free of other work.
 *
 * @module
 */
import { Worker } from "node:worker_threads";
import { formatFile, type Digest, type FileJob, type FileOutcome } from "./files.js";
import type { WorkerInput } from "./worker.js";

/**
 * The outcome of every file, in order. A worker that fails (it cannot start, or `format` threw
 * something other than a parse error there) leaves its files to this thread, which formats them
 * again and throws what the sequential run would throw.
 */
export async function formatFiles(
  files: readonly string[],
  job: FileJob,
  jobs: number,
  digest?: Digest,
): Promise<FileOutcome[]> {
  const outcomes = new Array<FileOutcome | undefined>(files.length);
  let done = 0;
  const counter = new SharedArrayBuffer(4);
  const next = new Int32Array(counter);
  const workers: Worker[] = [];
  let wake: (() => void) | null = null;
  let running = 0;
  const settle = (): void => {
    running--;
    wake?.();
  };
  for (let j = 1; j < jobs; j++) {
    const input: WorkerInput = { files, job, counter };
    const w = new Worker(new URL("./worker.js", import.meta.url), { workerData: input });
    running++;
    w.on("message", ([i, o]: [number, FileOutcome]) => {
      outcomes[i] = o;
      done++;
      if (done === files.length) wake?.();
    });
    w.once("error", () => undefined);
    w.once("exit", settle);
    workers.push(w);
  }
  for (let i = Atomics.add(next, 0, 1); i < files.length; i = Atomics.add(next, 0, 1)) {
    outcomes[i] = formatFile(files[i]!, job, digest);
    done++;
  }
  // The workers' files still being formatted: wait for their outcomes or for them to end.
  while (done < files.length && running > 0) await new Promise<void>((r) => (wake = r));
  wake = null;
  // Every outcome is in: the workers are stopped without waiting for their heaps to be torn down
  // (tens of ms when a worker finished last), and no longer keep the process alive.
  for (const w of workers) {
    w.unref();
    void w.terminate();
  }
  for (let i = 0; i < files.length; i++) outcomes[i] ??= formatFile(files[i]!, job, digest);
  return outcomes as FileOutcome[];
}
