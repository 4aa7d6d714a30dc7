/**
 * `nix-ast fmt [--check] [--strict] [--width N] [FILE|DIR|-]...`: the formatter on files.
 *
 * Kept apart from `cli.ts` (which has one input per command) because it takes many files, and
 * written against a small {@link FmtIo} so tests can run it without a process.
 *
 * @module
 */
import { closeSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from "node:fs";
import * as nodePath from "node:path";
import { NixParseError } from "../parse/index.js";
import { format } from "./format.js";

/** The outside world of {@link runFmt}. */
export interface FmtIo {
  readonly stdin: () => string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** The usage text of `nix-ast fmt`. */
export const FMT_HELP = `Usage: nix-ast fmt [--check] [--strict] [--width N] [FILE|DIR|-]...

Formats Nix files in place in RFC 166 style (as nixfmt). Directories are searched for *.nix files
(hidden folders and node_modules skipped). With no FILE, or with -, reads standard input and
writes standard output.
  --check     write nothing; list the files that would change and exit 1 if there are any
  --strict    like nixfmt --strict: ignore the author's line breaks
  --width N   line width (default 100)
Exit codes: 0 ok, 1 files not formatted (--check) or unparsable, 2 bad usage or I/O error.
`;

interface FmtArgs {
  readonly check: boolean;
  readonly strict: boolean;
  readonly width: number;
  readonly paths: readonly string[];
}

class FmtUsageError extends Error {}

function parseFmtArgs(argv: readonly string[]): FmtArgs | "help" {
  let check = false;
  let strict = false;
  let width = 100;
  const paths: string[] = [];
  let optionsDone = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (optionsDone || a === "-" || !a.startsWith("-")) paths.push(a);
    else if (a === "--") optionsDone = true;
    else if (a === "--help" || a === "-h") return "help";
    else if (a === "--check" || a === "-c") check = true;
    else if (a === "--strict") strict = true;
    else if (a === "--width" || a.startsWith("--width=") || a === "-w") {
      const v = a.includes("=") ? a.slice(a.indexOf("=") + 1) : argv[++i];
      if (v === undefined || !/^[1-9][0-9]*$/.test(v)) throw new FmtUsageError("--width takes a positive whole number");
      width = Number(v);
    } else throw new FmtUsageError(`unknown option ${a}`);
  }
  return { check, strict, width, paths };
}

/** The `.nix` files under a directory, sorted, skipping hidden folders and node_modules. */
function nixFilesUnder(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = nodePath.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!entry.name.startsWith(".") && entry.name !== "node_modules") nixFilesUnder(p, out);
    } else if (entry.isFile() && entry.name.endsWith(".nix")) out.push(p);
  }
  return out;
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

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Runs `nix-ast fmt` with the arguments after `fmt`; returns the exit code.
 * Unparsable files are reported with their parse error and left untouched; files are written
 * only when their formatted text differs.
 */
export function runFmt(argv: readonly string[], io: FmtIo): number {
  let args: FmtArgs | "help";
  try {
    args = parseFmtArgs(argv);
  } catch (e) {
    io.stderr(`nix-ast fmt: ${describe(e)}\n\n${FMT_HELP}`);
    return 2;
  }
  if (args === "help") {
    io.stdout(FMT_HELP);
    return 0;
  }
  const opts = { width: args.width, strict: args.strict };
  const paths = args.paths.length === 0 ? ["-"] : args.paths;
  let unformatted = 0;
  let unparsable = 0;
  let ioErrors = 0;
  for (const path of paths) {
    if (path === "-") {
      const src = io.stdin();
      try {
        const out = format(src, { ...opts, file: "<stdin>" });
        if (args.check) {
          if (out !== src) {
            io.stderr("<stdin>: not formatted\n");
            unformatted++;
          }
        } else io.stdout(out);
      } catch (e) {
        if (!(e instanceof NixParseError)) throw e;
        io.stderr(`${e.message}\n`);
        if (!args.check) io.stdout(src); // a filter passes through what it cannot format
        unparsable++;
      }
      continue;
    }
    let files: string[];
    try {
      files = statSync(path).isDirectory() ? nixFilesUnder(path) : [path];
    } catch (e) {
      io.stderr(`nix-ast fmt: ${describe(e)}\n`);
      ioErrors++;
      continue;
    }
    for (const file of files) {
      let src: string;
      try {
        src = readFileSync(file, "utf8");
      } catch (e) {
        io.stderr(`nix-ast fmt: ${describe(e)}\n`);
        ioErrors++;
        continue;
      }
      let out: string;
      try {
        out = format(src, { ...opts, file });
      } catch (e) {
        if (!(e instanceof NixParseError)) throw e;
        io.stderr(`${e.message}\n`);
        unparsable++;
        continue;
      }
      if (out === src) continue;
      unformatted++;
      if (args.check) io.stdout(`${file}\n`);
      else {
        try {
          writeFileAtomic(file, out);
        } catch (e) {
          io.stderr(`nix-ast fmt: cannot write ${file}: ${describe(e)}\n`);
          ioErrors++;
        }
      }
    }
  }
  if (args.check && unformatted > 0) {
    io.stderr(`${unformatted} file${unformatted === 1 ? "" : "s"} would be reformatted; run nix-ast fmt to fix.\n`);
  }
  if (ioErrors > 0) return 2;
  return unparsable > 0 || (args.check && unformatted > 0) ? 1 : 0;
}
