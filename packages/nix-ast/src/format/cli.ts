/**
 * `nix-ast fmt [--check] [--strict] [--width N] [--indent N] [FILE|DIR|-]...`: the formatter on files.
 *
 * Kept apart from `cli.ts` (which has one input per command) because it takes many files, and
 * written against a small {@link FmtIo} so tests can run it without a process.
 *
 * @module
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { availableParallelism, cpus, loadavg, type CpuInfo } from "node:os";
import * as nodePath from "node:path";
import { mayWriteCacheIn } from "../cache-dir.js";
import type { NixParseError } from "../parse/errors.js";
import type { FileJob, FileOutcome } from "./files.js";
import { describeError } from "./write.js";

/** The outside world of {@link runFmtCommand}. */
export interface FmtIo {
  readonly stdin: () => string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** The usage text of `nix-ast fmt`. */
export const FMT_HELP = `Usage: nix-ast fmt [--check] [--strict] [--width N] [--indent N] [--jobs N] [--cache] [FILE|DIR|-]...

Formats Nix files in place in RFC 166 style (as nixfmt). Directories are searched for *.nix files
(hidden folders and node_modules skipped). With no FILE, or with -, reads standard input and
writes standard output.
  --check     write nothing; list the files that would change and exit 1 if there are any
  --strict    like nixfmt --strict: ignore the author's line breaks
  --width N   line width (default 100)
  --indent N  columns per indentation level, 1 to 16 (default 2)
  --jobs N    threads formatting files at once (default: one per core free of other work, at most 4)
  --cache     skip files whose exact text this build already found formatted with these options;
              kept in $XDG_CACHE_HOME/nix-ast/fmt-cache (default ~/.cache/nix-ast/fmt-cache)
  --cache-location FILE
              keep that cache in FILE (implies --cache)
Exit codes: 0 ok, 1 files not formatted (--check) or unparsable, 2 bad usage or I/O error.
`;

interface FmtArgs {
  readonly check: boolean;
  readonly strict: boolean;
  readonly width: number;
  readonly indent: number;
  /** `--jobs`, or "auto": one thread per core free of other work as the command starts ({@link defaultJobs}). */
  readonly jobs: number | "auto";
  /** The cache file (`--cache`), or null. */
  readonly cache: string | null;
  readonly paths: readonly string[];
}

class FmtUsageError extends Error {}

function parseFmtArgs(argv: readonly string[]): FmtArgs | "help" {
  let check = false;
  let strict = false;
  let width = 100;
  let indent = 2;
  let jobs: number | "auto" = "auto";
  let cache: string | null = null;
  let cacheLocation: string | null = null;
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
    } else if (a === "--cache") cache = "";
    else if (a === "--cache-location" || a.startsWith("--cache-location=")) {
      const v = a.includes("=") ? a.slice(a.indexOf("=") + 1) : argv[++i];
      if (v === undefined || v === "") throw new FmtUsageError("--cache-location takes a file name");
      cacheLocation = v;
    } else throw new FmtUsageError(`unknown option ${a}`);
  }
  if (cacheLocation !== null) cache = cacheLocation;
  return { check, strict, width, indent, jobs, cache, paths };
}

/** Each CPU's times so far (`os.cpus()`, ms since boot by state). */
type CpuTimes = readonly CpuInfo["times"][];

function cpuTimes(): CpuTimes {
  return cpus().map((c) => c.times);
}

/**
 * What the machine was doing while the command started, read at a few moments (start, files
 * found, formatter loaded): the CPUs' times and, on Linux, the number of threads running or ready
 * to run at each moment.
 */
class StartLoad {
  readonly cpus = cpuTimes();
  readonly running: number[] = [];

  constructor() {
    this.sample();
  }

  /** Notes how many threads run right now (Linux's /proc/loadavg; nothing elsewhere). */
  sample(): void {
    const n = runningThreads();
    if (n !== null) this.running.push(n);
  }
}

/** The threads running or runnable right now, this one among them (Linux), else null. */
export function runningThreads(): number | null {
  try {
    // "0.52 0.58 0.59 2/467 12345": the fourth field is running/all.
    const n = Number(readFileSync("/proc/loadavg", "latin1").split(" ")[3]?.split("/")[0]);
    return Number.isInteger(n) && n > 0 ? n : null;
  } catch {
    return null;
  }
}

/**
 * The default `--jobs` ({@link defaultJobs}) from what the machine did while the command started.
 */
function autoJobs(load: StartLoad): number {
  load.sample();
  return defaultJobs(availableParallelism(), load.running, idleCores(load.cpus, cpuTimes()), loadavg()[0]!, load.cpus.length);
}

/**
 * The default `--jobs`: this thread and one more per core free of other work, at most 4.
 * - `running`: the threads running at a few moments while the command started (Linux), this
 *   command's among them. The fewest of them, less this thread, are other work (a moment where the
 *   command's own background threads, V8's compiler or collector, ran too counts less). The count
 *   is the whole machine's (`hostCores` CPUs) also where this process may use only `cores` of them
 *   (a container): then its share of those cores counts.
 * - Else `idle`: the cores idle between the first reading and now ({@link idleCores}). Those
 *   counters tick every 10 ms, so over a start-up of 15–30 ms they often read a free core as half
 *   busy or busy (measured: 0 to 2 idle cores over twelve starts on an idle 2-core machine), and the
 *   command would format on one thread.
 * - Else the 1-minute load average, which still holds work that ended up to a minute ago (a build,
 *   the previous run of a loop).
 * On a busy machine a second thread only adds its start-up and its own compilation of the formatter
 * (measured: 1.45 s against 1.71 s whole process over nixpkgs' library at load 10 on 2 cores).
 */
export function defaultJobs(cores: number, running: readonly number[], idle: number | null, load1: number, hostCores = cores): number {
  // In a container limited to some of the host's cores, the count is the whole host's: its share.
  const others = running.length > 0 ? ((Math.min(...running) - 1) * cores) / Math.max(cores, hostCores) : null;
  const free = others !== null ? Math.round(cores - others) : idle !== null ? 1 + Math.round(idle) : cores - Math.floor(load1);
  return Math.max(1, Math.min(4, cores, free));
}

/**
 * How many cores were idle, on average, between two readings of the CPUs' times (`os.cpus()`), or
 * null when the readings cannot tell (no CPUs, or no tick counted in between).
 */
export function idleCores(before: CpuTimes, after: CpuTimes): number | null {
  if (before.length === 0 || before.length !== after.length) return null;
  let idle = 0;
  let total = 0;
  for (let i = 0; i < before.length; i++) {
    const a = before[i]!;
    const b = after[i]!;
    idle += b.idle - a.idle;
    total += b.user + b.nice + b.sys + b.idle + b.irq - (a.user + a.nice + a.sys + a.idle + a.irq);
  }
  return total > 0 ? (idle / total) * before.length : null;
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
 * Runs `nix-ast fmt` with the arguments after `fmt`; returns the exit code. Unparsable files are
 * reported with their parse error and left untouched; files are written only when their formatted
 * text differs. Many files are formatted on several threads (`--jobs`, default one per core free
 * of other work, at most 4; see `parallel.ts`), with the same output, in the same order. With
 * `--cache`, files whose text the cache knows as formatted are not formatted again (cache.ts).
 */
export async function runFmtCommand(argv: readonly string[], io: FmtIo): Promise<number> {
  const args = startFmt(argv, io);
  if (typeof args === "number") return args;
  const started = args.jobs === "auto" ? new StartLoad() : null;
  const work = items(args.paths);
  started?.sample();
  const files: string[] = [];
  for (const w of work) if ("file" in w) files.push(w.file);
  const options = `width=${args.width} indent=${args.indent} strict=${args.strict}`;
  const cache = args.cache === null ? null : await openCache(args.cache === "" ? null : args.cache, options);
  const job: FileJob = {
    width: args.width,
    indent: args.indent,
    strict: args.strict,
    check: args.check,
    cacheOptions: cache === null ? undefined : options,
  };
  // Files the cache knows need no work (their digest names the text read, so it is what was
  // judged); the others are formatted, by formatFile, which reads and names them again.
  const outcomes = new Array<FileOutcome | undefined>(files.length);
  const todo: number[] = [];
  for (let i = 0; i < files.length; i++) {
    const hit = cache === null ? undefined : cache.lookup(files[i]!, args.check);
    if (hit !== undefined) outcomes[i] = hit;
    else todo.push(i);
  }
  // The formatter itself is loaded only when something needs formatting: a check that the cache
  // answers whole reads and hashes the files, and loads no parser or printer.
  const engine = todo.length > 0 || work.some((w) => "stdin" in w) ? await import("./files.js") : null;
  const digest = cache?.digest;
  const jobs = todo.length < PARALLEL_MIN_FILES ? 1 : typeof args.jobs === "number" ? args.jobs : autoJobs(started ?? new StartLoad());
  if (jobs >= 2) {
    const { formatFiles } = await import("./parallel.js");
    const done = await formatFiles(todo.map((i) => files[i]!), job, Math.min(jobs, Math.ceil(todo.length / PARALLEL_MIN_FILES)), digest);
    todo.forEach((i, k) => (outcomes[i] = done[k]));
  }
  let k = 0;
  const code = report(args, io, work, {
    file: () => {
      const i = k++;
      const o = (outcomes[i] ??= engine!.formatFile(files[i]!, job, digest));
      if (cache !== null && (o.kind === "same" || o.kind === "changed")) {
        if (o.formatted !== undefined) cache.store.add(o.formatted, true);
        if (o.kind === "changed" && o.unformatted !== undefined) cache.store.add(o.unformatted, false);
      }
      return o;
    },
    stdin: (src) => engine!.formatText(src, job, "<stdin>"),
  });
  if (cache !== null) {
    try {
      cache.save();
    } catch (e) {
      // The files are checked or written all the same; only the next run loses the shortcut.
      io.stderr(`nix-ast fmt: warning: cannot write the cache ${cache.store.path}: ${describeError(e)}\n`);
    }
  }
  return code;
}

/** The `--cache` file (`location`, else the default one) and what the command does with it. */
async function openCache(location: string | null, options: string) {
  const { FmtCache, cacheDigest, defaultCachePath, formatterBuild, knownOutcome } = await import("./cache.js");
  const store = FmtCache.load(location ?? defaultCachePath(), formatterBuild());
  return {
    store,
    digest: cacheDigest,
    /** Saves the cache; the default one only where it leaves no root-owned files in another user's home. */
    save(): void {
      if (location === null && !mayWriteCacheIn(nodePath.dirname(store.path))) {
        throw new Error(
          "run as root, it would leave root-owned files in a folder root does not own (sudo keeping $HOME?); run with sudo -H, or name the file with --cache-location",
        );
      }
      store.save();
    },
    /** The outcome of a file the cache answers, else undefined (formatFile decides). */
    lookup(file: string, check: boolean): FileOutcome | undefined {
      let text: string;
      try {
        text = readFileSync(file, "utf8");
      } catch {
        return undefined; // formatFile reports it
      }
      return knownOutcome(store.known, cacheDigest(options, text), check);
    },
  };
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

/** Each item's work: the next file's outcome (files come in order), or standard input formatted. */
interface Work {
  readonly file: () => FileOutcome;
  readonly stdin: (src: string) => string | NixParseError;
}

/** Does each item's work, reports it, and returns the exit code. */
function report(args: FmtArgs, io: FmtIo, work: readonly Item[], next: Work): number {
  let unformatted = 0;
  let unparsable = 0;
  let ioErrors = 0;
  for (const w of work) {
    if ("stdin" in w) {
      const src = io.stdin();
      const out = next.stdin(src);
      if (typeof out !== "string") {
        io.stderr(`${out.message}\n`);
        if (!args.check) io.stdout(src); // a filter passes through what it cannot format
        unparsable++;
      } else if (!args.check) io.stdout(out);
      else if (out !== src) {
        io.stderr("<stdin>: not formatted\n");
        unformatted++;
      }
      continue;
    }
    if ("io" in w) {
      io.stderr(`${w.io}\n`);
      ioErrors++;
      continue;
    }
    const o = next.file();
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
