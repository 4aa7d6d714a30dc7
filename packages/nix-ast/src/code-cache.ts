/**
 * The command line's code cache. Node compiles a script's functions as they are first called, in
 * every run, in the command's thread and again in each of `fmt`'s worker threads; Node 20 keeps
 * none of that between runs (`module.enableCompileCache` came in Node 22). The bundled command
 * (`dist/cli-bundle/`, scripts/bundle-cli.mjs) is therefore run through {@link runBundle}, which
 * hands V8 the bytecode it made for the same bundle in an earlier run (`vm.Script`'s
 * `cachedData`) and, when it had none, keeps what this run compiled: after the run, so that the
 * functions compiled lazily while formatting are in it too, not only the bundle's top level.
 *
 * The cache lives in `$XDG_CACHE_HOME/nix-ast/code-cache/` (else `~/.cache/…`), one file per
 * command and thread role, made readable and writable by the user alone: like any file there, it
 * is trusted as the user's own. A file names what it was made for (`cacheKey`): Node's version, its
 * command-line flags and the bundle file itself; a checksum covers its data. V8 itself refuses data
 * made under other V8 flags (the commands set theirs, `v8-tuning.ts`, before the bundle is
 * compiled). A stale or damaged file is simply replaced, and a cache that cannot be read or written
 * (no home, a read-only one, a Node without `zlib.crc32`) only costs the compilation. Run as root
 * with another user's home (`sudo` keeping `$HOME`), the command writes no cache there.
 * `NIX_AST_CODE_CACHE=0` turns it off. The library's own entry points are not affected.
 *
 * @module
 */
import { mkdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import * as nodePath from "node:path";
import { isMainThread } from "node:worker_threads";
import { Script } from "node:vm";
import { mayWriteCacheIn, userCacheDir } from "./cache-dir.js";
import { writeFileAtomic } from "./format/write.js";
import { isShortLived, shortLived } from "./v8-tuning.js";

/** Where {@link runBundle} leaves the save of this thread's cache (a global: bundles share no modules). */
const SAVE = Symbol.for("nix-ast.code-cache.save");

type Slot = { [SAVE]?: () => void };

/**
 * The code cache file for `name` (a command, or a thread's role), or null when the cache is turned
 * off (`NIX_AST_CODE_CACHE=0`) or there is no home to keep it in.
 */
export function codeCachePath(name: string, env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.NIX_AST_CODE_CACHE === "0") return null;
  let base: string;
  try {
    base = userCacheDir(env);
  } catch {
    return null; // no home folder the system knows of
  }
  if (!nodePath.isAbsolute(base)) return null;
  return nodePath.join(base, "nix-ast", "code-cache", `${name.replace(/[^a-z0-9-]/gi, "_")}-${process.arch}.bin`);
}

/**
 * What a cache file must have been made for: this Node and its flags, and this very bundle file
 * (V8 checks only the source's length). The file is named by its device, inode, size and times:
 * any write or replacement of it changes its change time (`ctime`, which no tool sets back), and
 * hashing it instead would load node:crypto (about 5 ms per thread) and read it twice.
 */
function cacheKey(file: string): string {
  const st = statSync(file);
  return `nix-ast code cache 2\0${process.version}\0${process.arch}\0${process.execArgv.join(" ")}\0${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}\n`;
}

/**
 * CRC-32 of `data`, or null where the host has none (`zlib.crc32` came in Node 20.15 and 22.2;
 * loaded only when a cache is read or written, about 3 ms).
 */
function crc32(data: Uint8Array): number | null {
  const zlib = createRequire(import.meta.url)("node:zlib") as { crc32?: (d: Uint8Array) => number };
  return typeof zlib.crc32 === "function" ? zlib.crc32(data) >>> 0 : null;
}

/** A cache file's checksum line: eight hex digits and a newline. */
const SUM_LENGTH = 9;

function sumLine(data: Uint8Array): string | null {
  const sum = crc32(data);
  return sum === null ? null : `${sum.toString(16).padStart(8, "0")}\n`;
}

/**
 * The data of the cache file at `path` made for `key`, else undefined. The file holds the key, a
 * checksum line and V8's data, which is checked against it here: V8 itself verifies only sizes
 * and versions (`--verify-snapshot-checksum` is off in release builds), not the bytes it runs.
 */
function readCache(path: string, key: string): Buffer | undefined {
  let file: Buffer;
  try {
    file = readFileSync(path);
  } catch {
    return undefined;
  }
  const head = Buffer.from(key, "utf8");
  if (file.length <= head.length + SUM_LENGTH || !file.subarray(0, head.length).equals(head)) return undefined;
  const data = file.subarray(head.length + SUM_LENGTH);
  const sum = sumLine(data);
  return sum !== null && file.toString("latin1", head.length, head.length + SUM_LENGTH) === sum ? data : undefined;
}

/**
 * Writes the cache file whole or not at all, readable by the user alone; not at all where it would
 * leave root's files in another user's folder (`mayWriteCacheIn`).
 */
function writeCache(path: string, key: string, data: Buffer): void {
  const sum = sumLine(data);
  if (sum === null) return;
  try {
    if (!mayWriteCacheIn(nodePath.dirname(path))) return;
    mkdirSync(nodePath.dirname(path), { recursive: true, mode: 0o700 });
    writeFileAtomic(path, Buffer.concat([Buffer.from(key + sum, "utf8"), data]), 0o600);
  } catch {
    // Only the next run's compilation is lost.
  }
}

/**
 * Runs the CommonJS bundle `file` (as Node would run it as a module), with V8's code cache for it
 * kept under `name` ({@link codeCachePath}). In the main thread a missing or refused cache is
 * written when the process exits; a worker thread, which its command may stop at any moment once
 * its work is handed in, writes it when it calls {@link saveCodeCache}.
 */
export function runBundle(file: string, name: string | null): void {
  let source = readFileSync(file, "utf8");
  // A `#!` line is valid only at a script's very start, not inside the module wrapper.
  if (source.startsWith("#!")) source = `//${source.slice(2)}`;
  const path = name === null ? null : codeCachePath(name);
  const key = path === null ? "" : cacheKey(file);
  const cachedData = path === null ? undefined : readCache(path, key);
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    ...(cachedData !== undefined ? { cachedData } : {}),
  });
  const slot = globalThis as Slot;
  if (path !== null && (cachedData === undefined || script.cachedDataRejected === true)) {
    let saved = false;
    slot[SAVE] = () => {
      if (saved) return;
      saved = true;
      writeCache(path, key, script.createCachedData());
    };
    if (isMainThread) process.once("exit", () => slot[SAVE]?.());
  }
  const module = { exports: {} };
  const run = script.runInThisContext() as (e: unknown, r: NodeJS.Require, m: unknown, f: string, d: string) => void;
  run(module.exports, createRequire(file), module, file, nodePath.dirname(file));
}

/** The commands whose code is cached, each on its own (each compiles other functions). */
const CACHED_COMMANDS: ReadonlySet<string> = new Set(["fmt", "edit", "get", "from-json", "print", "parse"]);

/**
 * Runs the command line's bundle `file` for `argv` (the command's arguments): V8 tuned first for
 * the commands that want it (`v8-tuning.ts`; V8 refuses a code cache made under other flags), and
 * the code cache kept per command (none for other arguments, such as `--help` or a mistyped
 * command, which leave no file behind).
 */
export function runCommandBundle(file: string, argv: readonly string[] = process.argv.slice(2)): void {
  const command = argv[0];
  if (isShortLived(command)) shortLived();
  runBundle(file, command !== undefined && CACHED_COMMANDS.has(command) ? `cli-${command}` : null);
}

/**
 * Keeps this thread's code cache now, if {@link runBundle} ran it without a usable one (else, and
 * outside a bundle, nothing).
 */
export function saveCodeCache(): void {
  (globalThis as Slot)[SAVE]?.();
}
