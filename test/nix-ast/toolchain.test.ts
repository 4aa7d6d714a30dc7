/**
 * Lambdas do not depend on the toolchain: toolchain/generator.ts (every lambda form the docs show,
 * with names that bundlers rename) prints byte-identical Nix when run from tsc's output, under tsx,
 * as an esbuild bundle and as a minified esbuild bundle. nix-ast never reads a function's source.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));
const here = join(root, "test/nix-ast/toolchain");
const out = join(here, ".out");
const generator = join(here, "generator.ts");
const node = (args: string[]) => execFileSync(process.execPath, args, { cwd: root, encoding: "utf8", maxBuffer: 1 << 26 });

const outputs = new Map<string, string>();

beforeAll(() => {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  // Inside the repository, so that `nix-ast` resolves to the workspace package (its dist/).
  writeFileSync(join(out, "package.json"), JSON.stringify({ type: "module" }));
  const tsconfig = {
    compilerOptions: {
      target: "ES2022",
      module: "NodeNext",
      moduleResolution: "NodeNext",
      strict: true,
      skipLibCheck: true,
      types: ["node"],
      typeRoots: [join(root, "node_modules/@types")],
      rootDir: here,
      outDir: join(out, "tsc"),
    },
    files: [generator],
  };
  writeFileSync(join(out, "tsconfig.json"), JSON.stringify(tsconfig));
  node([join(root, "node_modules/typescript/bin/tsc"), "-p", join(out, "tsconfig.json")]);
  outputs.set("tsc", node([join(out, "tsc/generator.js")]));
  outputs.set("tsx", node([join(root, "node_modules/tsx/dist/cli.mjs"), generator]));
  const esbuild = join(root, "node_modules/esbuild/bin/esbuild");
  const common = [generator, "--bundle", "--platform=node", "--format=esm", "--log-level=warning"];
  // esbuild's bin is a native executable.
  execFileSync(esbuild, [...common, `--outfile=${join(out, "bundle.mjs")}`], { cwd: root });
  execFileSync(esbuild, [...common, "--minify", `--outfile=${join(out, "bundle.min.mjs")}`], { cwd: root });
  outputs.set("esbuild", node([join(out, "bundle.mjs")]));
  outputs.set("esbuild --minify", node([join(out, "bundle.min.mjs")]));
}, 300_000);

describe("one generator, four toolchains", () => {
  it("the bundlers did rename the generator's bindings", () => {
    // esbuild renames a destructured binding that shadows an outer one; the minifier renames all.
    expect(readFileSync(join(out, "bundle.mjs"), "utf8")).toMatch(/\blib: lib\d\b|\bsystem\d\b/);
    expect(readFileSync(join(out, "bundle.min.mjs"), "utf8")).not.toContain("(outerLib)");
  });

  it("prints the expected forms", () => {
    const text = outputs.get("tsc")!;
    expect(text).toContain("{ lib, pkgs }: lib.genAttrs systems (name: pkgs.${name}.hello)");
    expect(text).toContain("pkgs.python3.withPackages (ps: [");
    expect(text).toContain("x: x1: x + x1");
    expect(text).toContain("lib1: { lib }: lib1 + lib");
    expect(text).toMatch(/^\{\n {2}config,\n {2}lib,\n {2}pkgs,\n {2}\.\.\.\n\}:/m);
  });

  it.each(["tsx", "esbuild", "esbuild --minify"])("%s gives byte-identical output to tsc", (k) => {
    expect(outputs.get(k)).toBe(outputs.get("tsc"));
  });
});
