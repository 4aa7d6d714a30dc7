/**
 * Writing the generated tree safely.
 *
 * - Atomic per file: each file is written to a temporary file in its own directory, then renamed
 *   over the target, so a reader never sees half a file.
 * - Nothing is written on any error: every check (conflicts, unreadable manifest, paths that are
 *   directories) runs before the first write.
 * - A manifest (`.bitpoll-flake.json`, file → sha256) records what the generator wrote. A file on
 *   disk that the manifest does not vouch for (never written by us, or edited since) is not
 *   overwritten or deleted without `force`.
 * - `check` writes nothing and reports the files that differ from what would be written.
 *
 * @module
 */
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { GeneratedTree } from "./files.js";

/** The manifest's file name, at the root of the output directory. */
export const MANIFEST = ".bitpoll-flake.json";

/** Options of {@link writeTree}. */
export interface WriteOptions {
  /** Overwrite or delete files the generator did not write (or that were edited since). */
  readonly force?: boolean;
  /** Write nothing; report what differs. */
  readonly check?: boolean;
}

/** What {@link writeTree} did, or in `check` mode would do. */
export interface WriteResult {
  readonly written: readonly string[];
  readonly unchanged: readonly string[];
  readonly removed: readonly string[];
  /** In `check` mode: files that are missing, differ, or are stale. Empty means up to date. */
  readonly differing: readonly string[];
}

/** Files on disk that would be overwritten or deleted though the generator did not write them. */
export class WriteConflictError extends Error {
  override readonly name = "WriteConflictError";
  constructor(readonly paths: readonly string[]) {
    super(
      `refusing to overwrite files that bitpoll-flake did not write (or that were edited since):\n${paths
        .map((p) => `  ${p}`)
        .join("\n")}\nMove them away, or pass --force to overwrite them.`,
    );
  }
}

interface Manifest {
  readonly generator: "bitpoll-flake";
  readonly files: Readonly<Record<string, string>>;
}

/** The sha256 of a text, hex. */
export function sha256(text: string | Buffer): string {
  return createHash("sha256").update(text).digest("hex");
}

function readManifest(dir: string, force: boolean): Manifest {
  const file = join(dir, MANIFEST);
  const empty: Manifest = { generator: "bitpoll-flake", files: {} };
  if (!existsSync(file)) return empty;
  try {
    const m = JSON.parse(readFileSync(file, "utf8")) as Partial<Manifest>;
    if (m.generator !== "bitpoll-flake" || typeof m.files !== "object" || m.files === null) throw new Error("not a bitpoll-flake manifest");
    return { generator: "bitpoll-flake", files: m.files };
  } catch (e) {
    if (force) return empty;
    throw new Error(`${file} is unreadable (${(e as Error).message}); pass --force to start over`);
  }
}

function readIfFile(path: string): Buffer | undefined {
  if (!existsSync(path)) return undefined;
  if (!statSync(path).isFile()) throw new Error(`${path} exists and is not a file`);
  return readFileSync(path);
}

/** Writes `text` to `path` atomically: a temporary sibling, then a rename. */
export function atomicWrite(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${randomBytes(6).toString("hex")}.bitpoll-flake.tmp`);
  try {
    writeFileSync(tmp, text, { flag: "wx" });
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** Writes (or checks) the tree under `dir`; see the module comment for the rules. */
export function writeTree(dir: string, tree: GeneratedTree, options: WriteOptions = {}): WriteResult {
  const force = options.force ?? false;
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new Error(`${dir} exists and is not a directory`);
  const manifest = readManifest(dir, force || (options.check ?? false));

  const written: string[] = [];
  const unchanged: string[] = [];
  const conflicts: string[] = [];
  for (const [rel, file] of tree.files) {
    const onDisk = readIfFile(join(dir, rel));
    if (onDisk === undefined) {
      written.push(rel);
      continue;
    }
    if (onDisk.toString("utf8") === file.text) {
      unchanged.push(rel);
      continue;
    }
    written.push(rel);
    if (manifest.files[rel] !== sha256(onDisk)) conflicts.push(rel);
  }

  const removed: string[] = [];
  for (const [rel, hash] of Object.entries(manifest.files)) {
    if (tree.files.has(rel)) continue;
    const onDisk = readIfFile(join(dir, rel));
    if (onDisk === undefined) continue;
    removed.push(rel);
    if (sha256(onDisk) !== hash) conflicts.push(rel);
  }

  if (options.check) return { written: [], unchanged, removed: [], differing: [...written, ...removed].sort() };
  if (conflicts.length > 0 && !force) throw new WriteConflictError(conflicts.sort());

  for (const rel of written) atomicWrite(join(dir, rel), tree.files.get(rel)!.text);
  for (const rel of removed) unlinkSync(join(dir, rel));
  const files = Object.fromEntries([...tree.files].map(([rel, f]) => [rel, sha256(f.text)]));
  const next: Manifest = { generator: "bitpoll-flake", files };
  atomicWrite(join(dir, MANIFEST), `${JSON.stringify(next, null, 2)}\n`);
  return { written, unchanged, removed, differing: [] };
}
