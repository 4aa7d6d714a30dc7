/**
 * One file of `nix-ast fmt`: read, format, and (unless checking) write back atomically. Shared by
 * the command's own thread and its worker threads (`worker.ts`), which report the same outcomes.
 *
 * @module
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from "node:fs";
import * as nodePath from "node:path";
import { NixParseError } from "../parse/errors.js";
import { format } from "./format.js";

/** What became of one file; `message` is the text to report (without newline). */
export type FileOutcome =
  | { readonly kind: "same" }
  | { readonly kind: "changed" }
  | { readonly kind: "unparsable"; readonly message: string }
  | { readonly kind: "io"; readonly message: string };

/** Options of {@link formatFile}. */
export interface FileJob {
  readonly width: number;
  readonly indent: number;
  readonly strict: boolean;
  /** Write nothing: only tell whether the file would change. */
  readonly check: boolean;
}

const SAME: FileOutcome = { kind: "same" };
const CHANGED: FileOutcome = { kind: "changed" };

/** An error's message, for the command's reports. */
export function describeError(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Formats `file` and, unless `job.check`, rewrites it when its text changes. Throws only what
 * `format` throws besides {@link NixParseError} (a bug, not an outcome).
 */
export function formatFile(file: string, job: FileJob): FileOutcome {
  let src: string;
  try {
    src = readFileSync(file, "utf8");
  } catch (e) {
    return { kind: "io", message: `nix-ast fmt: ${describeError(e)}` };
  }
  let out: string;
  try {
    out = format(src, { width: job.width, indent: job.indent, strict: job.strict, file });
  } catch (e) {
    if (!(e instanceof NixParseError)) throw e;
    return { kind: "unparsable", message: e.message };
  }
  if (out === src) return SAME;
  if (!job.check) {
    try {
      writeFileAtomic(file, out);
    } catch (e) {
      return { kind: "io", message: `nix-ast fmt: cannot write ${file}: ${describeError(e)}` };
    }
  }
  return CHANGED;
}

/**
 * Replaces `file`'s content atomically: the text goes to a temporary file in the same folder
 * (same file system, so the rename is atomic), is flushed, takes the original's mode, and is
 * renamed over the original. Readers see the old or the new file, never a partial one.
 */
export function writeFileAtomic(file: string, text: string): void {
  const mode = statSync(file).mode & 0o7777;
  const tmp = nodePath.join(
    nodePath.dirname(file),
    `.${nodePath.basename(file)}.nix-ast-${process.pid}-${Math.random().toString(36).slice(2, 10)}.tmp`,
  );
  const fd = openSync(tmp, "wx", mode);
  try {
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // The temporary file is already gone; the original error is the one to report.
    }
    throw e;
  }
}
