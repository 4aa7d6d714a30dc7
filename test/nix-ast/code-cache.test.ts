/**
 * The command line's code cache (src/code-cache.ts) through the real command: what it writes and
 * where, that a later run uses it (the file is left as it was), and that a damaged, foreign,
 * unwritable or disabled cache changes nothing but the time.
 */
import { spawnSync } from "node:child_process";
import { chownSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as nodePath from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { format } from "nix-ast";
import { mayWriteCacheIn } from "../../packages/nix-ast/src/cache-dir.js";
import { codeCachePath } from "../../packages/nix-ast/src/code-cache.js";

const root = nodePath.join(fileURLToPath(new URL(".", import.meta.url)), "../..");
const bin = nodePath.join(root, "packages/nix-ast/bin/nix-ast.js");
const sample = "{\n  a = 1;\n  b.c = [ x y ];\n}\n";

function temp(prefix: string): string {
  return mkdtempSync(nodePath.join(tmpdir(), `nix-ast-${prefix}-`));
}

/** Runs `nix-ast` with its cache under `cacheHome` (and `env` on top). */
function run(cacheHome: string, args: string[], env: Record<string, string> = {}, script = bin) {
  const r = spawnSync(process.execPath, [script, ...args], {
    encoding: "utf8",
    env: { ...process.env, XDG_CACHE_HOME: cacheHome, NIX_AST_CODE_CACHE: "", ...env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function sampleFile(): string {
  const file = nodePath.join(temp("code-cache-src"), "a.nix");
  writeFileSync(file, sample);
  return file;
}

/** Whether this run is root's, which alone can hand a folder to another user (the next tests). */
const asRoot = process.geteuid?.() === 0;

const cacheDir = (home: string) => nodePath.join(home, "nix-ast", "code-cache");
const cacheFile = (home: string, name: string) => nodePath.join(cacheDir(home), `${name}-${process.arch}.bin`);

describe("the command's code cache", () => {
  it("is kept per command after a run, and used as it is by the next run", () => {
    const home = temp("code-cache");
    const file = sampleFile();
    const first = run(home, ["get", file, "b.c"]);
    expect(first).toMatchObject({ status: 0, stdout: "[ x y ]\n", stderr: "" });
    const path = cacheFile(home, "cli-get");
    const made = statSync(path);
    expect(made.size).toBeGreaterThan(10_000);
    expect(made.mode & 0o777).toBe(0o600);
    expect(readFileSync(path, "latin1").startsWith(`nix-ast code cache 2\0${process.version}\0`)).toBe(true);
    // A used cache is not written again (a write replaces the file: a new inode).
    expect(run(home, ["get", file, "b.c"])).toEqual(first);
    expect(statSync(path).ino).toBe(made.ino);
    expect(readdirSync(cacheDir(home))).toEqual([`cli-get-${process.arch}.bin`]);
  });

  it("keeps fmt's worker thread's cache once it has claimed its last file, and uses it next time", async () => {
    // Started as the command starts it (format/parallel.ts); on a few small files the command's own
    // thread would be done before a worker is ready, so the worker gets them all here.
    const home = temp("code-cache");
    const dir = temp("code-cache-fmt");
    const files = [0, 1, 2, 3].map((i) => nodePath.join(dir, `f${i}.nix`));
    files.forEach((f, i) => writeFileSync(f, i % 2 === 0 ? format(sample) : "{a=1;}"));
    const work = async () => {
      const worker = new Worker(pathToFileURL(nodePath.join(root, "packages/nix-ast/dist/cli-bundle/worker.js")), {
        workerData: { files, job: { width: 100, indent: 2, strict: false, check: true }, counter: new SharedArrayBuffer(4) },
        env: { ...process.env, XDG_CACHE_HOME: home, NIX_AST_CODE_CACHE: "" },
      });
      const got: string[] = [];
      worker.on("message", ([i, o]: [number, { kind: string }]) => got.push(`${i}:${o.kind}`));
      await new Promise((resolve, reject) => {
        worker.once("error", reject);
        worker.once("exit", resolve);
      });
      return got.sort();
    };
    expect(await work()).toEqual(["0:same", "1:changed", "2:same", "3:changed"]);
    const path = cacheFile(home, "fmt-worker");
    const made = statSync(path).ino;
    expect(await work()).toEqual(["0:same", "1:changed", "2:same", "3:changed"]);
    expect(statSync(path).ino).toBe(made);
  });

  it("replaces a damaged cache, and the command's output is unchanged", () => {
    const home = temp("code-cache");
    const file = sampleFile();
    const clean = run(home, ["get", file, "a"]);
    const path = cacheFile(home, "cli-get");
    const text = readFileSync(path);
    const head = text.indexOf(10) + 1;
    // One byte of V8's data changed (the checksum line after the key no longer matches: V8 alone
    // would run it), the right key with garbage after it, and a file cut short.
    const flipped = Buffer.from(text);
    flipped[flipped.length >> 1] ^= 0x40;
    for (const damaged of [flipped, Buffer.concat([text.subarray(0, head), Buffer.alloc(5000, 7)]), text.subarray(0, head + 100)]) {
      writeFileSync(path, damaged);
      const before = statSync(path).ino;
      expect(run(home, ["get", file, "a"])).toEqual(clean);
      expect(statSync(path).ino).not.toBe(before);
      expect(readFileSync(path).equals(damaged)).toBe(false);
    }
  });

  it("does not use a cache made for another copy of the bundle", () => {
    const home = temp("code-cache");
    const file = sampleFile();
    const copy = nodePath.join(temp("code-cache-copy"), "dist");
    cpSync(nodePath.join(root, "packages/nix-ast/dist"), copy, { recursive: true });
    // The copy resolves its dependencies from here, as the package does when installed.
    const starter = nodePath.join(copy, "cli-bundle", "cli.js");
    const fromCopy = run(home, ["get", file, "a"], { NODE_PATH: nodePath.join(root, "node_modules") }, starter);
    expect(fromCopy).toMatchObject({ status: 0, stdout: "1\n" });
    const path = cacheFile(home, "cli-get");
    const madeByCopy = statSync(path).ino;
    expect(run(home, ["get", file, "a"])).toEqual(fromCopy);
    expect(statSync(path).ino).not.toBe(madeByCopy);
  });

  it("writes nothing when turned off, for other arguments, or where it cannot", () => {
    const file = sampleFile();
    const off = temp("code-cache");
    expect(run(off, ["get", file, "a"], { NIX_AST_CODE_CACHE: "0" })).toMatchObject({ status: 0, stdout: "1\n", stderr: "" });
    expect(existsSync(cacheDir(off))).toBe(false);
    const other = temp("code-cache");
    expect(run(other, ["--version"]).status).toBe(0);
    expect(run(other, ["no-such-command"]).status).toBe(2);
    expect(existsSync(cacheDir(other))).toBe(false);
    // A cache home that is a file: nothing can be written under it, and nothing is said.
    const blocked = nodePath.join(temp("code-cache"), "file");
    writeFileSync(blocked, "");
    expect(run(blocked, ["get", file, "a"])).toMatchObject({ status: 0, stdout: "1\n", stderr: "" });
  });

  it.skipIf(!asRoot)("run as root, writes nothing into a folder another user owns (sudo keeping $HOME)", () => {
    const file = sampleFile();
    // The user's cache home exists, or only their home does: either way nothing root-owned is made.
    const home = temp("code-cache");
    chownSync(home, 1000, 1000);
    const userHome = temp("code-cache-home");
    chownSync(userHome, 1000, 1000);
    for (const cacheHome of [home, nodePath.join(userHome, ".cache")]) {
      expect(run(cacheHome, ["get", file, "a"])).toMatchObject({ status: 0, stdout: "1\n", stderr: "" });
      expect(existsSync(cacheDir(cacheHome))).toBe(false);
    }
    expect(existsSync(nodePath.join(userHome, ".cache"))).toBe(false);
    // Root's own folder, or a new one under a root-owned folder, is written as usual.
    const rootHome = nodePath.join(temp("code-cache"), "new");
    run(rootHome, ["get", file, "a"]);
    expect(statSync(cacheFile(rootHome, "cli-get")).uid).toBe(0);
  });

  it("decides who may write by the nearest folder that exists (mayWriteCacheIn)", () => {
    const dir = temp("code-cache-owner");
    const owned = nodePath.join(dir, "owned");
    mkdirSync(owned);
    // A folder some other user than root owns (this run's own when it is not root's).
    if (asRoot) chownSync(owned, 1000, 1000);
    const deep = nodePath.join(owned, "not", "yet", "there");
    expect(mayWriteCacheIn(deep, 0)).toBe(false);
    expect(mayWriteCacheIn(owned, 0)).toBe(false);
    // Under a root-owned folder, for root; and for any other user always (it makes only its own files).
    expect(mayWriteCacheIn("/no-such-folder-nix-ast/cache", 0)).toBe(statSync("/").uid === 0);
    expect(mayWriteCacheIn(deep, 1000)).toBe(true);
    expect(mayWriteCacheIn(deep, null)).toBe(true);
  });

  it("lives in $XDG_CACHE_HOME, else ~/.cache, and nowhere without either", () => {
    expect(codeCachePath("cli-fmt", { XDG_CACHE_HOME: "/c", HOME: "/h" })).toBe(`/c/nix-ast/code-cache/cli-fmt-${process.arch}.bin`);
    // A relative XDG_CACHE_HOME is to be ignored (XDG Base Directory specification).
    expect(codeCachePath("cli-fmt", { XDG_CACHE_HOME: "c", HOME: "/h" })).toBe(`/h/.cache/nix-ast/code-cache/cli-fmt-${process.arch}.bin`);
    expect(codeCachePath("cli-fmt", { HOME: "relative" })).toBeNull();
    expect(codeCachePath("cli-fmt", { HOME: "/h", NIX_AST_CODE_CACHE: "0" })).toBeNull();
    expect(codeCachePath("a/../b", { HOME: "/h" })).toBe(`/h/.cache/nix-ast/code-cache/a____b-${process.arch}.bin`);
  });
});
