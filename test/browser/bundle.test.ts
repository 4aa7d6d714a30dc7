/**
 * nix-ast's browser-safe entry points bundle for the browser without Node: no `node:` import, no
 * Node built-in, and nothing at module load that needs `process` or `Buffer`. The bundle then runs
 * in a bare JavaScript context (no Node globals at all) and gives the same output as Node.
 * docs/browser.md states the bundle's size; this test keeps that figure true.
 */
import { readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { fileURLToPath } from "node:url";
import { createContext, runInContext } from "node:vm";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { astToJsonText, edit, format, fromJsonText, parse, print, printJson, printValue } from "nix-ast";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** The entry points that must work in a browser (the others need Node or Prettier by design). */
const BROWSER_ENTRIES = {
  "nix-ast": "packages/nix-ast/src/index.ts",
  "nix-ast/nixos": "packages/nix-ast/src/nixos/index.ts",
  "nix-ast/edit": "packages/nix-ast/src/edit/index.ts",
} as const;

const NODE_BUILTINS = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

async function bundle(entry: string, minify: boolean) {
  const result = await build({
    entryPoints: [`${ROOT}${entry}`],
    bundle: true,
    platform: "browser",
    format: "iife",
    globalName: "lib",
    target: "es2022",
    minify,
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  return { code: result.outputFiles[0]!.text, inputs: Object.keys(result.metafile.inputs), warnings: result.warnings };
}

/** A context with the language's own globals and the web's text codecs only: no process, no Buffer. */
function bareContext(): Record<string, unknown> {
  return createContext({ TextEncoder, TextDecoder, console }) as Record<string, unknown>;
}

describe("browser bundle", () => {
  for (const [name, entry] of Object.entries(BROWSER_ENTRIES)) {
    it(`${name} bundles for the browser platform without any Node built-in`, async () => {
      const { inputs, warnings } = await bundle(entry, true);
      expect(inputs.filter((i) => NODE_BUILTINS.has(i) || i.startsWith("node:"))).toEqual([]);
      expect(warnings).toEqual([]);
    });
  }

  it("nix-ast loads and works in a context without process or Buffer", async () => {
    const { code } = await bundle(BROWSER_ENTRIES["nix-ast"], true);
    const ctx = bareContext();
    runInContext(`${code};globalThis.lib = lib;`, ctx);
    expect(runInContext("typeof process + typeof Buffer", ctx)).toBe("undefinedundefined");
    const lib = ctx["lib"] as typeof import("nix-ast");
    const src = readFileSync(`${ROOT}test/bitpoll-flake/golden/default/nix/module.nix`, "utf8");
    expect(lib.format(src)).toBe(format(src));
    expect(lib.format(src, { width: 60, strict: true })).toBe(format(src, { width: 60, strict: true }));
    // The data path writes bytes: with no Buffer it must use the web's encoder, non-ASCII included.
    const data = { name: "grüße", list: [1, 2.5, "x${y}", { "a b": null, emoji: "🦀" }], big: "ä".repeat(70_000) };
    // Built inside the context: the printer takes plain objects of its own realm only.
    const inside = runInContext(`lib.printValue(JSON.parse(${JSON.stringify(JSON.stringify(data))}))`, ctx);
    expect(inside).toBe(printValue(data));
    const json = '{"a": [1, 2.0, "é"], "b": {"c": true}}';
    expect(lib.print(lib.fromJsonText(json))).toBe(print(fromJsonText(json)));
    // from-json's own path (bytes straight from the JSON tokens), non-ASCII included.
    const records = JSON.stringify({ pkgs: Array.from({ length: 50 }, (_, i) => ({ name: `p${i}`, d: "grüße ✓", v: i / 4 })) });
    expect(lib.printJson(records)).toBe(printJson(records));
    // The editor: lossless edits by attribute path.
    expect(lib.edit("{ a = 1; # keep\n}\n").set("b.c", "x").toString()).toBe(edit("{ a = 1; # keep\n}\n").set("b.c", "x").toString());
    expect(lib.astToJsonText(lib.parse("{ a = [ 1 2.5 ]; }"))).toBe(astToJsonText(parse("{ a = [ 1 2.5 ]; }")));
  });

  it("docs/browser.md states the size of the minified bundle within 10%", async () => {
    const { code } = await bundle(BROWSER_ENTRIES["nix-ast"], true);
    const bytes = Buffer.byteLength(code);
    const gzipped = gzipSync(code, { level: 9 }).length;
    const doc = readFileSync(`${ROOT}docs/browser.md`, "utf8");
    const m = /minified: (\d+) KB, gzipped: (\d+) KB/.exec(doc);
    expect(m, "docs/browser.md: 'minified: N KB, gzipped: N KB'").not.toBeNull();
    const [minKb, gzKb] = [Number(m![1]), Number(m![2])];
    const near = (stated: number, actual: number) => Math.abs(stated * 1024 - actual) / actual <= 0.1;
    expect(near(minKb, bytes), `minified is ${(bytes / 1024).toFixed(0)} KB`).toBe(true);
    expect(near(gzKb, gzipped), `gzipped is ${(gzipped / 1024).toFixed(0)} KB`).toBe(true);
  });
});
