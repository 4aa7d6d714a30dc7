/**
 * `nix-ast fmt [--check] [--strict] [--width N] [--indent N] [FILE|DIR|-]...`: the formatter on files.
 *
 * Kept apart from `cli.ts` (which has one input per command) because it takes many files, and
 * written against a small {@link FmtIo} so tests can run it without a process.
 *
 * @module
 */
import { readdirSync, statSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import * as nodePath from "node:path";
import { NixParseError } from "../parse/errors.js";
import { describeError, formatFile, type FileJob, type FileOutcome } from "./files.js";
import { format } from "./format.js";

export { writeFileAtomic } from "./files.js";

/** The outside world of {@link runFmt}. */
export interface FmtIo {
  readonly stdin: () => string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** The usage text of `nix-ast fmt`. */
export const FMT_HELP = `Usage: nix-ast fmt [--check] [--strict] [--width N] [--indent N] [--jobs N] [FILE|DIR|-]...

Formats Nix files in place in RFC 166 style (as nixfmt). Directories are searched for *.nix files
(hidden folders and node_modules skipped). With no FILE, or with -, reads standard input and
writes standard output.
  --check     write nothing; list the files that would change and exit 1 if there are any
  --strict    like nixfmt --strict: ignore the author's line breaks
  --width N   line width (default 100)
  --indent N  columns per indentation level, 1 to 16 (default 2)
  --jobs N    threads formatting files at once (default: one per idle core, at most 4)
Exit codes: 0 ok, 1 files not formatted (--check) or unparsable, 2 bad usage or I/O error.
`;

interface FmtArgs {
  readonly check: boolean;
  readonly strict: boolean;
  readonly width: number;
  readonly indent: number;
  readonly jobs: number;
  readonly paths: readonly string[];
}

class FmtUsageError extends Error {}

function parseFmtArgs(argv: readonly string[]): FmtArgs | "help" {
  let check = false;
  let strict = false;
  let width = 100;
  let indent = 2;
  let jobs = defaultJobs();
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
      width = positive("--width", v);
    } else if (a === "--indent" || a.startsWith("--indent=")) {
      const v = a.includes("=") ? a.slice(a.indexOf("=") + 1) : argv[++i];
      indent = positive("--indent", v);
      if (indent > 16) throw new FmtUsageError(`--indent must be at most 16, got ${indent}`);
    } else if (a === "--jobs" || a.startsWith("--jobs=") || a === "-j") {
      const v = a.includes("=") ? a.slice(a.indexOf("=") + 1) : argv[++i];
      jobs = positive("--jobs", v);
    } else throw new FmtUsageError(`unknown option ${a}`);
  }
  return { check, strict, width, indent, jobs, paths };
}

/**
 * One thread per core not already busy (as `make -l`: the load average counts the processes
 * running or waiting to run), at least 1 and at most 4. On a busy machine a second thread only
 * adds its start-up and its own compilation of the formatter (measured: 1.45 s against 1.71 s
 * whole process over nixpkgs' library at load 10 on 2 cores).
 */
function defaultJobs(): number {
  return Math.max(1, Math.min(4, availableParallelism() - Math.floor(loadavg()[0]!)));
}

/** The value of `option`: a positive whole number. */
function positive(option: string, v: string | undefined): number {
  if (v === undefined || !/^[1-9][0-9]*$/.test(v)) throw new FmtUsageError(`${option} takes a positive whole number`);
  return Number(v);
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

/** One argument's work: standard input, a file, or a path that could not be read. */
type Item = { readonly stdin: true } | { readonly file: string } | { readonly io: string };

/** The arguments, each directory expanded to its files, in order. */
function items(paths: readonly string[]): Item[] {
  const out: Item[] = [];
  for (const path of paths) {
    if (path === "-") {
      out.push({ stdin: true });
      continue;
    }
    try {
      for (const file of statSync(path).isDirectory() ? nixFilesUnder(path) : [path]) out.push({ file });
    } catch (e) {
      out.push({ io: `nix-ast fmt: ${describeError(e)}` });
    }
  }
  return out;
}

/**
 * Runs `nix-ast fmt` with the arguments after `fmt`; returns the exit code.
 * Unparsable files are reported with their parse error and left untouched; files are written
 * only when their formatted text differs. One file after the other, on this thread.
 */
export function runFmt(argv: readonly string[], io: FmtIo): number {
  const args = startFmt(argv, io);
  if (typeof args === "number") return args;
  return report(args, items(args.paths), io, (file, job) => formatFile(file, job));
}

/**
 * {@link runFmt} as the command runs it: many files are formatted on several threads (`--jobs`,
 * default one per idle core, at most 4; see `parallel.ts`), with the same output, in the same order.
 */
export async function runFmtCommand(argv: readonly string[], io: FmtIo): Promise<number> {
  const args = startFmt(argv, io);
  if (typeof args === "number") return args;
  const work = items(args.paths);
  const files: string[] = [];
  for (const w of work) if ("file" in w) files.push(w.file);
  const job: FileJob = { width: args.width, indent: args.indent, strict: args.strict, check: args.check };
  if (args.jobs < 2 || files.length < PARALLEL_MIN_FILES) return report(args, work, io, (file, j) => formatFile(file, j));
  const { formatFiles } = await import("./parallel.js");
  const outcomes = await formatFiles(files, job, Math.min(args.jobs, Math.ceil(files.length / PARALLEL_MIN_FILES)));
  let k = 0;
  return report(args, work, io, () => outcomes[k++]!);
}

/**
 * Fewer files than this are formatted on one thread: a worker thread costs about as much to start
 * (loading and compiling the formatter) as formatting a few ordinary files.
 */
const PARALLEL_MIN_FILES = 16;

/** The arguments, or the exit code when there is nothing more to do (help, usage error). */
function startFmt(argv: readonly string[], io: FmtIo): FmtArgs | number {
  let args: FmtArgs | "help";
  try {
    args = parseFmtArgs(argv);
  } catch (e) {
    io.stderr(`nix-ast fmt: ${describeError(e)}\n\n${FMT_HELP}`);
    return 2;
  }
  if (args === "help") {
    io.stdout(FMT_HELP);
    return 0;
  }
  return args.paths.length === 0 ? { ...args, paths: ["-"] } : args;
}

/** Does each item's work (files through `outcome`, in order), reports it, and returns the exit code. */
function report(args: FmtArgs, work: readonly Item[], io: FmtIo, outcome: (file: string, job: FileJob) => FileOutcome): number {
  const job: FileJob = { width: args.width, indent: args.indent, strict: args.strict, check: args.check };
  let unformatted = 0;
  let unparsable = 0;
  let ioErrors = 0;
  for (const w of work) {
    if ("stdin" in w) {
      const src = io.stdin();
      try {
        const out = format(src, { width: args.width, indent: args.indent, strict: args.strict, file: "<stdin>" });
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
    if ("io" in w) {
      io.stderr(`${w.io}\n`);
      ioErrors++;
      continue;
    }
    const o = outcome(w.file, job);
    switch (o.kind) {
      case "same":
        break;
      case "changed":
        unformatted++;
        if (args.check) io.stdout(`${w.file}\n`);
        break;
      case "unparsable":
        io.stderr(`${o.message}\n`);
        unparsable++;
        break;
      case "io":
        io.stderr(`${o.message}\n`);
        ioErrors++;
        break;
    }
  }
  if (args.check && unformatted > 0) {
    io.stderr(`${unformatted} file${unformatted === 1 ? "" : "s"} would be reformatted; run nix-ast fmt to fix.\n`);
  }
  if (ioErrors > 0) return 2;
  return unparsable > 0 || (args.check && unformatted > 0) ? 1 : 0;
}
