/**
 * One file of `nix-ast fmt`: read, format, and (unless checking) write back atomically. Shared by
 * the command's own thread and its worker threads (`worker.ts`), which report the same outcomes.
 *
 * @module
 */
import { readFileSync } from "node:fs";
import { NixParseError } from "../parse/errors.js";
import { format } from "./format.js";
import type * as cacheModule from "./cache.js";
import { describeError, writeFileAtomic } from "./write.js";

/**
 * What became of one file; `message` is the text to report (without newline). With a cache,
 * `formatted` and `unformatted` are the digests of texts found formatted or not (the text read,
 * the text written) for the cache to record.
 */
export type FileOutcome =
  | { readonly kind: "same"; readonly formatted?: string }
  | { readonly kind: "changed"; readonly formatted?: string; readonly unformatted?: string }
  | { readonly kind: "unparsable"; readonly message: string }
  | { readonly kind: "io"; readonly message: string };

/** Options of {@link formatFile}. */
export interface FileJob {
  readonly width: number;
  readonly indent: number;
  readonly strict: boolean;
  /** Write nothing: only tell whether the file would change. */
  readonly check: boolean;
  /** `--cache`: the options as the cache names them (`cacheDigest`, cache.ts). */
  readonly cacheOptions?: string | undefined;
}

const SAME: FileOutcome = { kind: "same" };
const CHANGED: FileOutcome = { kind: "changed" };

/** `src` formatted as `job` says, or why it does not parse (`file` names it in the message). */
export function formatText(src: string, job: FileJob, file: string): string | NixParseError {
  try {
    return format(src, { width: job.width, indent: job.indent, strict: job.strict, file });
  } catch (e) {
    if (!(e instanceof NixParseError)) throw e;
    return e;
  }
}

/** cache.ts `cacheDigest`: passed in, so that runs without a cache never load it (nor `node:crypto`). */
export type Digest = typeof cacheModule.cacheDigest;

/**
 * Formats `file` and, unless `job.check`, rewrites it when its text changes. With
 * `job.cacheOptions` and `digest`, the outcome names the texts it judged (read, and written) for
 * the cache; the command asks the cache before (cli.ts). Throws only what `format` throws besides
 * {@link NixParseError} (a bug, not an outcome).
 */
export function formatFile(file: string, job: FileJob, digest?: Digest): FileOutcome {
  let src: string;
  try {
    src = readFileSync(file, "utf8");
  } catch (e) {
    return { kind: "io", message: `nix-ast fmt: ${describeError(e)}` };
  }
  const options = job.cacheOptions;
  const named = options === undefined || digest === undefined ? undefined : (text: string): string => digest(options, text);
  const read = named?.(src);
  const out = formatText(src, job, file);
  if (typeof out !== "string") return { kind: "unparsable", message: out.message };
  if (out === src) return read === undefined ? SAME : { kind: "same", formatted: read };
  if (!job.check) {
    try {
      writeFileAtomic(file, out);
    } catch (e) {
      return { kind: "io", message: `nix-ast fmt: cannot write ${file}: ${describeError(e)}` };
    }
    // What was written is formatted: `format` is a fixed point.
    if (named !== undefined && read !== undefined) return { kind: "changed", formatted: named(out), unformatted: read };
  }
  return read === undefined ? CHANGED : { kind: "changed", unformatted: read };
}
