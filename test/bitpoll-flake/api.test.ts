/**
 * The TypeScript API: immutable customisation, pins, replacements, and the README example.
 */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { attrs, fn } from "nix-ast";
import { option, types } from "nix-ast/nixos";
import { ConfigError, DEFAULT_PINS, RECIPES, SETTINGS_ENV_VAR, bitpollFlake, missingHashes, parseConfig } from "bitpoll-flake";

const text = (f: ReturnType<typeof bitpollFlake>, path: string) => f.files().files.get(path)!.text;

describe("bitpollFlake()", () => {
  it("is immutable: every with… returns a new value and leaves the old one alone", () => {
    const base = bitpollFlake();
    const before = text(base, "nix/package.nix");
    const changed = base.withPythonPackages((ps) => [ps["django-prometheus"]!]).withNixpkgs("github:NixOS/nixpkgs/nixos-unstable");
    expect(changed).not.toBe(base);
    expect(text(base, "nix/package.nix")).toBe(before);
    expect(text(changed, "nix/package.nix")).toContain("ps.django-prometheus");
    expect(text(changed, "flake.nix")).toContain('"github:NixOS/nixpkgs/nixos-unstable"');
    expect(Object.isFrozen(base)).toBe(true);
    expect(Object.isFrozen(DEFAULT_PINS.bitpoll)).toBe(true);
  });

  it("emits lib.fakeHash and lists the pin when a hash is unknown, and the real hash when given", () => {
    const base = bitpollFlake();
    expect(base.files().missing.map((m) => m.pin)).toEqual(["bitpoll"]);
    expect(text(base, "nix/package.nix")).toContain("hash = lib.fakeHash;");
    const hash = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
    const pinned = base.withPin("bitpoll", { hash });
    expect(pinned.files().missing).toEqual([]);
    expect(text(pinned, "nix/package.nix")).toContain(`hash = "${hash}";`);
    // Moving to another release without a hash makes the hash unknown again.
    const moved = pinned.withPin("bitpoll", { version: "0.10.0", rev: "8619331db9fe0c3442b24511d02172f36bf41691" });
    expect(moved.files().missing.map((m) => m.field)).toEqual(["pins.bitpoll.hash"]);
    expect(text(moved, "nix/package.nix")).toContain('version = "0.10.0";');
  });

  it("changes a Python pin and validates it", () => {
    const f = bitpollFlake().withPin("cryptojwt", { version: "1.12.0" });
    expect(f.files().missing.map((m) => m.pin)).toEqual(["bitpoll", "cryptojwt"]);
    expect(text(f, "nix/python-modules/cryptojwt.nix")).toContain('version = "1.12.0";');
    expect(() => bitpollFlake().withPin("nope", { version: "1" })).toThrow(/no pin named "nope"/);
    expect(() => bitpollFlake().withPin("cryptojwt", { hash: "sha256-short" })).toThrow();
  });

  it("adds a Python package of its own to the overlay and the environment", () => {
    const f = bitpollFlake().withPythonPackage(
      { pname: "django-extra", buildSystem: ["setuptools"], dependencies: ["django"], imports: ["django_extra"], description: "x", homepage: "https://example.org", license: "mit" },
      { version: "1.0", source: { type: "pypi", pname: "django_extra", hash: null } },
    );
    const tree = f.files();
    expect(tree.files.has("nix/python-modules/django-extra.nix")).toBe(true);
    expect(tree.files.get("nix/python-overlay.nix")!.text).toContain("django-extra = pyfinal.callPackage ./python-modules/django-extra.nix { };");
    expect(tree.files.get("nix/package.nix")!.text).toContain("ps.django-extra");
    expect(tree.missing.map((m) => m.pin)).toContain("django-extra");
  });

  it("sets systems, server and features", () => {
    const f = bitpollFlake().withSystems(["x86_64-linux"]).withServer("uwsgi").withFeatures({ ldap: true });
    expect(text(f, "flake.nix")).toContain('systems = [ "x86_64-linux" ];');
    expect(text(f, "nix/package.nix")).toContain("withLdap ? true");
    expect(text(f, "nix/package.nix")).toContain("uwsgi.override");
    expect(() => bitpollFlake().withSystems([])).toThrow();
  });

  it("has a withPrometheus switch, off unless features.prometheus turns it on", () => {
    const plain = text(bitpollFlake(), "nix/package.nix");
    expect(plain).toContain("withPrometheus ? false");
    expect(plain).toMatch(/lib\.optionals withPrometheus \[\s*ps\.django-prometheus\s*\]/);
    expect(text(bitpollFlake({ features: { prometheus: true } }), "nix/package.nix")).toContain("withPrometheus ? true");
    expect(() => bitpollFlake(parseConfig({ features: { prometheus: "yes" } }))).toThrow(/features\.prometheus/);
  });

  it("replaces a piece and transforms the module", () => {
    const mine = fn(["config", "lib"], attrs({}));
    const f = bitpollFlake()
      .replace("nix/module.nix", mine)
      .withModulePiece((m) => ({ ...m, optionsDoc: "custom options table\n" }));
    expect(text(f, "nix/module.nix")).toBe("{ config, lib }: { }\n");
    expect(text(f, "README.md")).toContain("custom options table");
  });

  it("validates a configuration value with errors naming the fields", () => {
    expect(() => bitpollFlake({ systems: [] })).toThrow(ConfigError);
    try {
      parseConfig({ pins: { bitpoll: { hash: 1 } }, server: "x" }, "test");
    } catch (e) {
      expect((e as ConfigError).issues.map((i) => i.field).sort()).toEqual(["pins.bitpoll.hash", "server"]);
    }
  });

  it("exports the settings variable the module needs and a recipe per missing package", () => {
    expect(SETTINGS_ENV_VAR).toBe("BITPOLL_SETTINGS_FILE");
    expect(RECIPES.map((r) => r.pname).sort()).toEqual(Object.keys(DEFAULT_PINS.python).sort());
    expect(missingHashes(DEFAULT_PINS).map((m) => m.pin)).toEqual(["bitpoll"]);
    const shim = bitpollFlake().files().files.get("nix/settings_local.py")!.text;
    expect(shim).toContain('_os.environ.get("BITPOLL_SETTINGS_FILE")');
    expect(shim).not.toMatch(/SECRET_KEY\s*=/);
  });

  it("hands withModule the typed NixosModule; changes reach module.nix and the README", () => {
    const base = bitpollFlake();
    const f = base.withModule((m) =>
      m
        .setDefault("services.bitpoll.workers", 4)
        .addOption("services.bitpoll.motd", option({ type: types.str, default: "", description: "Message of the day." })),
    );
    const module = text(f, "nix/module.nix");
    // One declaration: the changed default sits in the shared instanceOptions function.
    const shared = module.slice(module.indexOf("instanceOptions = unit:"), module.indexOf("\nin\n"));
    expect(shared).toMatch(/workers = lib\.mkOption \{\n\s+type = lib\.types\.ints\.positive;\n\s+default = 4;/);
    expect(shared).toContain("motd = lib.mkOption");
    expect(module.match(/workers = lib\.mkOption/g)).toHaveLength(1);
    expect(text(f, "README.md")).toContain("services.bitpoll.motd");
    expect(text(base, "nix/module.nix")).toContain("default = 2;");
    expect(() => base.withModule((m) => m.setDefault("services.bitpoll.workers", 0))).toThrow(/positive/);
  });

  it("type-checks withModule (tsc on flake-typecheck.ts: every @ts-expect-error is an error)", () => {
    const root = fileURLToPath(new URL("../../", import.meta.url));
    const tsc = fileURLToPath(new URL("../../node_modules/typescript/bin/tsc", import.meta.url));
    let out = "";
    try {
      execFileSync(process.execPath, [tsc, "-p", "test/bitpoll-flake/flake-tsconfig.json"], { cwd: root, encoding: "utf8" });
    } catch (e) {
      out = String((e as { stdout?: string }).stdout ?? e);
    }
    expect(out).toBe("");
  }, 60_000);
});
