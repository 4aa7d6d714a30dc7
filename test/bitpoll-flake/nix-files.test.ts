/**
 * Every emitted Nix file parses with the real `nix-instantiate --parse`, parses to the very tree it
 * was printed from (compared in nix-ast's canonical form), and is a fixed point of our printer.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { canonical, normalize } from "nix-ast/testing";
import { bitpollFlake, loadConfig, renderNix, type GeneratedFile } from "bitpoll-flake";
import { tmp } from "./helpers.js";
import { requireTools } from "./require-tool.js";

const NIX = requireTools("nix-files.test.ts: parsing with nix-instantiate", "nix-instantiate");

const trees = {
  default: bitpollFlake().files(),
  custom: bitpollFlake(loadConfig(new URL("./fixtures/custom.json", import.meta.url).pathname)).files(),
};

describe.each(Object.entries(trees))("Nix files of the %s tree", (_name, tree) => {
  const nixFiles = [...tree.files.values()].filter((f): f is GeneratedFile & { expr: NonNullable<GeneratedFile["expr"]> } =>
    f.path.endsWith(".nix") && f.expr !== undefined,
  );
  const dir = tmp();
  for (const f of tree.files.values()) {
    mkdirSync(dirname(join(dir, f.path)), { recursive: true });
    writeFileSync(join(dir, f.path), f.text);
  }

  it("has an AST for every Nix file", () => {
    expect(nixFiles.length).toBe([...tree.files.keys()].filter((p) => p.endsWith(".nix")).length);
    expect(nixFiles.length).toBeGreaterThanOrEqual(12);
  });

  it.each(nixFiles.map((f) => [f.path, f] as const))("%s is a fixed point of the printer", (_p, f) => {
    const again = renderNix(f.expr);
    expect(again).toBe(f.text);
    expect(renderNix(structuredClone(f.expr))).toBe(f.text);
  });

  describe.skipIf(!NIX)("with nix-instantiate", () => {
    it.each(nixFiles.map((f) => [f.path, f] as const))("%s parses, to the tree it was printed from", (_p, f) => {
      const file = join(dir, f.path);
      const parsed = execFileSync("nix-instantiate", ["--parse", file], { encoding: "utf8" });
      expect(normalize(parsed)).toBe(normalize(canonical(f.expr, { cwd: dirname(file) })));
    });
  });
});
