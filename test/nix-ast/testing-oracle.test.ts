/** The oracle: batching, bisection, typed equality, policy helpers. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as nodePath from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  evalNix,
  evalNixBatch,
  evalNixBatchSettled,
  nixEquals,
  nixAvailable,
  nixEqualsBatch,
  nixpkgsLib,
  NixOracleError,
  parseNix,
  parseNixSettled,
  requireNix,
  typedJson,
} from "nix-ast/testing";
import { requireTool } from "../require-tool.js";

const hasNix = requireTool("nix-instantiate", "the oracle's tests against real Nix");

describe.skipIf(!hasNix)("parseNix", () => {
  it("parses a batch in one process and returns each case's --parse text", async () => {
    const out = await parseNix([
      "1 - 2",
      "x: x",
      "# trailing comment\n{ b = 1; a = 2; }",
      '"${x}"',
    ]);
    expect(out).toEqual(["(__sub 1 2)", "(x: x)", "{ a = 2; b = 1; }", "(x)"]);
  });

  it("bisects a failing batch to the failing cases", async () => {
    const sources = Array.from({ length: 20 }, (_, i) =>
      i === 7 || i === 13 ? `{ a = 1; a = ${i}; }` : `${i}`,
    );
    const settled = await parseNixSettled(sources);
    expect(
      settled.filter((s) => !s.ok).map((s) => (s.ok ? -1 : s.error.index)),
    ).toEqual([7, 13]);
    expect(settled[3]).toEqual({ ok: true, value: "3" });
    await expect(parseNix(sources)).rejects.toThrow(
      /case 7[\s\S]*already defined/,
    );
  });

  it("handles large inputs (stdin, no argument limit)", async () => {
    const big = `[ ${Array.from({ length: 50_000 }, (_, i) => `"s${i}"`).join(" ")} ]`;
    const [out] = await parseNix([big]);
    expect(out?.length).toBeGreaterThan(500_000);
  });

  it("times out rather than hangs", async () => {
    await expect(
      evalNix("let f = x: f x; in f 1", { timeoutMs: 1500 }),
    ).rejects.toThrow(/timed out|stack overflow|infinite recursion/);
  });
});

describe.skipIf(!hasNix)("evalNix", () => {
  it("evaluates one expression and a batch", async () => {
    expect(await evalNix('{ a = [ 1 2.5 true null "s" ]; }')).toEqual({
      a: [1, 2.5, true, null, "s"],
    });
    expect(await evalNixBatch(["1 + 1", '"a" + "b"', "[ ]"])).toEqual([
      2,
      "ab",
      [],
    ]);
    const settled = await evalNixBatchSettled(["1", 'throw "boom"', "3"]);
    expect(settled.map((s) => s.ok)).toEqual([true, false, true]);
    const bad = settled[1];
    expect(bad && !bad.ok && bad.error).toBeInstanceOf(NixOracleError);
  });

  it("loses float digits through JSON (why nixEquals exists)", async () => {
    expect(await evalNix("123456789.123")).toBe(123457000);
  });
});

describe.skipIf(!hasNix)("nixEquals", () => {
  it("compares exactly, types included", async () => {
    expect(await nixEquals("1", 1)).toEqual({ equal: true });
    expect(await nixEquals("1.0", 1)).toMatchObject({
      equal: false,
      reason: expect.stringMatching(/type float/),
    });
    expect(await nixEquals("1", 1.5)).toMatchObject({ equal: false });
    expect(await nixEquals("123456789.123", 123456789.123)).toEqual({
      equal: true,
    });
    expect(await nixEquals("123456789.12", 123456789.123)).toMatchObject({
      equal: false,
    });
    expect(await nixEquals("9007199254740992.0", 2 ** 53)).toEqual({
      equal: true,
    });
    expect(
      await nixEquals("9223372036854775807", 9223372036854775807n),
    ).toEqual({ equal: true });
    expect(
      await nixEquals("(-9223372036854775807 - 1)", -9223372036854775808n),
    ).toEqual({ equal: true });
    expect(
      await nixEquals('{ a = [ { "b c" = "x\\ny"; } ]; }', {
        a: [{ "b c": "x\ny" }],
      }),
    ).toEqual({
      equal: true,
    });
    expect(await nixEquals("{ a = 1; b = 2; }", { a: 1 })).toMatchObject({
      equal: false,
      reason: expect.stringContaining("keys"),
    });
    expect(await nixEquals('[ "😀" ]', ["😀"])).toEqual({ equal: true });
    expect(await nixEquals("[ 1 [ 2 ] ]", [1, [3]])).toMatchObject({
      equal: false,
      reason: expect.stringContaining("$[1][0]"),
    });
  });

  it("batches, and names a case that does not evaluate", async () => {
    const cases = Array.from({ length: 30 }, (_, i) => ({
      source: `${i} + 1`,
      expected: i + 1,
    }));
    expect((await nixEqualsBatch(cases)).every((r) => r.equal)).toBe(true);
    const broken = cases.map((c, i) =>
      i === 17 ? { ...c, source: "1 +" } : c,
    );
    await expect(nixEqualsBatch(broken)).rejects.toThrow(/case 17/);
  });
});

describe("typedJson", () => {
  it("marks floats with a point or exponent", () => {
    expect(typedJson([1, 1.5, 2 ** 53, 1e21, -0, 5n, { a: null }])).toBe(
      '[1,1.5,9007199254740992.0,1e+21,0,5,{"a":null}]',
    );
  });
});

describe("policy", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("nixpkgsLib: env first, then <repo>/.cache/nixpkgs.lib/lib", () => {
    vi.stubEnv("NIXPKGS_LIB", "/some/lib");
    expect(nixpkgsLib()).toBe("/some/lib");
    vi.stubEnv("NIXPKGS_LIB", "");
    const root = mkdtempSync(nodePath.join(tmpdir(), "repo-"));
    const cwd = process.cwd();
    try {
      writeFileSync(
        nodePath.join(root, "package.json"),
        '{ "workspaces": [] }',
      );
      mkdirSync(nodePath.join(root, "packages", "x"), { recursive: true });
      process.chdir(nodePath.join(root, "packages", "x"));
      expect(nixpkgsLib()).toBeUndefined();
      mkdirSync(nodePath.join(root, ".cache", "nixpkgs.lib", "lib"), {
        recursive: true,
      });
      writeFileSync(
        nodePath.join(root, ".cache", "nixpkgs.lib", "lib", "default.nix"),
        "{ }",
      );
      expect(nixpkgsLib()).toBe(
        nodePath.join(root, ".cache", "nixpkgs.lib", "lib"),
      );
    } finally {
      process.chdir(cwd);
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("requireNix and nixAvailable are true when the binary runs, false when it fails or is missing", () => {
    // Any binary that answers --version stands for a working Nix here (node does).
    expect(nixAvailable({ nixInstantiate: process.execPath })).toBe(true);
    expect(requireNix("x", { nixInstantiate: process.execPath })).toBe(true);
    expect(nixAvailable({ nixInstantiate: "/bin/false" })).toBe(false);
    expect(nixAvailable({ nixInstantiate: "/nonexistent/nix-instantiate" })).toBe(false);
  });

  it("requireNix fails under CI=true and skips with a notice otherwise", () => {
    const missing = { nixInstantiate: "/nonexistent/nix-instantiate" };
    vi.stubEnv("CI", "true");
    expect(() => requireNix("suite", missing)).toThrow(
      /CI=true forbids skipping/,
    );
    vi.stubEnv("CI", "");
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(requireNix("suite", missing)).toBe(false);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("SKIPPED"));
    warn.mockRestore();
  });
});
