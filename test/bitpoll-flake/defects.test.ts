/**
 * The defects of issue 11 that show in the generated files themselves (the module's show in
 * features.test.ts, module.test.ts and module-extras.test.ts): each test fails on the output
 * before the fix.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RECIPES, bitpollFlake, type GeneratedTree } from "bitpoll-flake";
import { evalJson, nixStr } from "./helpers.js";
import { requireTools } from "./require-tool.js";

const tree: GeneratedTree = bitpollFlake().files();
const text = (path: string): string => {
  const f = tree.files.get(path);
  if (f === undefined) throw new Error(`no file ${path}`);
  return f.text;
};
const dir = mkdtempSync(join(tmpdir(), "bitpoll-defects-"));
for (const f of tree.files.values()) {
  mkdirSync(join(dir, f.path, ".."), { recursive: true });
  writeFileSync(join(dir, f.path), f.text);
}

const NIX = requireTools("defects.test.ts: generated Nix evaluated", "nix-instantiate");
const PYTHON = requireTools("defects.test.ts: Python checks", "python3");

/** A recipe file applied to inert arguments: its attributes as buildPythonPackage receives them. */
function recipeAttrs(pname: string): { env?: Record<string, string>; postInstall?: string; pythonImportsCheck: string[] } {
  const file = join(dir, `nix/python-modules/${pname}.nix`);
  return evalJson(`
    let
      f = import ${nixStr(file)};
      inert = builtins.mapAttrs (_: _: null) (builtins.functionArgs f);
    in
    builtins.intersectAttrs { env = 0; postInstall = 0; pythonImportsCheck = 0; } (f (inert // builtins.intersectAttrs inert {
      lib = { licenses = { mit = "mit"; asl20 = "asl20"; }; fakeHash = ""; };
      buildPythonPackage = a: a;
      fetchFromGitHub = a: a;
      fetchPypi = a: a;
    }))`) as { env?: Record<string, string>; postInstall?: string; pythonImportsCheck: string[] };
}

describe.skipIf(!NIX || !PYTHON)("1. import checks get the Django settings their modules read", () => {
  it("gives libsasscompiler's check a settings module defining PIPELINE (pipeline.conf reads it on import)", () => {
    const a = recipeAttrs("libsasscompiler");
    expect(a.pythonImportsCheck).toEqual(["libsasscompiler"]);
    expect(a.postInstall, "no settings module is written for the import check").toBeDefined();
    // Run the hook as the build would (its own $TMPDIR), then import the settings module the way
    // pythonImportsCheckPhase imports (from `cd $out`), with DJANGO_SETTINGS_MODULE as the recipe sets it.
    const build = mkdtempSync(join(tmpdir(), "bitpoll-build-"));
    const out = mkdtempSync(join(tmpdir(), "bitpoll-out-"));
    const probe = `import importlib, json, os; m = importlib.import_module(os.environ["DJANGO_SETTINGS_MODULE"]); print(json.dumps(m.PIPELINE))`;
    const result = execFileSync("bash", ["-euc", `${a.postInstall}\ncd "$OUT" && python3 -c '${probe}'`], {
      encoding: "utf8",
      env: { PATH: process.env.PATH, TMPDIR: build, OUT: out, ...a.env },
    });
    expect(JSON.parse(result)).toEqual({});
  });

  it("says for every recipe what its check imports, and sets Django settings only where a module needs more than Django's defaults", () => {
    for (const r of RECIPES) {
      expect(r.importCheck, r.pname).toBeTruthy();
      const a = recipeAttrs(r.pname);
      expect(a.env?.DJANGO_SETTINGS_MODULE, r.pname).toBe(r.importCheckSettings === undefined ? undefined : "nix_import_check_settings");
    }
  });
});

describe.skipIf(!PYTHON)("8. the settings shim leaves upstream's defaults alone", () => {
  /**
   * Names Bitpoll's `bitpoll/settings.py` (at the pinned 0.11.0 commit) assigns before its
   * `from .settings_local import *`: a name the shim assigns replaces upstream's value everywhere.
   */
  const UPSTREAM = ["ALLOWED_HOSTS", "STATIC_ROOT", "MEDIA_ROOT", "DATABASES", "CACHES", "SITE_NAME", "BASE_URL", "REGISTER_ENABLED", "GROUP_MANAGEMENT", "PUBLIC_POLLS", "CALENDAR_ENABLED", "URL_PREFIX", "OPENID_ENABLED", "TIME_ZONE", "LANGUAGE_CODE"];

  it("assigns none of upstream's names but STATIC_ROOT (which points into the source tree)", () => {
    const names = JSON.parse(
      execFileSync("python3", ["-c", "import ast, json, sys; t = ast.parse(sys.stdin.read()); print(json.dumps(sorted({n.id for s in t.body if isinstance(s, ast.Assign) for n in s.targets if isinstance(n, ast.Name)})))"], {
        input: text("nix/settings_local.py"),
        encoding: "utf8",
      }),
    ) as string[];
    expect(names.filter((n) => UPSTREAM.includes(n))).toEqual(["STATIC_ROOT"]);
    expect(names).toEqual(expect.arrayContaining(["INSTALLED_APPS_LOCAL", "PIPELINE_LOCAL", "DEBUG"]));
  });
});

describe("9. versions and details", () => {
  it("says why django-simple-csp is not at the 0.5.dev1 Bitpoll's requirements ask for", () => {
    expect(text("nix/python-modules/django-simple-csp.nix")).toMatch(/# Bitpoll's requirements\.txt asks for 0\.5\.dev1[^]*\n\s*version = "0\.4\.dev1";/);
  });

  it("gives django-pipeline no runtime setuptools, cryptojwt no duplicate of uv-dynamic-versioning's hook", () => {
    expect(text("nix/python-modules/django-pipeline.nix")).not.toMatch(/dependencies = \[[^\]]*setuptools/);
    expect(text("nix/python-modules/cryptojwt.nix")).not.toContain("UV_DYNAMIC_VERSIONING_BYPASS");
  });

  it("drops the identity mapAttrs and the unused settingsEnvVar", () => {
    expect(text("nix/module.nix")).not.toMatch(/lib\.mapAttrs \(\w+: i: i\)/);
    expect(text("nix/package.nix")).not.toContain("settingsEnvVar");
  });

  it.skipIf(!NIX)("has a README nixosSystem example with what every NixOS evaluation asserts (file systems, boot loader, state version), and it parses", () => {
    const readme = text("README.md");
    const block = /```nix\n([^]*?)```/.exec(readme)?.[1];
    expect(block).toBeDefined();
    for (const needed of ['fileSystems."/"', "boot.loader.grub.device", "system.stateVersion"]) expect(block).toContain(needed);
    const file = join(dir, "readme-example.nix");
    writeFileSync(file, block!);
    expect(() => execFileSync("nix-instantiate", ["--parse", file], { stdio: "pipe" })).not.toThrow();
  });

  it("says how the OCI image serves static files, and where the plain unit's DNS stops", () => {
    const readme = text("README.md");
    expect(readme).toMatch(/WhiteNoise answers\s+`\/static\/`/);
    expect(readme).toContain("IPAddressAllow=<resolver address>");
  });
});
