/**
 * `nix-ast fmt --cache` (format/cache.ts) through the real binary: the same reports as without a
 * cache, a hit only for the exact text, options and build that were found formatted, and a cache
 * that cannot be read or written never changes what the command reports.
 */
import { spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as nodePath from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { format } from "nix-ast";
import { cacheDigest, formatterBuild } from "../../packages/nix-ast/dist/format/cache.js";

const root = nodePath.join(fileURLToPath(new URL(".", import.meta.url)), "../..");
const bin = nodePath.join(root, "packages/nix-ast/bin/nix-ast.js");

const UNFORMATTED = "{a=[1 2];}";

/** A folder with `ok.nix` (formatted) and `todo.nix` (not), and a cache file name beside it. */
function folder(): { dir: string; cache: string; ok: string; todo: string } {
  const base = mkdtempSync(nodePath.join(tmpdir(), "nix-ast-fmt-cache-"));
  const dir = nodePath.join(base, "src");
  mkdirSync(dir);
  const ok = nodePath.join(dir, "ok.nix");
  const todo = nodePath.join(dir, "todo.nix");
  writeFileSync(ok, format("{ b = 2; }"));
  writeFileSync(todo, UNFORMATTED);
  return { dir, cache: nodePath.join(base, "cache"), ok, todo };
}

function fmt(args: string[], env: NodeJS.ProcessEnv = process.env) {
  const r = spawnSync(process.execPath, [bin, "fmt", ...args], { encoding: "utf8", env });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The digests a cache file holds. */
function digests(cache: string): string[] {
  return readFileSync(cache, "utf8").trim().split("\n").slice(1);
}

const OPTIONS = "width=100 indent=2 strict=false";

describe("nix-ast fmt --cache", () => {
  it("reports what a run without the cache reports, and records each text's verdict", () => {
    const { dir, cache, ok } = folder();
    const plain = fmt(["--check", dir]);
    const first = fmt(["--check", "--cache-location", cache, dir]);
    const second = fmt(["--check", `--cache-location=${cache}`, dir]);
    expect(plain.status).toBe(1);
    expect(first).toEqual(plain);
    expect(second).toEqual(plain);
    expect(digests(cache).sort()).toEqual([cacheDigest(OPTIONS, readFileSync(ok, "utf8")), `!${cacheDigest(OPTIONS, UNFORMATTED)}`].sort());
  });

  it("a digest in the cache is what spares the work: it names one exact text, options and build", () => {
    const { dir, cache, ok, todo } = folder();
    // A cache that lists the unformatted text (only a cache of this build could hold it): the
    // command trusts it and does not format that file.
    writeFileSync(cache, `nix-ast-fmt-cache 1 ${formatterBuild()}\n${cacheDigest(OPTIONS, UNFORMATTED)}\n`);
    expect(fmt(["--check", "--cache-location", cache, todo]).status).toBe(0);
    // A text marked as not formatted: a check reports it without formatting it; a run that writes
    // formats it all the same, and finds nothing to change.
    const okText = readFileSync(ok, "utf8");
    writeFileSync(cache, `nix-ast-fmt-cache 1 ${formatterBuild()}\n!${cacheDigest(OPTIONS, okText)}\n`);
    expect(fmt(["--check", "--cache-location", cache, ok])).toMatchObject({ status: 1, stdout: `${ok}\n` });
    expect(fmt(["--cache-location", cache, ok]).status).toBe(0);
    expect(readFileSync(ok, "utf8")).toBe(okText);
    expect(digests(cache)).toContain(cacheDigest(OPTIONS, okText));
    // Other options are another key: formatted again, and found unformatted.
    expect(fmt(["--check", "--width", "80", "--cache-location", cache, todo]).status).toBe(1);
    // A cache from another build is ignored, and replaced by this build's.
    writeFileSync(cache, `nix-ast-fmt-cache 1 ${"0".repeat(64)}\n${cacheDigest(OPTIONS, UNFORMATTED)}\n`);
    expect(fmt(["--check", "--cache-location", cache, todo]).status).toBe(1);
    expect(readFileSync(cache, "utf8").split("\n")[0]).toBe(`nix-ast-fmt-cache 1 ${formatterBuild()}`);
    // So is a damaged one.
    writeFileSync(cache, "\u0000garbage\n");
    expect(fmt(["--check", "--cache-location", cache, dir]).stdout).toBe(`${todo}\n`);
  });

  it("records what it writes, so the next check has nothing to do", () => {
    const { dir, cache, ok, todo } = folder();
    expect(fmt(["--cache-location", cache, dir]).status).toBe(0);
    expect(readFileSync(todo, "utf8")).toBe(format(UNFORMATTED));
    // Both texts now on disk are formatted; the one replaced was not.
    const now = [ok, todo].map((f) => cacheDigest(OPTIONS, readFileSync(f, "utf8")));
    expect(digests(cache).sort()).toEqual([...now, `!${cacheDigest(OPTIONS, UNFORMATTED)}`].sort());
    expect(fmt(["--check", "--cache-location", cache, dir])).toEqual({ status: 0, stdout: "", stderr: "" });
  });

  it("on several threads: the same reports, and a second run finds every formatted file known", () => {
    const { dir, cache } = folder();
    for (let i = 0; i < 40; i++) writeFileSync(nodePath.join(dir, `f${i}.nix`), i % 4 === 0 ? `[${i} ${i}]` : format(`{ a${i} = ${i}; }`));
    const plain = fmt(["--check", "--jobs", "1", dir]);
    expect(fmt(["--check", "--jobs", "2", "--cache-location", cache, dir])).toEqual(plain);
    // Formatted: 30 of f0…f39, and ok.nix; not: the other 10, and todo.nix.
    expect(digests(cache).filter((l) => !l.startsWith("!"))).toHaveLength(31);
    expect(digests(cache).filter((l) => l.startsWith("!"))).toHaveLength(11);
    expect(fmt(["--check", "--jobs", "2", "--cache-location", cache, dir])).toEqual(plain);
  });

  it("--cache keeps its file in $XDG_CACHE_HOME/nix-ast/fmt-cache", () => {
    const { dir } = folder();
    const xdg = mkdtempSync(nodePath.join(tmpdir(), "nix-ast-xdg-"));
    expect(fmt(["--check", "--cache", dir], { ...process.env, XDG_CACHE_HOME: xdg }).status).toBe(1);
    expect(existsSync(nodePath.join(xdg, "nix-ast", "fmt-cache"))).toBe(true);
  });

  it("a cache that cannot be written is a warning: the files are still checked and reported", () => {
    const { dir, ok, todo } = folder();
    const r = fmt(["--check", "--cache-location", nodePath.join(ok, "cache"), dir]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe(`${todo}\n`);
    expect(r.stderr).toMatch(/warning: cannot write the cache .*ok\.nix\/cache/);
    expect(fmt(["--cache-location"]).status).toBe(2);
  });

  it.skipIf(process.geteuid?.() !== 0)("run as root, keeps no default cache in another user's folder, but one it is told to", () => {
    const { dir, todo } = folder();
    const xdg = mkdtempSync(nodePath.join(tmpdir(), "nix-ast-xdg-"));
    chownSync(xdg, 1000, 1000);
    const env = { ...process.env, XDG_CACHE_HOME: xdg };
    const r = fmt(["--check", "--cache", dir], env);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe(`${todo}\n`);
    expect(r.stderr).toMatch(/warning: cannot write the cache .*nix-ast\/fmt-cache: run as root, .*sudo -H.*--cache-location/);
    expect(existsSync(nodePath.join(xdg, "nix-ast"))).toBe(false);
    const named = nodePath.join(xdg, "named-cache");
    const told = fmt(["--check", "--cache-location", named, dir], env);
    expect(told).toMatchObject({ status: 1, stdout: r.stdout });
    expect(told.stderr).not.toMatch(/warning/);
    expect(existsSync(named)).toBe(true);
  });
});
