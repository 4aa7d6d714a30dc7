/**
 * The typed surface a user touches: references used as JS primitives, print of any Nixable,
 * builders validating what TypeScript cannot, lambdas without source text (set patterns from reads,
 * generated plain parameters, hygiene), let_'s names, numbers in template holes (against real Nix),
 * and the compile-time checks of surface-typecheck.ts under strict user settings.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  add,
  attrs,
  bind,
  fn,
  formals,
  inherit,
  let_,
  nix,
  NixBuildError,
  NixValueError,
  print,
  ref,
  refs,
  select,
  str,
  type Ref,
} from "nix-ast";
import { evalNixBatch, requireNix } from "nix-ast/testing";

const root = fileURLToPath(new URL("../../", import.meta.url));
const p = (e: Parameters<typeof print>[0]) => print(e).trimEnd();

describe("a reference used as a JS primitive", () => {
  const pkg = ref("pkgs.hello");
  const cases: [string, () => unknown][] = [
    ["a template literal", () => `${pkg}/bin/hello`],
    ["+", () => "a" + (pkg as unknown as string)],
    ["String()", () => String(pkg)],
    ["a computed key", () => ({})[pkg as unknown as string]],
    ["a computed key on a reference", () => (ref("pkgs") as unknown as Record<string, unknown>)[ref("system") as unknown as string]],
  ];
  it.each(cases)("%s throws a NixBuildError naming str and select", (_n, f) => {
    expect(f).toThrow(NixBuildError);
    expect(f).toThrow(/pkgs\.hello|system/);
    expect(f).toThrow(/str`.*select\(e, \[x\]\)/);
  });
});

describe("print takes any Nixable", () => {
  it("references, objects, arrays, scalars and functions print; nothing is a JS TypeError", () => {
    expect(p(ref("pkgs.hello"))).toBe("pkgs.hello");
    expect(p({ a: 1 })).toBe("{ a = 1; }");
    expect(p([1, "x"])).toBe('[\n  1\n  "x"\n]');
    expect(p(null)).toBe("null");
    expect(p((x) => [x])).toBe("x: [ x ]");
    expect(() => print(undefined as never)).toThrow(NixValueError);
    expect(() => print(Symbol("s") as never)).toThrow(NixValueError);
  });
});

describe("builders validate what TypeScript cannot", () => {
  it("numbers as formals, parameter names and attribute names", () => {
    expect(() => fn(123 as never, 1)).toThrow(NixBuildError);
    expect(() => fn(["a", 1 as never], 1)).toThrow(/formal parameter must be a string/);
    expect(() => select(ref("x"), [1 as never])).toThrow(/attribute name must be a string/);
    expect(() => bind([1 as never], 1)).toThrow(NixBuildError);
    expect(() => inherit(1 as never)).toThrow(NixBuildError);
  });
  it("segments of dotted paths", () => {
    expect(() => ref('pkgs."x y"')).toThrow(/select\(ref\("pkgs"\), \["\\"x y\\""\]\)|plain names/);
    expect(() => ref("pkgs.a b")).toThrow(NixBuildError);
    expect(() => bind('a."b c"', 1)).toThrow(/pass its names as an array/);
    expect(p(select(ref("pkgs"), ["x y"]))).toBe('pkgs."x y"');
    expect(p(ref("pkgs.python3.pkgs.django-prometheus"))).toBe("pkgs.python3.pkgs.django-prometheus");
  });
});

describe("lambdas without source text", () => {
  it("a lone function is a set pattern of the properties it reads; an object rest is ...", () => {
    expect(p(fn(({ lib, pkgs }) => [lib, pkgs.hello]))).toBe("{ lib, pkgs }: [\n  lib\n  pkgs.hello\n]");
    expect(p(fn(({ lib, ...rest }) => lib.x))).toBe("{ lib, ... }: lib.x");
  });
  it("the parameter object itself has no Nix form, during or after the call", () => {
    expect(() => fn((args) => [args as never])).toThrow(/parameter object/);
    let leaked: unknown;
    fn((args) => {
      leaked = args;
      return 1;
    });
    expect(() => (leaked as Record<string, unknown>).lib).toThrow(/after the function returned/);
  });
  it("a function as a value gets conventional or generated names, curried by arity", () => {
    const { lib } = refs("lib");
    expect(p(ref("pkgs.python3").withPackages((ps) => [ps.django]))).toBe("pkgs.python3.withPackages (ps: [ ps.django ])");
    expect(p(lib.genAttrs(ref("systems"), (s) => s))).toBe("lib.genAttrs systems (name: name)");
    expect(p(lib.mapAttrs((n, v) => [n, v]))).toContain("name: value:");
    expect(p(attrs({ f: (a, b, c) => [a, b, c] }))).toContain("x: y: z:");
    expect(p(attrs({ f: () => 1 }))).toBe("{ f = x: 1; }");
  });
  it("explicit names: plain, lists, objects of references, formals", () => {
    expect(p(fn("x", (x) => add(x, 1)))).toBe("x: x + 1");
    expect(p(fn(["a", "b"], ({ a, b }) => add(a, b)))).toBe("{ a, b }: a + b");
    const { lib } = refs("lib");
    expect(p(fn({ lib, "...": true }, lib.id))).toBe("{ lib, ... }: lib.id");
    expect(p(fn(formals({ a: { default: 1 } }, { bind: "args" }), ({ a, args }) => [a, args]))).toContain("a ? 1,\n}@args:");
  });
});

describe("hygiene", () => {
  it("a parameter that would capture an outer reference is renamed", () => {
    expect(p(fn("x", (outer) => fn("x", (inner) => add(outer, inner))))).toBe("x: x1: x + x1");
    // The outer binder is renamed when its reference sits under an inner formal of its name.
    expect(p(fn("lib", (outer) => fn(({ lib }) => add(outer, lib))))).toBe("lib1: { lib }: lib1 + lib");
    expect(p(fn("x", (x) => let_({ x: 1 }, ({ x: inner }) => add(x, inner))))).toBe("x1:\nlet\n  x = 1;\nin\nx1 + x");
  });
  it("a generated name avoids every free name of its body", () => {
    expect(p(attrs({ f: (a) => add(a, ref("x")) }))).toBe("{ f = x1: x1 + x; }");
    expect(p(ref("f")((a) => (b) => add(a, b)))).toBe("f (x: x1: x + x1)");
  });
  it("an explicit name keeps by-name references to it", () => {
    expect(p(fn("x", () => ref("x")))).toBe("x: x");
    // The inner x would capture the outer one: it moves, with the by-name reference that meant it.
    expect(p(fn("x", (o) => fn("x", () => [o, ref("x")])))).toBe("x: x1: [\n  x\n  x1\n]");
  });
  it("names that cannot be renamed refuse to be captured", () => {
    expect(() => let_({ a: 1 }, ({ a }) => fn("a", () => a))).not.toThrow(); // the inner plain name moves
    expect(() => let_({ a: 1 }, ({ a }) => fn(formals({ a: true }), () => a))).toThrow(/capture/);
  });
});

describe("let_", () => {
  it("hands the body references to exactly the bound names", () => {
    expect(p(let_([bind("a.b", 1), inherit("c")], ({ a, c }) => [a, c]))).toContain("a.b = 1;");
    expect(p(let_({ x: 1 }, ({ x }) => add(x, 1)))).toBe("let\n  x = 1;\nin\nx + 1");
  });
});

describe.skipIf(!requireNix("nix template numbers"))("a number in a nix`` string hole", () => {
  it("is the text str gives, which Nix evaluates to the same string", async () => {
    const port = 8080;
    const viaTemplate = print(nix`"--port ${port} ${-3}"`);
    const viaStr = print(str`--port ${port} ${-3}`);
    expect(viaTemplate).toBe(viaStr);
    const [a, b, c] = await evalNixBatch([viaTemplate, viaStr, print(nix`''x${port}''`)]);
    expect(a).toBe("--port 8080 -3");
    expect(b).toBe(a);
    expect(c).toBe("x8080");
  });
  it("a non-integer is refused in text (JS and Nix spell it differently) and stays a number elsewhere", () => {
    expect(() => nix`"${0.1}"`).toThrow(/only safe integers/);
    expect(() => str`${1e21}`).toThrow(/only safe integers/);
    expect(p(nix`[ ${0.5} ${2} ]`)).toBe("[\n  0.5\n  2\n]");
  });
});

describe("compile-time checks (surface-typecheck.ts)", () => {
  const tsc = join(root, "node_modules/typescript/bin/tsc");
  const check = (unchecked: boolean) => {
    const dir = mkdtempSync(join(tmpdir(), "nix-ast-types-"));
    try {
      const config = {
        compilerOptions: {
          target: "ES2022",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          lib: ["ES2023"],
          types: [],
          strict: true,
          noUncheckedIndexedAccess: unchecked,
          exactOptionalPropertyTypes: true,
          noEmit: true,
          skipLibCheck: true,
          typeRoots: [join(root, "node_modules/@types")],
        },
        files: [join(root, "test/nix-ast/surface-typecheck.ts")],
      };
      writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(config));
      try {
        execFileSync(process.execPath, [tsc, "-p", dir, "--pretty", "false"], { cwd: root, encoding: "utf8" });
        return "";
      } catch (e) {
        return String((e as { stdout?: string }).stdout ?? e);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  it("compile with noUncheckedIndexedAccess (every @ts-expect-error is an error)", () => {
    expect(check(true)).toBe("");
  });
  it("compile without it (references are typed all the way down)", () => {
    expect(check(false)).toBe("");
  });
});

export type { Ref };
