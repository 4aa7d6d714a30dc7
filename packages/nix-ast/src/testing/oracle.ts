/**
 * The real-Nix oracle: batched, time-limited calls to `nix-instantiate` (`--parse`, `--eval`), a
 * typed exact equality checked inside Nix, and the policy that decides whether a suite runs.
 *
 * Every call starts the binary directly (`execFile`, no shell), feeds the expression on stdin (no
 * argument-size limit), and puts many cases into one process; a failing batch is bisected to name
 * the case that fails.
 *
 * @module
 */
import { execFile, execFileSync } from "node:child_process";
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import * as nodePath from "node:path";
import { NixAstError } from "../errors.js";
import { parseCanonical, type CanonNode } from "./normalize.js";

/** Options shared by the oracle calls. */
export interface OracleOptions {
  /**
   * Folder relative paths resolve against (the process's working folder). Defaults to
   * `process.cwd()`; pass the same folder to `canonical`.
   */
  readonly cwd?: string;
  /** Kill the process after this many milliseconds; defaults to 120 000. */
  readonly timeoutMs?: number;
  /** The binary; defaults to env `NIX_INSTANTIATE`, else `nix-instantiate` on the `PATH`. */
  readonly nixInstantiate?: string;
}

/** One failing case of a batch: its index, its source and what Nix said. */
export class NixOracleError extends NixAstError {
  override readonly name = "NixOracleError";
  constructor(
    /** Index of the failing case in the batch (or -1 for a single call). */
    readonly index: number,
    /** The source of the failing case. */
    readonly source: string,
    /** Nix's error output. */
    readonly stderr: string,
  ) {
    super(
      `nix-instantiate failed${index >= 0 ? ` on case ${index}` : ""}:\n${stderr.trim()}\n--- source ---\n${source}`,
    );
  }
}

/** The outcome of one case of a settled batch. */
export type Settled<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: NixOracleError };

const binary = (o: OracleOptions) =>
  o.nixInstantiate ?? process.env.NIX_INSTANTIATE ?? "nix-instantiate";

interface RunResult {
  readonly ok: boolean;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs nix-instantiate with `input` on stdin; resolves (never rejects) unless it cannot start. */
function run(
  args: readonly string[],
  input: string,
  o: OracleOptions,
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      binary(o),
      [...args, "-"],
      {
        cwd: o.cwd ?? process.cwd(),
        timeout: o.timeoutMs ?? 120_000,
        killSignal: "SIGKILL",
        maxBuffer: 1 << 30,
        encoding: "utf8",
      },
      (err, stdout, stderr) => {
        if (err && (err as NodeJS.ErrnoException).code === "ENOENT") {
          reject(new Error(`${binary(o)} not found: install Nix (Debian: apt-get install nix-bin; see docs/testing.md)`));
          return;
        }
        if (err && err.killed) {
          resolve({
            ok: false,
            stdout,
            stderr: `timed out after ${o.timeoutMs ?? 120_000} ms\n${stderr}`,
          });
          return;
        }
        resolve({ ok: !err, stdout, stderr });
      },
    );
    child.stdin?.on("error", () => {
      // The process may exit before reading all input (a parse error); its exit code tells.
    });
    child.stdin?.end(input);
  });
}

/**
 * Runs a batch; on failure splits it in halves until single failing cases remain, so one bad case
 * costs about log2(n) extra processes and the others still get their answers.
 */
async function settleBatch<T>(
  sources: readonly string[],
  runBatch: (
    batch: readonly string[],
  ) => Promise<{ ok: true; values: T[] } | { ok: false; stderr: string }>,
): Promise<Settled<T>[]> {
  const out: Settled<T>[] = new Array(sources.length);
  const go = async (lo: number, hi: number): Promise<void> => {
    if (lo >= hi) return;
    const r = await runBatch(sources.slice(lo, hi));
    if (r.ok) {
      r.values.forEach((value, k) => (out[lo + k] = { ok: true, value }));
      return;
    }
    if (hi - lo === 1) {
      out[lo] = {
        ok: false,
        error: new NixOracleError(lo, sources[lo] as string, r.stderr),
      };
      return;
    }
    const mid = (lo + hi) >> 1;
    await go(lo, mid);
    await go(mid, hi);
  };
  await go(0, sources.length);
  return out;
}

function unwrap<T>(settled: readonly Settled<T>[]): T[] {
  return settled.map((s) => {
    if (!s.ok) throw s.error;
    return s.value;
  });
}

/** A list of cases, each on its own lines so a trailing `#` comment cannot swallow the `)`. */
const listOf = (sources: readonly string[]) =>
  `[\n${sources.map((s) => `(\n${s}\n)\n`).join("")}]`;

/**
 * Parses each source with `nix-instantiate --parse` inside `with {};` (so free variables are
 * allowed) and returns what Nix prints for it, without the `with` wrapper: the text
 * `canonical(ast)` renders. All cases go to one process as elements of one list.
 *
 * @throws {@link NixOracleError} naming the first case Nix rejects.
 */
export async function parseNix(
  sources: readonly string[],
  opts: OracleOptions = {},
): Promise<string[]> {
  return unwrap(await parseNixSettled(sources, opts));
}

/** {@link parseNix}, reporting each case's success or error instead of throwing. */
export async function parseNixSettled(
  sources: readonly string[],
  opts: OracleOptions = {},
): Promise<Settled<string>[]> {
  return settleBatch(sources, async (batch) => {
    const r = await run(["--parse"], `with {}; ${listOf(batch)}`, opts);
    if (!r.ok) return { ok: false, stderr: r.stderr };
    const items = listItems(r.stdout);
    if (items.length !== batch.length) {
      return {
        ok: false,
        stderr: `expected ${batch.length} items, Nix printed:\n${r.stdout}`,
      };
    }
    return { ok: true, values: items };
  });
}

/** The texts of the elements of the list in `(with { }; [ (a) (b) ])`. */
function listItems(out: string): string[] {
  const top = parseCanonical(out);
  const withGroup = top[0];
  if (top.length !== 1 || withGroup?.t !== "group")
    throw new Error(`unexpected --parse output: ${out}`);
  const list = withGroup.items[withGroup.items.length - 1];
  if (list?.t !== "group" || list.open !== "[")
    throw new Error(`unexpected --parse output: ${out}`);
  return list.items.map((item: CanonNode) => {
    if (item.t !== "group" || item.open !== "(")
      throw new Error(`unexpected list item in: ${out}`);
    return out.slice(item.start + 1, item.end - 1);
  });
}

/**
 * Evaluates one expression with `nix-instantiate --eval --strict --json` and returns the parsed
 * JSON. Floats keep only 6 significant digits there: check floats with
 * {@link nixEquals}.
 */
export async function evalNix(
  source: string,
  opts: OracleOptions = {},
): Promise<unknown> {
  const r = await run(["--eval", "--strict", "--json"], source, opts);
  if (!r.ok) throw new NixOracleError(-1, source, r.stderr);
  return JSON.parse(r.stdout) as unknown;
}

/** Evaluates many expressions in one process (as one list); see {@link evalNix}. */
export async function evalNixBatch(
  sources: readonly string[],
  opts: OracleOptions = {},
): Promise<unknown[]> {
  return unwrap(await evalNixBatchSettled(sources, opts));
}

/** {@link evalNixBatch}, reporting each case's success or error instead of throwing. */
export async function evalNixBatchSettled(
  sources: readonly string[],
  opts: OracleOptions = {},
): Promise<Settled<unknown>[]> {
  return settleBatch(sources, async (batch) => {
    const r = await run(["--eval", "--strict", "--json"], listOf(batch), opts);
    if (!r.ok) return { ok: false, stderr: r.stderr };
    const values = JSON.parse(r.stdout) as unknown[];
    return { ok: true, values };
  });
}

// ---------------------------------------------------------------------------------------------
// Typed exact equality, decided inside Nix.

/**
 * A value {@link nixEquals} compares with. Its Nix types follow `fromValue`: a `bigint` or a safe
 * integer `number` is an int, any other finite number a float; `null`, booleans, strings, arrays
 * and plain objects map to their Nix counterparts.
 */
export type ExpectedValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | readonly ExpectedValue[]
  | { readonly [key: string]: ExpectedValue };

/** The verdict of {@link nixEquals}: `reason` names the first difference and its path. */
export type NixEqualsResult =
  { readonly equal: true } | { readonly equal: false; readonly reason: string };

/**
 * JSON whose number syntax carries the Nix type: ints without a dot or exponent, floats always
 * with one (`builtins.fromJSON` reads `2.0` as a float and `2` as an int).
 */
export function typedJson(value: ExpectedValue): string {
  const go = (x: ExpectedValue): string => {
    if (x === null) return "null";
    switch (typeof x) {
      case "boolean":
        return x ? "true" : "false";
      case "bigint":
        return x.toString();
      case "number": {
        if (!Number.isFinite(x)) throw new Error(`${x} has no Nix form`);
        if (Number.isSafeInteger(x)) return String(x === 0 ? 0 : x);
        const s = String(x);
        return /[.e]/.test(s) ? s : `${s}.0`;
      }
      case "string":
        return JSON.stringify(x);
      default:
        break;
    }
    if (Array.isArray(x))
      return `[${(x as readonly ExpectedValue[]).map(go).join(",")}]`;
    const obj = x as { readonly [key: string]: ExpectedValue };
    return `{${Object.keys(obj)
      .map((k) => `${JSON.stringify(k)}:${go(obj[k] as ExpectedValue)}`)
      .join(",")}}`;
  };
  return go(value);
}

// `diff path a b` is null when equal, else a message; types are compared at every level because
// Nix's `==` says `1 == 1.0`.
const DIFF_FN = `
  let
    t = builtins.typeOf;
    show = x: if builtins.elem (t x) [ "int" "float" "bool" "null" "string" ] then builtins.toJSON x else t x;
    firstOf = l: if l == [ ] then null else builtins.head l;
    diff = path: a: e:
      if t a != t e then "\${path}: type \${t a} (\${show a}), expected \${t e} (\${show e})"
      else if t a == "set" then
        (if builtins.attrNames a != builtins.attrNames e
         then "\${path}: keys \${builtins.toJSON (builtins.attrNames a)}, expected \${builtins.toJSON (builtins.attrNames e)}"
         else firstOf (builtins.filter (x: x != null)
           (map (k: diff "\${path}.\${builtins.toJSON k}" a.\${k} e.\${k}) (builtins.attrNames a))))
      else if t a == "list" then
        (if builtins.length a != builtins.length e
         then "\${path}: length \${toString (builtins.length a)}, expected \${toString (builtins.length e)}"
         else firstOf (builtins.filter (x: x != null)
           (builtins.genList (i: diff "\${path}[\${toString i}]" (builtins.elemAt a i) (builtins.elemAt e i)) (builtins.length a))))
      else if a == e then null
      else "\${path}: \${show a}, expected \${show e}";
  in diff`;

/** One case of {@link nixEqualsBatch}. */
export interface EqualsCase {
  /** A Nix expression (no free variables). */
  readonly source: string;
  /** The value it must evaluate to, types included. */
  readonly expected: ExpectedValue;
}

/**
 * Checks inside Nix that `source` evaluates to exactly `expected`: same type at every level (int
 * vs float), same keys, same float bits (no 6-digit JSON rounding), same string bytes. The
 * expected value travels as a temp JSON file read with `builtins.fromJSON (builtins.readFile …)`.
 *
 * @throws {@link NixOracleError} when the source does not parse or evaluate.
 */
export async function nixEquals(
  source: string,
  expected: ExpectedValue,
  opts: OracleOptions = {},
): Promise<NixEqualsResult> {
  const [r] = await nixEqualsBatch([{ source, expected }], opts);
  return r as NixEqualsResult;
}

/** {@link nixEquals} for many cases in one process (bisected when one fails to evaluate). */
export async function nixEqualsBatch(
  cases: readonly EqualsCase[],
  opts: OracleOptions = {},
): Promise<NixEqualsResult[]> {
  return unwrap(await nixEqualsBatchSettled(cases, opts));
}

/** {@link nixEqualsBatch}, reporting per case instead of throwing. */
export async function nixEqualsBatchSettled(
  cases: readonly EqualsCase[],
  opts: OracleOptions = {},
): Promise<Settled<NixEqualsResult>[]> {
  const dir = mkdtempSync(nodePath.join(tmpdir(), "nix-ast-oracle-"));
  try {
    const file = nodePath.join(dir, "expected.json");
    writeFileSync(
      file,
      `[${cases.map((c) => typedJson(c.expected)).join(",\n")}]`,
    );
    // Cases are bisected by their sources; each keeps its index into the JSON file.
    const tagged = cases.map((c, i) => `${i}\n${c.source}`);
    return await settleBatch(tagged, async (batch) => {
      const parts = batch.map((t) => {
        const nl = t.indexOf("\n");
        return { index: Number(t.slice(0, nl)), source: t.slice(nl + 1) };
      });
      const expr = `let
  diff = ${DIFF_FN};
  expected = builtins.fromJSON (builtins.readFile ${JSON.stringify(file)});
  actual = ${listOf(parts.map((p) => p.source))};
  indices = [ ${parts.map((p) => p.index).join(" ")} ];
in builtins.genList (i: diff "$" (builtins.elemAt actual i) (builtins.elemAt expected (builtins.elemAt indices i))) ${parts.length}`;
      const r = await run(["--eval", "--strict", "--json"], expr, opts);
      if (!r.ok) return { ok: false, stderr: r.stderr };
      const verdicts = JSON.parse(r.stdout) as (string | null)[];
      return {
        ok: true,
        values: verdicts.map((v): NixEqualsResult =>
          v === null ? { equal: true } : { equal: false, reason: v },
        ),
      };
    }).then((settled) =>
      settled.map((s, i) =>
        s.ok
          ? s
          : {
              ok: false as const,
              error: new NixOracleError(
                i,
                (cases[i] as EqualsCase).source,
                s.error.stderr,
              ),
            },
      ),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Availability policy.

const availability = new Map<string, boolean>();

/** Whether `nix-instantiate` runs here (checked once per binary, synchronously, so suites can decide early). */
export function nixAvailable(
  opts: Pick<OracleOptions, "nixInstantiate"> = {},
): boolean {
  const bin = binary(opts);
  let ok = availability.get(bin);
  if (ok === undefined) {
    try {
      execFileSync(bin, ["--version"], { stdio: "ignore", timeout: 30_000 });
      ok = true;
    } catch {
      ok = false;
    }
    availability.set(bin, ok);
  }
  return ok;
}

/**
 * The policy for suites that need real Nix. Returns `true` when Nix is available. When it is
 * missing: under `CI=true` it throws (a CI run must not pass by skipping the proofs); elsewhere it
 * warns (`console.warn`) and returns `false`, for `describe.skipIf(!requireNix("…"))`.
 */
export function requireNix(
  suite = "this suite",
  opts: Pick<OracleOptions, "nixInstantiate"> = {},
): boolean {
  if (nixAvailable(opts)) return true;
  const msg = `${binary(opts)} is not available: ${suite} needs real Nix (Debian: apt-get install nix-bin; see docs/testing.md)`;
  if (process.env.CI === "true")
    throw new Error(`${msg}; CI=true forbids skipping`);
  console.warn(`SKIPPED: ${msg}`);
  return false;
}

/**
 * The folder of nixpkgs' library (`lib/`, whose `default.nix` is `lib`): env `NIXPKGS_LIB`, else
 * `<repo>/.cache/nixpkgs.lib/lib` when it exists, where `<repo>` is the nearest folder above the
 * working folder holding a `package.json` with `workspaces` (or a `.git`). `undefined` otherwise.
 */
export function nixpkgsLib(): string | undefined {
  const env = process.env.NIXPKGS_LIB;
  if (env) return nodePath.resolve(env);
  const root = repoRoot(process.cwd());
  if (root === undefined) return undefined;
  const lib = nodePath.join(root, ".cache", "nixpkgs.lib", "lib");
  return existsSync(nodePath.join(lib, "default.nix")) ? lib : undefined;
}

function repoRoot(start: string): string | undefined {
  let gitRoot: string | undefined;
  for (let dir = nodePath.resolve(start); ; dir = nodePath.dirname(dir)) {
    const pkg = nodePath.join(dir, "package.json");
    if (existsSync(pkg)) {
      try {
        const json = JSON.parse(readFileSync(pkg, "utf8")) as {
          workspaces?: unknown;
        };
        if (json.workspaces !== undefined) return dir;
      } catch {
        // An unreadable package.json is not a workspace root.
      }
    }
    if (gitRoot === undefined && existsSync(nodePath.join(dir, ".git")))
      gitRoot = dir;
    if (nodePath.dirname(dir) === dir) return gitRoot;
  }
}
