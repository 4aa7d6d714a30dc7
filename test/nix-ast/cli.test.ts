import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { evalNix } from "nix-ast/testing";
import { requireNix } from "../require-tool.js";

// The CLI as users run it: the committed bin shim over the built dist/ (`npm test` builds first).
const root = fileURLToPath(new URL("../..", import.meta.url));
const bin = join(root, "packages/nix-ast/bin/nix-ast.js");
const dir = mkdtempSync(join(tmpdir(), "nix-ast-cli-"));

function run(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [bin, ...args], { input, encoding: "utf8", cwd: root });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

describe("nix-ast CLI", () => {
  it("--help and no arguments print usage; `npx nix-ast` resolves to the same bin", () => {
    const r = run(["--help"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/from-json/);
    expect(r.out).toMatch(/print/);
    const npx = spawnSync("npx", ["--no-install", "nix-ast", "--help"], { cwd: root, encoding: "utf8" });
    expect(npx.status).toBe(0);
    expect(npx.stdout).toBe(r.out);
  });

  it("usage errors exit 2", () => {
    expect(run(["frobnicate"]).code).toBe(2);
    expect(run(["from-json", "--width", "x"]).code).toBe(2);
    expect(run(["from-json", join(dir, "missing.json")]).code).toBe(2);
  });

  it("from-json reads stdin and files, honours --width", () => {
    const doc = '{"name": "x", "list": [1, 2.5, "three"]}';
    const a = run(["from-json"], doc);
    const b = run(["from-json", file("a.json", doc)]);
    expect(a.code).toBe(0);
    expect(a.out).toBe(b.out);
    expect(a.out).toBe('{\n  name = "x";\n  list = [\n    1\n    2.5\n    "three"\n  ];\n}\n');
  });

  it.each([
    ['{"big": 9223372036854775808}', /\$\.big.*does not fit/],
    ['["a\\u0000b"]', /\$\[0\].*NUL/],
    ['{"k": ["\\udc00"]}', /\$\.k\[0\].*surrogate/],
    ['{"x": -1e999}', /\$\.x.*overflows/],
    ['{"x": [1,}', /line 1, column 10/],
  ])("from-json refuses %s with exit 2 and says where", (doc, msg) => {
    const r = run(["from-json"], doc);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toMatch(msg);
  });

  it("print prints an AST given as JSON and names the JSON path of schema errors", () => {
    const ok = run(["print"], JSON.stringify({ type: "Select", expr: { type: "Var", name: "pkgs" }, path: ["hello"] }));
    expect(ok).toMatchObject({ code: 0, out: "pkgs.hello\n" });
    const bad = run(["print"], JSON.stringify({ type: "List", items: [{ type: "Var", name: "let" }] }));
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/\$\.items\[0\]\.name/);
    expect(run(["print"], "{not json").code).toBe(2);
  });
});

const haveNix = requireNix("nix-ast from-json against builtins.fromJSON");

describe.skipIf(!haveNix)("from-json agrees with builtins.fromJSON", () => {
  it.each([
    ['{"a": 1, "b": 1.0, "c": 1e2, "d": -0.0, "e": 1.5e300, "f": 5e-324, "g": 0.1}'],
    ['{"ints": [9223372036854775807, -9223372036854775808, 9007199254740993]}'],
    ['{"s": "${x} \\\\ \\" \\n \\r \\t \'\'${ $ $${ \\u00e9 \\ud83d\\ude00", "a.b": null, "": true, "if": false}'],
    ['{"dup": 1, "dup": 2}'],
    ["[[], {}, [[[1]]], \"\"]"],
  ])("%s", async (doc) => {
    const r = run(["from-json"], doc);
    expect(r.code).toBe(0);
    // Nix decides equality, with types at every level (`1 == 1.0` is true in Nix), against its
    // own reading of the same JSON text.
    const p = file("doc.json", doc);
    const src = `let
      inherit (builtins) typeOf isAttrs isList attrNames all length elemAt genList;
      eq = a: b: typeOf a == typeOf b && (
        if isAttrs a then attrNames a == attrNames b && all (n: eq a.\${n} b.\${n}) (attrNames a)
        else if isList a then length a == length b && all (i: eq (elemAt a i) (elemAt b i)) (genList (i: i) (length a))
        else a == b);
    in eq (builtins.fromJSON (builtins.readFile ${p})) (${r.out})`;
    expect(await evalNix(src)).toBe(true);
  });
});
