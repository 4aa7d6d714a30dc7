/**
 * The TypeScript API: immutable customisation, pins, replacements, and the README example.
 */
import { describe, expect, it } from "vitest";
import { attrs, fn } from "nix-ast";
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

  it("replaces a piece and transforms the module", () => {
    const mine = fn(["config", "lib"], attrs({}));
    const f = bitpollFlake()
      .replace("nix/module.nix", mine)
      .withModule((m) => ({ ...m, optionsDoc: "custom options table\n" }));
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
});
