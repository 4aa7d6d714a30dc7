/**
 * `nix-ast edit FILE [--set P=EXPR]... [--remove P]... [--append P=EXPR]... [--in-place]` and
 * `nix-ast get FILE P`: the editor on files, written against a small {@link EditIo} so tests can
 * run it without a process.
 *
 * @module
 */
import { readFileSync } from "node:fs";
import type { Expr } from "../ast/nodes.js";
import { NixAstError } from "../errors.js";
import { writeFileAtomic } from "../format/write.js";
import { NixParseError, parse } from "../parse/index.js";
import { edit, type NixDocument } from "./document.js";
import { NixEditError } from "./path.js";

/** The outside world of {@link runEdit} and {@link runGet}. */
export interface EditIo {
  readonly stdin: () => string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** The usage text of `nix-ast edit` and `nix-ast get`. */
export const EDIT_HELP = `Usage: nix-ast edit FILE [--set PATH=EXPR]... [--remove PATH]... [--append PATH=EXPR]... [--in-place]
       nix-ast get FILE PATH

Edits a Nix file by attribute path, keeping every byte outside the edited bindings (see docs/edit.md).
PATH is an attribute path such as src.hash or services.nginx."virtualHosts".x; EXPR is Nix source.
Edits apply in the order given. FILE - reads standard input.
  --set PATH=EXPR     replace the value at PATH, or add a binding where PATH is missing
  --remove PATH       remove the binding at PATH (with its comments)
  --append PATH=EXPR  append EXPR to the list at PATH
  --in-place, -i      write the result back to FILE (atomically) instead of standard output
get prints the source text of the value at PATH.
Exit codes: 0 ok, 1 the edit cannot be made (the message says where; nothing is written), 2 bad usage or I/O error.
`;

type Op = { readonly kind: "set" | "append"; readonly path: string; readonly expr: string } | { readonly kind: "remove"; readonly path: string };

class UsageError extends Error {}

/** Splits `PATH=EXPR` at the first `=` outside a quoted name. */
function splitAssign(opt: string, arg: string): { path: string; expr: string } {
  let quoted = false;
  for (let i = 0; i < arg.length; i++) {
    const c = arg[i];
    if (c === "\\" && quoted) i++;
    else if (c === '"') quoted = !quoted;
    else if (c === "=" && !quoted) return { path: arg.slice(0, i), expr: arg.slice(i + 1) };
  }
  throw new UsageError(`${opt} takes PATH=EXPR, got ${JSON.stringify(arg)}`);
}

function parseEditArgs(argv: readonly string[]): { file: string; ops: Op[]; inPlace: boolean } | "help" {
  let file: string | undefined;
  const ops: Op[] = [];
  let inPlace = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string => {
      const eq = a.indexOf("=");
      if (a.startsWith("--") && eq > 0 && ["--set", "--remove", "--append"].includes(a.slice(0, eq))) return a.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${a} needs an argument`);
      return v;
    };
    const name = a.startsWith("--") && a.includes("=") ? a.slice(0, a.indexOf("=")) : a;
    if (a === "--help" || a === "-h") return "help";
    else if (a === "--in-place" || a === "-i") inPlace = true;
    else if (name === "--set" || name === "--append") ops.push({ kind: name === "--set" ? "set" : "append", ...splitAssign(name, value()) });
    else if (name === "--remove") ops.push({ kind: "remove", path: value() });
    else if (a.startsWith("-") && a !== "-") throw new UsageError(`unknown option ${a}`);
    else if (file === undefined) file = a;
    else throw new UsageError(`unexpected argument ${a}`);
  }
  if (file === undefined) throw new UsageError("edit needs a FILE (- for standard input)");
  if (inPlace && file === "-") throw new UsageError("--in-place needs a file, not standard input");
  return { file, ops, inPlace };
}

/** A value given on the command line, parsed with its option named in errors. */
function exprOf(op: Op & { expr: string }): Expr {
  return parse(op.expr, { file: `value of --${op.kind} ${op.path}` });
}

function read(file: string, io: EditIo): string {
  return file === "-" ? io.stdin() : readFileSync(file, "utf8");
}

/** Reports an error; returns the exit code. */
function report(e: unknown, io: EditIo): number {
  if (e instanceof UsageError) {
    io.stderr(`nix-ast: ${e.message}\n\n${EDIT_HELP}`);
    return 2;
  }
  if (e instanceof NixParseError || e instanceof NixEditError || e instanceof NixAstError) {
    io.stderr(`${e.message}\n`);
    return 1;
  }
  const code = (e as NodeJS.ErrnoException).code;
  if (typeof code === "string") {
    io.stderr(`nix-ast: ${(e as Error).message}\n`);
    return 2;
  }
  throw e;
}

/** `nix-ast edit …` (arguments after `edit`); returns the exit code. */
export function runEdit(argv: readonly string[], io: EditIo): number {
  try {
    const args = parseEditArgs(argv);
    if (args === "help") {
      io.stdout(EDIT_HELP);
      return 0;
    }
    const name = args.file === "-" ? "<stdin>" : args.file;
    const source = read(args.file, io);
    let doc: NixDocument = edit(source, { file: name });
    for (const op of args.ops) {
      doc =
        op.kind === "remove"
          ? doc.remove(op.path)
          : op.kind === "set"
            ? doc.set(op.path, exprOf(op))
            : doc.append(op.path, exprOf(op));
    }
    const out = doc.toString();
    // The result must parse before anything is written.
    parse(out, { file: `${name} (edited)` });
    if (args.inPlace) {
      if (out !== source) writeFileAtomic(args.file, out);
    } else io.stdout(out);
    return 0;
  } catch (e) {
    return report(e, io);
  }
}

/** `nix-ast get FILE PATH`; returns the exit code. */
export function runGet(argv: readonly string[], io: EditIo): number {
  try {
    if (argv.includes("--help") || argv.includes("-h")) {
      io.stdout(EDIT_HELP);
      return 0;
    }
    if (argv.length !== 2) throw new UsageError("get takes FILE and PATH");
    const [file, path] = argv as [string, string];
    const name = file === "-" ? "<stdin>" : file;
    const found = edit(read(file, io), { file: name }).get(path);
    if (found === undefined) throw new NixEditError("not found", path, undefined);
    io.stdout(`${found.text}\n`);
    return 0;
  } catch (e) {
    return report(e, io);
  }
}
