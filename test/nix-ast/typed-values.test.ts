/**
 * Typed Nix values (issue 16): the kinds are phantom types, so typed builders, typed `cfg`
 * references and their helpers build exactly the trees the untyped ones build; what they refuse
 * is refused at compile time, with the message typed-typecheck.ts states for each refusal.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { add, eq, if_, int, print, ref, str, unref, type Expr } from "nix-ast";
import { ifNull, mkIf, module, nonNull, option, optionRefs, types } from "nix-ast/nixos";
import { evalNixBatch, requireNix } from "nix-ast/testing";
import { USER_TSCONFIG, tscOutput } from "../user-tsconfig.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");

describe("typed references are the references", () => {
  const opts = {
    services: {
      demo: {
        enable: option({ type: types.bool, default: false }),
        port: option({ type: types.port, default: 8080 }),
        address: option({ type: types.nullOr(types.str), default: null }),
        sites: option({ type: types.attrsOf(types.submodule({ port: option({ type: types.port, default: 80 }) })), default: {} }),
      },
    },
  };

  it("cfg in a config block prints as cfg.<path>", () => {
    const m = module({ let: { cfg: ref("config.services.demo") }, options: opts }).withConfig(({ cfg }) =>
      mkIf(cfg.enable, { ports: [cfg.port, cfg.sites["www"]!.port], bind: str`${ifNull(cfg.address, "0.0.0.0")}` }),
    );
    const text = m.render();
    expect(text).toContain("lib.mkIf cfg.enable");
    expect(text).toContain("cfg.sites.www.port");
    expect(text).toContain('"${if cfg.address == null then "0.0.0.0" else cfg.address}"');
  });

  it("optionRefs and nonNull change types only", () => {
    const i = optionRefs("i", opts.services.demo);
    expect(print(unref(i.port))).toBe("i.port\n");
    expect(print(unref(optionRefs(ref("x.y"), opts).services.demo.port))).toBe("x.y.services.demo.port\n");
    expect(print(unref(nonNull(i.address)))).toBe("i.address\n");
  });

  it("typed builders build the untyped trees", () => {
    const a: Expr = add(int(1), int(2));
    expect(a).toEqual({ type: "Binary", op: "+", left: { type: "Int", value: 1n }, right: { type: "Int", value: 2n } });
    expect(print(if_(eq(ref("x"), 1), "a", "b"))).toBe('if x == 1 then "a" else "b"\n');
  });
});

describe.skipIf(!requireNix("typed helpers"))("typed helpers evaluate", () => {
  it("ifNull picks the fallback for null only", async () => {
    const values = await evalNixBatch([
      print(ifNull(null, "fallback")),
      print(ifNull("set", "fallback")),
      `builtins.typeOf (${print(ifNull(int(3), int(0)))})`,
    ]);
    expect(values).toEqual(["fallback", "set", "int"]);
  });
});

/** The compile-time checks: every directive is an error, with the message it states. */
describe("compile-time checks (typed-typecheck.ts, typed-properties.test.ts)", () => {
  const checkFile = join(root, "test/nix-ast/typed-typecheck.ts");
  /** Compiles `files` under strict user settings; the diagnostics, one string each (with its elaboration). */
  const compile = (files: readonly string[]): { readonly line: number; readonly file: string; readonly text: string }[] => {
    // Inside node_modules so that `nix-ast` resolves from the copy as from the original.
    const dir = mkdtempSync(join(root, "node_modules", ".typed-check-"));
    try {
      writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ ...USER_TSCONFIG, files }));
      const out = tscOutput(dir);
      const diags: { line: number; file: string; text: string }[] = [];
      for (const l of out.split("\n")) {
        const m = /^(.*)\((\d+),\d+\): error (TS\d+: .*)$/.exec(l);
        if (m) diags.push({ file: m[1]!, line: Number(m[2]), text: m[3]! });
        else if (l.trim() !== "" && diags.length > 0) diags[diags.length - 1]!.text += `\n${l.trim()}`;
        else if (l.trim() !== "") diags.push({ file: "", line: 0, text: l });
      }
      return diags;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  it("compile: every @ts-expect-error is an error, the property test's kind claims hold", () => {
    expect(compile([checkFile, join(root, "test/nix-ast/typed-properties.test.ts")])).toEqual([]);
  });

  it("each refusal says what its directive states", () => {
    const source = readFileSync(checkFile, "utf8").split("\n");
    const expected = new Map<number, string>();
    source.forEach((l, i) => {
      const m = /^\s*\/\/ @ts-expect-error -- (.*)$/.exec(l);
      if (m) expected.set(i + 2, m[1]!);
    });
    expect(expected.size).toBeGreaterThan(25);
    // The same file without the directives (same line numbers), next to node_modules' nix-ast.
    const dir = mkdtempSync(join(root, "node_modules", ".typed-bare-"));
    try {
      const bare = join(dir, "typed-typecheck.ts");
      writeFileSync(bare, source.map((l) => l.replace("// @ts-expect-error --", "// expected:")).join("\n"));
      const diags = compile([bare]);
      const byLine = new Map<number, string[]>();
      for (const d of diags) {
        expect(d.file, d.text).toContain("typed-typecheck.ts");
        byLine.set(d.line, [...(byLine.get(d.line) ?? []), d.text]);
      }
      for (const [line, want] of expected) {
        const got = (byLine.get(line) ?? []).join("\n");
        expect(got, `line ${line}: ${source[line - 1]!.trim()}`).toContain(want);
      }
      // No error anywhere else.
      expect([...byLine.keys()].filter((l) => !expected.has(l))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
