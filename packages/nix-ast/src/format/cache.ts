/**
 * `nix-ast fmt --cache`: the files this formatter has already seen formatted, so that checking a
 * tree again formats only what changed since (as `prettier --cache` and treefmt do).
 *
 * The cache holds SHA-256 digests of (options, text) pairs, each marked as formatted (`format`
 * leaves the text unchanged) or not, under a header naming the formatter build. A hit is therefore
 * exact: the same text with the same options on the same build, whatever the file's name, times or
 * place. A cache written by another build, or unreadable, is ignored and replaced; nothing in it
 * can give a text a verdict unless this build formatted that very text.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import * as nodePath from "node:path";
import { fileURLToPath } from "node:url";
import { userCacheDir } from "../cache-dir.js";
import type { FileOutcome } from "./files.js";
import { writeFileAtomic } from "./write.js";

/**
 * First words of a cache file; the number changes when the file's layout does. Then one digest per
 * line: a text that is formatted, or, after a `!`, one that is not.
 */
const MAGIC = "nix-ast-fmt-cache 1";

/** At most this many digests are kept (about 1.3 MB); the ones this run used come first. */
const MAX_ENTRIES = 20_000;

/** The cache file used when `--cache` names none: `$XDG_CACHE_HOME/nix-ast/fmt-cache`, else `~/.cache/…`. */
export function defaultCachePath(env: NodeJS.ProcessEnv = process.env): string {
  return nodePath.join(userCacheDir(env), "nix-ast", "fmt-cache");
}

/**
 * This formatter build: the package's version and the name, size and modification time of every
 * compiled module. Reading the modules' contents instead costs about 25 ms per run; an edited
 * module has a new time or size, and a published version a new version string (npm gives every
 * file of a package the same time); the command's bundle (`dist/cli-bundle/`) is among them, and
 * names the same build from there. Bundled into one file elsewhere (not in the package's `format/`
 * or `cli-bundle/` folder), the build is that file's own content.
 */
export function formatterBuild(): string {
  const self = fileURLToPath(import.meta.url);
  const dist = nodePath.dirname(nodePath.dirname(self));
  const h = createHash("sha256");
  const folder = nodePath.basename(nodePath.dirname(self));
  if ((folder !== "format" && folder !== "cli-bundle") || !existsSync(nodePath.join(dist, "cli.js"))) {
    return h.update(readFileSync(self)).digest("hex");
  }
  try {
    h.update(readFileSync(nodePath.join(dist, "..", "package.json")));
  } catch {
    // A build without its package.json: the modules below still name it.
  }
  for (const name of modulesUnder(dist).sort()) {
    const s = statSync(nodePath.join(dist, name));
    h.update(`${name}\0${s.size}\0${s.mtimeMs}\n`);
  }
  return h.digest("hex");
}

/** The `.js` files under `dir`, relative to it (a walk: node 20's `recursive` readdir takes 15–25 ms here). */
function modulesUnder(dir: string, prefix = "", out: string[] = []): string[] {
  for (const e of readdirSync(nodePath.join(dir, prefix), { withFileTypes: true })) {
    const name = prefix === "" ? e.name : `${prefix}/${e.name}`;
    if (e.isDirectory()) modulesUnder(dir, name, out);
    else if (e.name.endsWith(".js")) out.push(name);
  }
  return out;
}

/** The digest under which `text`, formatted with `options` (a fixed string per option set), is cached. */
export function cacheDigest(options: string, text: string): string {
  return createHash("sha256").update(options).update("\0").update(text).digest("hex");
}

/** What a cache knows: digests of texts that are formatted and of texts that are not. */
export interface Verdicts {
  readonly formatted: ReadonlySet<string>;
  readonly unformatted: ReadonlySet<string>;
}

/**
 * The outcome of a text whose digest is `digest`, when `known` answers it: formatted, or (for a
 * check, which writes nothing) not formatted. Otherwise undefined: the text must be formatted.
 */
export function knownOutcome(known: Verdicts, digest: string, check: boolean): FileOutcome | undefined {
  if (known.formatted.has(digest)) return { kind: "same", formatted: digest };
  if (check && known.unformatted.has(digest)) return { kind: "changed", unformatted: digest };
  return undefined;
}

/** A loaded cache: what it knew, and the verdicts this run used or found. */
export class FmtCache {
  /** This run's lines (`!` before a text that is not formatted), in the order seen. */
  private readonly used = new Set<string>();

  private constructor(
    readonly path: string,
    private readonly build: string,
    /** The verdicts read from the file. */
    readonly known: Verdicts,
    private readonly lines: readonly string[],
  ) {}

  /** Reads the cache at `path`; a missing, unreadable or foreign file gives an empty cache. */
  static load(path: string, build: string): FmtCache {
    let lines: string[] = [];
    try {
      lines = readFileSync(path, "utf8").split("\n");
    } catch {
      // No cache yet, or not readable: start empty (saving reports a lasting problem).
    }
    const kept = lines[0] === `${MAGIC} ${build}` ? lines.slice(1).filter((l) => /^!?[0-9a-f]{64}$/.test(l)) : [];
    const formatted = new Set<string>();
    const unformatted = new Set<string>();
    for (const l of kept) {
      if (l.startsWith("!")) unformatted.add(l.slice(1));
      else formatted.add(l);
    }
    return new FmtCache(path, build, { formatted, unformatted }, kept);
  }

  /** Records that the text with this digest is formatted (or, with `false`, that it is not). */
  add(digest: string, formatted: boolean): void {
    this.used.add(formatted ? digest : `!${digest}`);
  }

  /**
   * Writes the cache atomically: this run's digests, then older ones up to {@link MAX_ENTRIES}.
   * @throws the file system's error when the folder or file cannot be written.
   */
  save(): void {
    const out = [...this.used];
    for (const l of this.lines) {
      if (out.length >= MAX_ENTRIES) break;
      if (!this.used.has(l)) out.push(l);
    }
    mkdirSync(nodePath.dirname(this.path), { recursive: true });
    writeFileAtomic(this.path, `${MAGIC} ${this.build}\n${out.join("\n")}\n`);
  }
}
