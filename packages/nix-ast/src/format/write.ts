/**
 * Writing a file so that no reader ever sees half of it: `nix-ast fmt`, `nix-ast edit --in-place`
 * and the formatter's cache.
 *
 * @module
 */
import { closeSync, fsyncSync, openSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import * as nodePath from "node:path";

/** An error's message, for the commands' reports. */
export function describeError(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Replaces `file`'s content atomically: the text goes to a temporary file in the same folder
 * (same file system, so the rename is atomic), is flushed, takes the original's mode (a new file:
 * `newMode`, 0666 unless given, less the umask), and is renamed over the original. Readers see the
 * old or the new file, never a partial one.
 */
export function writeFileAtomic(file: string, data: string | Uint8Array, newMode = 0o666): void {
  let mode = newMode;
  try {
    mode = statSync(file).mode & 0o7777;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
  const tmp = nodePath.join(
    nodePath.dirname(file),
    `.${nodePath.basename(file)}.nix-ast-${process.pid}-${Math.random().toString(36).slice(2, 10)}.tmp`,
  );
  const fd = openSync(tmp, "wx", mode);
  try {
    try {
      writeFileSync(fd, data);
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
