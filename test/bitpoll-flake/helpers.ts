/** Shared helpers of the bitpoll-flake tests. */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const CLI = join(ROOT, "packages/bitpoll-flake/dist/cli.js");
export const BIN = join(ROOT, "packages/bitpoll-flake/bin/bitpoll-flake.js");
export const STAND_IN = fileURLToPath(new URL("./stand-in.nix", import.meta.url));
export const GOLDEN = fileURLToPath(new URL("./golden/", import.meta.url));

/** Whether `nix-instantiate` runs here. */
export const NIX = spawnSync("nix-instantiate", ["--version"]).status === 0;

/** A fresh temporary directory. */
export function tmp(prefix = "bitpoll-flake-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Every file under `dir`, relative, sorted (hidden files included). */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}

/** The contents of every file under `dir`. */
export function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(listFiles(dir).map((f) => [f, readFileSync(join(dir, f), "utf8")]));
}

/** Runs the built CLI. */
export function runCli(args: readonly string[], cwd = ROOT): { status: number; stdout: string; stderr: string; ms: number } {
  const t = performance.now();
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: "utf8" });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, ms: performance.now() - t };
}

/** `nix-instantiate --eval --strict --json` of an expression. */
export function evalJson(expr: string): unknown {
  const out = execFileSync("nix-instantiate", ["--eval", "--strict", "--json", "--readonly-mode", "-E", expr], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  return JSON.parse(out) as unknown;
}

/** A Nix string literal of a JS string (for paths in test expressions). */
export function nixStr(s: string): string {
  return JSON.stringify(s).replaceAll("${", "\\${");
}
