#!/usr/bin/env node
/**
 * The `nix-ast` command line.
 *
 *   nix-ast from-json [FILE|-] [--width N]   JSON document → Nix expression
 *   nix-ast print [FILE|-] [--width N]       AST as JSON (docs/ast.md) → Nix source
 *   nix-ast fmt [--check] [--width N] [FILE...]  format Nix files (src/format/cli.ts)
 *   nix-ast edit FILE [--set P=E]... / get FILE P   edit Nix files by attribute path (src/edit/cli.ts)
 *
 * Exit codes: 0 success, 1 failure of the operation, 2 bad input or usage.
 *
 * @module
 */
import { readFileSync } from "node:fs";
import type { Expr } from "./ast/nodes.js";
import { NixAstError } from "./errors.js";
import { isShortLived, shortLived } from "./v8-tuning.js";

// Each command imports what it needs when it runs: startup is part of every command's time, and
// `fmt` or `from-json` need neither zod (the AST schema) nor each other's modules.
const schema = () => import("./ast/schema.js");

const HELP = `nix-ast — typed Nix from TypeScript

Usage:
  nix-ast from-json [FILE|-] [--width N]   print the Nix form of a JSON document
  nix-ast print [FILE|-] [--width N]       print an AST given as JSON (see docs/ast.md)
  nix-ast parse [FILE|-]                   print the AST of Nix source as JSON (errors: exit 1)
  nix-ast fmt [--check] [--strict] [--width N] [FILE|DIR|-]...
                                           format Nix files in place (nix-ast fmt --help)
  nix-ast edit FILE [--set PATH=EXPR]... [--remove PATH]... [--append PATH=EXPR]... [--in-place]
                                           edit a Nix file by attribute path (nix-ast edit --help)
  nix-ast get FILE PATH                    print the source text of the value at PATH
  nix-ast --help | --version

FILE defaults to standard input. --width sets the line width (default 100).
Exit codes: 0 ok, 2 bad input or usage (the message says where).
`;

class UsageError extends Error {}

interface Args {
  readonly command: string | undefined;
  readonly file: string | undefined;
  readonly width: number;
}

function parseArgs(argv: readonly string[]): Args {
  let command: string | undefined;
  let file: string | undefined;
  let width = 100;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--width" || a.startsWith("--width=")) {
      const v = a.includes("=") ? a.slice(a.indexOf("=") + 1) : argv[++i];
      if (v === undefined || !/^[1-9][0-9]*$/.test(v)) throw new UsageError("--width takes a positive whole number");
      width = Number(v);
    } else if (a.startsWith("--") && a !== "--help" && a !== "--version") {
      throw new UsageError(`unknown option ${a}`);
    } else if (command === undefined) command = a;
    else if (file === undefined) file = a;
    else throw new UsageError(`unexpected argument ${a}`);
  }
  return { command, file, width };
}

/** Indented JSON, or one line when indentation would outgrow a JS string (very deep trees). */
async function jsonForHumans(ast: Expr): Promise<string> {
  const { astToJsonText } = await schema();
  try {
    return astToJsonText(ast, 2);
  } catch (e) {
    if (e instanceof RangeError) return astToJsonText(ast, 0);
    throw e;
  }
}

function readInput(file: string | undefined): string {
  return readText(file === undefined || file === "-" ? 0 : file);
}

/**
 * A file's text (or standard input's, for 0). Read as bytes and decoded once: the same string as
 * `readFileSync(file, "utf8")` (invalid sequences too), which decodes large input more slowly in
 * Node 20 (on 34 MB of JSON, `from-json` took 0.05–0.17 s less user CPU in each of five pairs;
 * docs/printer.md).
 */
function readText(file: string | 0): string {
  return readFileSync(file).toString("utf8");
}

async function main(argv: readonly string[]): Promise<number> {
  if (isShortLived(argv[0])) shortLived();
  // `fmt` takes many files and its own options.
  if (argv[0] === "fmt") {
    const { runFmtCommand } = await import("./format/cli.js");
    return runFmtCommand(argv.slice(1), {
      stdin: () => readText(0),
      stdout: (t) => process.stdout.write(t),
      stderr: (t) => process.stderr.write(t),
    });
  }
  // `edit` and `get` take their own arguments too.
  if (argv[0] === "edit" || argv[0] === "get") {
    const io = {
      stdin: () => readText(0),
      stdout: (t: string) => process.stdout.write(t),
      stderr: (t: string) => process.stderr.write(t),
    };
    const { runEdit, runGet } = await import("./edit/cli.js");
    return argv[0] === "edit" ? runEdit(argv.slice(1), io) : runGet(argv.slice(1), io);
  }
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    process.stderr.write(`nix-ast: ${(e as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (args.command === undefined || args.command === "--help" || args.command === "help") {
    process.stdout.write(HELP);
    return 0;
  }
  if (args.command === "--version") {
    process.stdout.write("nix-ast 0.1.0\n");
    return 0;
  }
  try {
    switch (args.command) {
      case "from-json": {
        // Written from the JSON tokens, as bytes (print/json.ts); the same text as printing the tree.
        const { printJsonBytes } = await import("./print/json.js");
        process.stdout.write(printJsonBytes(readInput(args.file), args.width));
        return 0;
      }
      case "print": {
        const [{ astFromJson }, { print }] = await Promise.all([schema(), import("./print/index.js")]);
        const text = readInput(args.file);
        let data: unknown;
        try {
          data = JSON.parse(text);
        } catch (e) {
          process.stderr.write(`nix-ast: input is not JSON: ${(e as Error).message}\n`);
          return 2;
        }
        process.stdout.write(print(astFromJson(data), { width: args.width }));
        return 0;
      }
      case "parse": {
        const name = args.file === undefined || args.file === "-" ? "<stdin>" : args.file;
        const { NixParseError, parse } = await import("./parse/index.js");
        let ast: Expr;
        try {
          ast = parse(readInput(args.file), { file: name });
        } catch (e) {
          if (e instanceof NixParseError) {
            process.stderr.write(`${e.message}\n`);
            return 1;
          }
          throw e;
        }
        process.stdout.write(`${await jsonForHumans(ast)}\n`);
        return 0;
      }
      default:
        process.stderr.write(`nix-ast: unknown command ${args.command}\n\n${HELP}`);
        return 2;
    }
  } catch (e) {
    if (e instanceof NixAstError) {
      process.stderr.write(`nix-ast: ${e.message}\n`);
      return 2;
    }
    if (e instanceof RangeError) {
      // The zod validation of `print` input recurses, and printing a very deep tree can outgrow
      // the longest JS string: refuse with a message rather than crash.
      process.stderr.write("nix-ast: the input is nested too deeply to handle\n");
      return 2;
    }
    if ((e as NodeJS.ErrnoException).code === "ENOENT" || (e as NodeJS.ErrnoException).code === "EISDIR") {
      process.stderr.write(`nix-ast: ${(e as Error).message}\n`);
      return 2;
    }
    throw e;
  }
}

/**
 * Ends the process with `code` once standard output and error have been flushed. A process that
 * ends on its own first tears down its heaps (and those of `fmt`'s worker threads), which is
 * pure waste for a command: about 45 ms of wall time (median) at the end of `nix-ast fmt --check`
 * over nixpkgs' library on 2 threads (docs/formatter.md).
 */
function exitWhenFlushed(code: number): void {
  process.exitCode = code;
  let pending = 2;
  // A write's callback runs once it and everything written before it is flushed.
  const flushed = (): void => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write("", flushed);
  process.stderr.write("", flushed);
}

// Not a top-level await: the bundled command is a CommonJS script (scripts/bundle-cli.mjs).
void main(process.argv.slice(2)).then(exitWhenFlushed);
