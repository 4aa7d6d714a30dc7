#!/usr/bin/env node
/**
 * `bitpoll-flake generate [--out DIR] [--config FILE] [--force] [--check]`
 *
 * Exit codes: 0 done (or up to date with `--check`); 1 `--check` found differences; 2 bad usage,
 * bad configuration, or a refusal to overwrite (nothing was written).
 *
 * @module
 */
import { realpathSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { ConfigError, loadConfig, type Config } from "./config.js";
import { bitpollFlake } from "./index.js";
import type { MissingHash } from "./pins.js";
import { WriteConflictError } from "./write.js";

/** The default output directory (git-ignored at the repository root). */
export const DEFAULT_OUT = "bitpoll-nix";

const USAGE = `usage: bitpoll-flake generate [--out DIR] [--config FILE] [--force] [--check]

  --out DIR      where to write the flake (default: ./${DEFAULT_OUT})
  --config FILE  a JSON configuration (pins, nixpkgs, systems, server, features, extraPythonPackages)
  --force        overwrite files that bitpoll-flake did not write
  --check        write nothing; exit 1 if the files on disk differ from what would be written
`;

interface Args {
  readonly out: string;
  readonly config?: string;
  readonly force: boolean;
  readonly check: boolean;
}

class UsageError extends Error {}

function parseArgs(argv: readonly string[]): Args | "help" {
  const [command, ...rest] = argv;
  if (command === "--help" || command === "-h" || command === "help") return "help";
  if (command !== "generate") throw new UsageError(command === undefined ? "missing command" : `unknown command ${command}`);
  let out = DEFAULT_OUT;
  let config: string | undefined;
  let force = false;
  let check = false;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    const [flag, inline] = a.startsWith("--") && a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
    const value = () => {
      const v = inline ?? rest[++i];
      if (v === undefined || v === "") throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === "--out") out = value();
    else if (flag === "--config") config = value();
    else if (flag === "--force") force = true;
    else if (flag === "--check") check = true;
    else if (flag === "--help" || flag === "-h") return "help";
    else throw new UsageError(`unknown option ${a}`);
  }
  return { out, ...(config !== undefined ? { config } : {}), force, check };
}

function warnMissing(missing: readonly MissingHash[], err: (s: string) => void): void {
  if (missing.length === 0) return;
  const bar = "!".repeat(78);
  err(`${bar}\n!! WARNING: ${missing.length} pin(s) have no known hash; the flake uses lib.fakeHash for them.`);
  err("!! The first build will fail with a hash mismatch that prints the real hash (\"got: sha256-...\").");
  for (const m of missing) err(`!!   ${m.pin}: set ${m.field} in --config. Get it with:\n!!     ${m.howTo}`);
  err(bar);
}

/** Runs the CLI; returns the exit code. `out`/`err` receive lines (testable without a process). */
export function main(argv: readonly string[], io = { out: (s: string) => console.log(s), err: (s: string) => console.error(s) }): number {
  const started = performance.now();
  let args: Args | "help";
  try {
    args = parseArgs(argv);
  } catch (e) {
    io.err(`bitpoll-flake: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args === "help") {
    io.out(USAGE);
    return 0;
  }
  try {
    const config: Config = args.config !== undefined ? loadConfig(args.config) : {};
    const flake = bitpollFlake(config);
    const tree = flake.files();
    const dir = resolve(args.out);
    const result = flake.write(dir, { force: args.force, check: args.check });
    const ms = (performance.now() - started).toFixed(0);
    if (args.check) {
      if (result.differing.length > 0) {
        io.err(`bitpoll-flake: ${dir} is out of date (${result.differing.length} file(s) differ):\n${result.differing.map((p) => `  ${p}`).join("\n")}`);
        return 1;
      }
      io.out(`bitpoll-flake: ${dir} is up to date (${tree.files.size} files, ${ms} ms)`);
      warnMissing(tree.missing, io.err);
      return 0;
    }
    io.out(
      `bitpoll-flake: wrote ${dir}: ${result.written.length} written, ${result.unchanged.length} unchanged, ${result.removed.length} removed (${ms} ms)`,
    );
    warnMissing(tree.missing, io.err);
    return 0;
  } catch (e) {
    if (e instanceof ConfigError || e instanceof WriteConflictError) {
      io.err(`bitpoll-flake: ${e.message}\nNothing was written.`);
      return 2;
    }
    io.err(`bitpoll-flake: ${(e as Error).message}`);
    return 2;
  }
}

// Run when executed directly (`node dist/cli.js`); bin/bitpoll-flake.js calls main itself.
const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(realpathSync(entry)).href) {
  process.exitCode = main(process.argv.slice(2));
}
