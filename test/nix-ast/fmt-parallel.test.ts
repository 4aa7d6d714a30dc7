/**
 * `nix-ast fmt` on several threads (`--jobs`, format/parallel.ts) through the real binary: the
 * same output, order, exit code and rewritten files as one thread, and failures in a worker
 * reported as the sequential run reports them.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as nodePath from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { cpus, type CpuInfo } from "node:os";
import { describe, expect, it } from "vitest";
import { format } from "nix-ast";
import { defaultJobs, idleCores, runningThreads } from "../../packages/nix-ast/src/format/cli.js";

const root = nodePath.join(fileURLToPath(new URL(".", import.meta.url)), "../..");
const bin = nodePath.join(root, "packages/nix-ast/bin/nix-ast.js");

/** A folder of `n` files: every third unformatted, the 7th unparsable, one in a subfolder. */
function folder(n: number): { dir: string; texts: Map<string, string> } {
  const dir = mkdtempSync(nodePath.join(tmpdir(), "nix-ast-fmt-par-"));
  const texts = new Map<string, string>();
  for (let i = 0; i < n; i++) {
    const name = `f${String(i).padStart(3, "0")}.nix`;
    const text = i === 7 ? `{ a${i} = ; }\n` : i % 3 === 0 ? `{a${i}=[1 2];b=x: x+${i};}` : format(`{ a${i} = ${i}; }`);
    writeFileSync(nodePath.join(dir, name), text);
    texts.set(name, text);
  }
  return { dir, texts };
}

function fmt(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, "fmt", ...args], { encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("nix-ast fmt --jobs", () => {
  it("--check on 4 threads prints what 1 thread prints, in the files' order", () => {
    const { dir } = folder(40);
    const one = fmt("--check", "--jobs", "1", dir);
    const four = fmt("--check", "--jobs=4", dir);
    expect(one.status).toBe(1);
    expect(four).toEqual(one);
    // 14 files of 40 are unformatted (every third, the unparsable 7th excluded: 0, 3, …, 39).
    expect(one.stdout.trim().split("\n")).toHaveLength(14);
    expect(one.stderr).toMatch(/f007\.nix:1:8: unexpected ';'/);
    expect(one.stderr).toMatch(/14 files would be reformatted/);
  });
  it("rewrites in place on 2 threads exactly as format() does, leaving the unparsable file", () => {
    const { dir, texts } = folder(48);
    expect(fmt("-j", "2", dir).status).toBe(1);
    for (const [name, text] of texts) {
      const now = readFileSync(nodePath.join(dir, name), "utf8");
      expect(now).toBe(name === "f007.nix" ? text : format(text));
    }
    expect(readdirSync(dir)).toHaveLength(48); // no temporary files left
    expect(fmt("--check", "-j", "2", dir).stdout).toBe("");
  });
  it("an unreadable path among the files is an I/O error (exit 2), the rest still checked", () => {
    const { dir } = folder(20);
    const missing = nodePath.join(dir, "missing.nix");
    const r = fmt("--check", "--jobs", "2", dir, missing);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("missing.nix");
    expect(r.stdout.trim().split("\n")).toHaveLength(7);
  });
  it("refuses a --jobs that is not a positive whole number", () => {
    expect(fmt("--jobs", "0").status).toBe(2);
    expect(fmt("--jobs").stderr).toMatch(/--jobs takes a positive whole number/);
  });

  it("runs from the command's bundle (dist/cli-bundle), whose worker sits beside the bundle that starts it and formats", async () => {
    // A worker that cannot start leaves its files to the command's thread (same output, slower),
    // so the tests above would not see a bundle whose worker is missing or misplaced.
    const bundle = nodePath.join(root, "packages/nix-ast/dist/cli-bundle");
    const starters = readdirSync(bundle).filter((f) => /new URL\("\.\/worker\.js", __nixAstModuleUrl\)/.test(readFileSync(nodePath.join(bundle, f), "utf8")));
    expect(starters).toEqual(["cli-main.js"]);
    const { dir, texts } = folder(6);
    const files = [...texts.keys()].map((name) => nodePath.join(dir, name));
    const worker = new Worker(pathToFileURL(nodePath.join(bundle, "worker.js")), {
      workerData: { files, job: { width: 100, indent: 2, strict: false, check: true }, counter: new SharedArrayBuffer(4) },
      // Its code cache (src/code-cache.ts) goes to a folder of this test's own.
      env: { ...process.env, XDG_CACHE_HOME: mkdtempSync(nodePath.join(tmpdir(), "nix-ast-code-cache-")) },
    });
    const outcomes = await new Promise<[number, { kind: string }][]>((resolve, reject) => {
      const got: [number, { kind: string }][] = [];
      worker.on("message", (m: [number, { kind: string }]) => got.push(m));
      worker.once("error", reject);
      worker.once("exit", () => resolve(got));
    });
    // f000 and f003 unformatted, nothing unparsable among six.
    expect(outcomes.map(([i, o]) => `${i}:${o.kind}`).sort()).toEqual(["0:changed", "1:same", "2:same", "3:changed", "4:same", "5:same"]);
  });
  it("counts the cores idle between two readings of the CPUs' times (the default --jobs)", () => {
    const t = (user: number, idle: number, sys = 0): CpuInfo["times"] => ({ user, nice: 0, sys, idle, irq: 0 });
    // Two cores over 100 ms: one busy throughout, the other idle for 80 ms of it.
    expect(idleCores([t(0, 0), t(0, 0)], [t(100, 0), t(10, 80, 10)])).toBeCloseTo(0.8);
    expect(idleCores([t(5, 5), t(5, 5)], [t(105, 5), t(55, 5, 50)])).toBe(0);
    expect(idleCores([t(0, 0), t(0, 0), t(0, 0), t(0, 0)], [t(50, 50), t(0, 100), t(0, 100), t(0, 100)])).toBeCloseTo(3.5);
    // Readings that cannot tell: no CPUs, no tick in between, a CPU that came or went.
    expect(idleCores([], [])).toBeNull();
    expect(idleCores([t(1, 1)], [t(1, 1)])).toBeNull();
    expect(idleCores([t(0, 0)], [t(0, 10), t(0, 10)])).toBeNull();
    // This machine's own counters, 100 ms apart, give a count between none and all of its cores
    // (where they tick at all in that time; the command then falls back to the load average).
    const before = cpus().map((c) => c.times);
    const end = performance.now() + 100;
    while (performance.now() < end);
    const idle = idleCores(before, cpus().map((c) => c.times));
    if (idle !== null) {
      expect(idle).toBeGreaterThanOrEqual(0);
      expect(idle).toBeLessThanOrEqual(before.length);
    }
  });
  it("takes one thread per core free of other work by default: running threads first, then idle cores, then the load average", () => {
    // Linux's count of running threads, read at a few moments, this command's thread among them:
    // the fewest count; a moment where the command's own background threads ran too counts less.
    expect(defaultJobs(2, [1, 2, 1], 0, 2)).toBe(2);
    expect(defaultJobs(2, [2, 3, 2], 1, 0)).toBe(1);
    expect(defaultJobs(2, [3, 3, 4], 2, 0)).toBe(1);
    expect(defaultJobs(8, [1, 1], null, 0)).toBe(4);
    expect(defaultJobs(8, [4, 5], null, 0)).toBe(4);
    expect(defaultJobs(8, [7, 6], null, 0)).toBe(3);
    expect(defaultJobs(1, [1], null, 0)).toBe(1);
    // A container given 2 of the host's 64 cores reads the host's count: its share of it.
    expect(defaultJobs(2, [41, 40], 0, 30, 64)).toBe(1);
    expect(defaultJobs(2, [6, 5], 0, 30, 64)).toBe(2);
    // Elsewhere the idle cores counted over the start-up, else the 1-minute load average.
    expect(defaultJobs(2, [], 0.8, 2)).toBe(2);
    expect(defaultJobs(2, [], 0.4, 0)).toBe(1);
    expect(defaultJobs(4, [], null, 1.5)).toBe(3);
    expect(defaultJobs(4, [], null, 9)).toBe(1);
    // This machine's count, where it has one: this thread at least.
    if (process.platform === "linux") expect(runningThreads()).toBeGreaterThanOrEqual(1);
  });
});
