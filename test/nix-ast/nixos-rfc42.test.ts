/**
 * RFC 42 as nixpkgs writes it: `settingsFormat = pkgs.formats.json { };` bound once, its `.type`
 * as the settings' freeform type and its `.generate` for the file, proven with the real
 * `lib.evalModules` (NIXPKGS_LIB). nixpkgs is not here, so `pkgs.formats.json` is a small stand-in
 * with nixpkgs' shape: `{ type = lib.types.json; generate = name: value: …; }`.
 */
import { describe, expect, it } from "vitest";
import { print, ref } from "nix-ast";
import { boundFormat, module, option, types } from "nix-ast/nixos";
import { evalNixBatchSettled } from "nix-ast/testing";
import { haveLib, LIB } from "./nixos-harness.js";

const settingsFormat = boundFormat("json");

const app = module({
  let: { ...settingsFormat.let, cfg: ref("config.services.app") },
  options: {
    services: {
      app: {
        settings: option({
          type: types.submodule({ port: option({ type: types.port, default: 8000, description: "Port." }) }, { freeformType: settingsFormat.type }),
          default: {},
          description: "Configuration of app, see its manual.",
        }),
        configFile: option({ type: types.anything, description: "The generated file (read only)." }),
      },
    },
  },
}).withConfig(({ cfg }) => ({ services: { app: { configFile: settingsFormat.generate("app.json", cfg.settings) } } }));

const PKGS = `{ formats.json = { }: { type = lib.types.json; generate = name: value: { inherit name; text = builtins.toJSON value; }; }; }`;

function source(host: string): string {
  return `let
  lib = import ${LIB};
  pkgs = ${PKGS};
  r = builtins.tryEval (lib.evalModules { specialArgs = { inherit pkgs; }; modules = [ (${print(app.toExpr()).trim()}) ${host} ]; }).config.services.app.configFile;
in if r.success then r.value else "rejected"`;
}

describe("RFC 42 settings with a bound format", () => {
  it("renders the nixpkgs idiom", () => {
    const text = app.render();
    expect(text).toContain("settingsFormat = pkgs.formats.json { };");
    expect(text).toContain("freeformType = settingsFormat.type;");
    expect(text).toContain('configFile = settingsFormat.generate "app.json" cfg.settings;');
    expect(settingsFormat.type.zod.safeParse({ a: [1, "x", null] }).success).toBe(true);
    expect(settingsFormat.type.zod.safeParse({ a: () => 1 }).success).toBe(false);
  });

  it.skipIf(!haveLib("RFC 42 evalModules"))("evalModules merges typed and freeform settings into the generated file", async () => {
    const [ok, defaults, bad] = await evalNixBatchSettled([
      source(`{ services.app.settings = { port = 9000; extra.key = "v"; }; }`),
      source(`{ }`),
      source(`{ services.app.settings.extra = x: x; }`),
    ]);
    expect(ok).toEqual({ ok: true, value: { name: "app.json", text: '{"extra":{"key":"v"},"port":9000}' } });
    expect(defaults).toEqual({ ok: true, value: { name: "app.json", text: '{"port":8000}' } });
    // A function is no JSON value: the freeform type refuses it.
    expect(bad?.ok === false || (bad?.ok && bad.value === "rejected")).toBe(true);
  });
});
