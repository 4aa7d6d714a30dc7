/** Unit tests of nix-ast/nixos that need no Nix, and the compile-time check (tsc on nixos-typecheck.ts). */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { print, ref } from "nix-ast";
import { module, mkEnableOption, option, optionsFromZod, renderDocs, types, ZodConversionError } from "nix-ast/nixos";

const root = fileURLToPath(new URL("../../", import.meta.url));

describe("nix-ast/nixos", () => {
  it("type-level tests compile (every @ts-expect-error is an error)", () => {
    const tsc = fileURLToPath(new URL("../../node_modules/typescript/bin/tsc", import.meta.url));
    let out = "";
    try {
      execFileSync(process.execPath, [tsc, "-p", "test/nix-ast/nixos-tsconfig.json"], { cwd: root, encoding: "utf8" });
    } catch (e) {
      out = String((e as { stdout?: string }).stdout ?? e);
    }
    expect(out).toBe("");
  });

  it("renders types and idiomatic modules", () => {
    expect(print(types.listOf(types.nullOr(types.port)).nix).trim()).toBe("lib.types.listOf (lib.types.nullOr lib.types.port)");
    expect(types.port.description).toBe("16 bit unsigned integer; between 0 and 65535 (both inclusive)");
    const m = module({ options: { services: { x: { enable: mkEnableOption("x") } } } });
    expect(m.render()).toContain('options.services.x.enable = lib.mkEnableOption "x";');
  });

  it("a config block with `when` is guarded by lib.mkIf, one without is not", () => {
    const m = module({
      let: { cfg: ref("config.services.app") },
      options: { services: { app: { enable: mkEnableOption("app"), port: option({ type: types.port, default: 8000 }) } } },
    });
    const when = { when: ref("cfg.enable") };
    expect(m.define({ services: { app: { port: 81 } } }, when).render()).toContain("config = lib.mkIf cfg.enable { services.app.port = 81; };");
    const plain = m.define({ services: { app: { port: 81 } } }).render();
    expect(plain).toContain("config.services.app.port = 81;");
    expect(plain).not.toContain("mkIf");
    const both = m.define({ services: { app: { port: 81 } } }).withConfig({ services: { app: { port: 82 } } }, when).render();
    expect(both).toContain("{ services.app.port = 81; }\n    (lib.mkIf cfg.enable { services.app.port = 82; })");
  });

  it("refuses zod constructs with no faithful Nix type, naming them", () => {
    const cases: [z.ZodObject, RegExp][] = [
      [z.object({ d: z.date() }), /z\.date\(\) at d/],
      [z.object({ s: z.string().email() }), /z\.string\(\) with email at s/],
      [z.object({ t: z.tuple([z.string()]) }), /z\.tuple\(\) at t/],
      [z.object({ b: z.bigint() }), /z\.bigint\(\)/],
      [z.object({ r: z.string().regex(/^\d+$/) }), /regex/],
      [z.object({ l: z.array(z.string().optional()) }), /\.optional\(\) at l\.\*/],
    ];
    for (const [s, re] of cases) {
      expect(() => optionsFromZod(s)).toThrow(ZodConversionError);
      expect(() => optionsFromZod(s)).toThrow(re);
    }
  });

  it("renders a Markdown reference like the NixOS manual", () => {
    const md = renderDocs({
      services: { x: { port: option({ type: types.port, default: 8000, example: 8080, description: "The port." }) } },
    });
    expect(md).toBe(
      "## services.x.port\n\nThe port.\n\n*Type:*\n16 bit unsigned integer; between 0 and 65535 (both inclusive)\n\n*Default:*\n`8000`\n\n*Example:*\n`8080`\n",
    );
  });

  it("customisation never mutates", () => {
    const m = module({ options: { a: option({ type: types.int, default: 1 }) } });
    const m2 = m.setDefault("a", 2).addOption("b", option({ type: types.str, default: "" }));
    expect(m.options.a.default).toEqual({ kind: "value", value: 1 });
    expect(Object.keys(m2.options)).toEqual(["a", "b"]);
    expect(() => m.setDefault("a", "x" as never)).toThrow(/not a signed integer/);
  });
});
