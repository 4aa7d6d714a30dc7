/**
 * The flake evaluates as far as Nix allows without nixpkgs: `outputs` applied to stand-in inputs
 * (`stand-in.nix`) yields the expected attributes for every system, and the package, overlay and
 * module functions evaluate with the right names, versions and sources. Run once with the fake
 * `lib` of the stand-in, and once more with the real nixpkgs library when it is here.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { nixpkgsLib } from "nix-ast/testing";
import { bitpollFlake, loadConfig, type GeneratedTree } from "bitpoll-flake";
import { NIX, STAND_IN, evalJson, nixStr, tmp } from "./helpers.js";
import { FIXTURES } from "./module-fixtures/harness.js";

function materialise(tree: GeneratedTree): string {
  const dir = tmp();
  for (const f of tree.files.values()) {
    mkdirSync(dirname(join(dir, f.path)), { recursive: true });
    writeFileSync(join(dir, f.path), f.text);
  }
  return dir;
}

const realLib = nixpkgsLib();
const libs: [string, string][] = [["fake lib", "null"]];
if (realLib !== undefined) libs.push(["real nixpkgs lib", `import ${nixStr(realLib)}`]);

// Listed for the report: the real-lib run is skipped when NIXPKGS_LIB is not available.
if (realLib === undefined) {
  describe("stand-in evaluation with the real nixpkgs lib", () => {
    it.skip("skipped: set NIXPKGS_LIB or fetch nixpkgs.lib into .cache/nixpkgs.lib (docs/nix-facts.md)", () => {});
  });
}

const defaultDir = NIX ? materialise(bitpollFlake().files()) : "";
const customDir = NIX ? materialise(bitpollFlake(loadConfig(new URL("./fixtures/custom.json", import.meta.url).pathname)).files()) : "";

describe.skipIf(!NIX).each(libs)("stand-in evaluation with the %s", (_name, lib) => {
  const prelude = (dir: string, systems = `[ "x86_64-linux" "aarch64-linux" ]`) => `
    let
      s = import ${nixStr(STAND_IN)} { lib = ${lib}; systems = ${systems}; };
      f = s.flakeOf ${nixStr(dir)};
      out = f.self;
      names = builtins.attrNames;
      perSystem = builtins.mapAttrs (_: names);
      depNames = map (d: d.stubName or d.pname);
    in`;

  it("yields every output for every system", () => {
    const r = evalJson(`${prelude(defaultDir)} {
      inputs = f.flake.inputs;
      outputs = names out;
      packages = perSystem out.packages;
      apps = perSystem out.apps;
      checks = perSystem out.checks;
      devShells = perSystem out.devShells;
      formatter = builtins.mapAttrs (_: v: v.stubName) out.formatter;
      overlays = names out.overlays;
      nixosModules = names out.nixosModules;
    }`);
    const both = (v: unknown) => ({ "aarch64-linux": v, "x86_64-linux": v });
    expect(r).toEqual({
      inputs: { nixpkgs: { url: "github:NixOS/nixpkgs/nixos-26.05" } },
      outputs: ["apps", "checks", "devShells", "formatter", "nixosModules", "overlays", "packages"],
      packages: both(["bitpoll", "default", "oci-image"]),
      apps: both(["bitpoll-manage", "bitpoll-server", "default"]),
      checks: both(["package", "vm-test"]),
      devShells: both(["default"]),
      formatter: both("nixfmt-tree"),
      overlays: ["default"],
      nixosModules: ["bitpoll", "default"],
    });
  });

  it("builds the package with its pins, outputs, environment and wrappers", () => {
    const r = evalJson(`${prelude(defaultDir)}
      let p = out.packages.x86_64-linux.bitpoll; in {
        inherit (p) pname version src outputs;
        meta = { inherit (p.meta) license mainProgram description homepage platforms; };
        defaultIsBitpoll = out.packages.x86_64-linux.default.pname;
        env = depNames p.pythonEnv.pythonEnvOf;
        nativeBuildInputs = depNames p.nativeBuildInputs;
        settingsEnvVar = p.settingsEnvVar;
        apps = builtins.mapAttrs (_: a: { inherit (a) type program; }) out.apps.x86_64-linux;
        devShell = depNames out.devShells.x86_64-linux.default.shell.packages;
      }`) as Record<string, unknown>;
    expect(r.pname).toBe("bitpoll");
    expect(r.version).toBe("0.11.0");
    expect(r.defaultIsBitpoll).toBe("bitpoll");
    expect(r.outputs).toEqual(["out", "static"]);
    expect(r.src).toEqual({
      fetcher: "fetchFromGitHub",
      owner: "fsinfuhh",
      repo: "Bitpoll",
      rev: "6d863fecf2489bbb8e6239936849a594bef489f1",
      hash: "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
    });
    expect(r.meta).toMatchObject({ mainProgram: "bitpoll-server", homepage: "https://github.com/fsinfuhh/Bitpoll" });
    expect(JSON.stringify((r.meta as { license: unknown }).license)).toMatch(/gpl3Only|GPL-3.0-only/);
    const env = r.env as string[];
    // Django 6 replaces the default Django in the whole set.
    expect(env).toContain("django_6");
    expect(env).not.toContain("django");
    for (const p of ["django-pipeline", "libsasscompiler", "django-simple-csp", "gunicorn", "urllib3", "urllib3-future", "simple-openid-connect", "psycopg2"]) {
      expect(env).toContain(p);
    }
    expect(env).not.toContain("django-auth-ldap");
    expect(r.nativeBuildInputs).toEqual(["gettext", "makeWrapper", "python3-env"]);
    expect(r.settingsEnvVar).toBe("BITPOLL_SETTINGS_FILE");
    expect(r.apps).toEqual({
      default: { type: "app", program: "/fake/bitpoll/bin/bitpoll-server" },
      "bitpoll-manage": { type: "app", program: "/fake/bitpoll/bin/bitpoll-manage" },
      "bitpoll-server": { type: "app", program: "/fake/bitpoll/bin/bitpoll-server" },
    });
    expect(r.devShell).toEqual(["python3-env", "gettext"]);
  });

  it("adds django-prometheus to the environment with withPrometheus = true, and only then", () => {
    const r = evalJson(`${prelude(defaultDir)}
      let
        pkgs = s.pkgsFor "x86_64-linux";
        build = args: depNames (pkgs.callPackage ${nixStr(`${defaultDir}/nix/package.nix`)} args).pythonEnv.pythonEnvOf;
      in {
        flakeDefault = depNames out.packages.x86_64-linux.bitpoll.pythonEnv.pythonEnvOf;
        plain = build { };
        prometheus = build { withPrometheus = true; };
        ldapToo = build { withPrometheus = true; withLdap = true; };
      }`) as Record<string, string[]>;
    expect(r.flakeDefault).not.toContain("django-prometheus");
    expect(r.plain).not.toContain("django-prometheus");
    expect(r.prometheus).toContain("django-prometheus");
    expect(r.prometheus.filter((p) => p !== "django-prometheus")).toEqual(r.plain);
    expect(r.ldapToo).toEqual(expect.arrayContaining(["django-prometheus", "django-auth-ldap"]));
  });

  it("builds every overlay package with pname, version, src, build system, deps and import check", () => {
    const r = evalJson(`${prelude(defaultDir)}
      let ps = out.packages.x86_64-linux.bitpoll.python.pkgs; in
      builtins.mapAttrs (_: v: {
        inherit (v) pname version src pyproject pythonImportsCheck builtBy;
        buildSystem = depNames v.build-system;
        deps = depNames v.dependencies;
        env = v.env or { };
      }) (import ${nixStr(`${defaultDir}/nix/python-overlay.nix`)} ps { })`) as Record<string, Record<string, unknown>>;
    expect(Object.keys(r).sort()).toEqual([
      "cryptojwt",
      "django-friendly-tag-loader",
      "django-pipeline",
      "django-simple-csp",
      "django-token-bucket",
      "libsasscompiler",
      "simple-openid-connect",
    ]);
    expect(r["django-pipeline"]).toEqual({
      pname: "django-pipeline",
      version: "3.1.0",
      pyproject: true,
      builtBy: "buildPythonPackage",
      src: {
        fetcher: "fetchFromGitHub",
        owner: "jazzband",
        repo: "django-pipeline",
        rev: "5c9ee24b2330ca318d216414704da8e4b7782b9d",
        hash: "sha256-c8FBCmD/O/1wiGpy+lrN+aJwAHHHZycbISlugkM6hVc=",
      },
      buildSystem: ["setuptools", "setuptools-scm"],
      deps: ["django_6", "setuptools"],
      pythonImportsCheck: ["pipeline"],
      env: { SETUPTOOLS_SCM_PRETEND_VERSION: "3.1.0", DJANGO_SETTINGS_MODULE: "django.conf.global_settings" },
    });
    expect(r["django-token-bucket"]!.src).toEqual({
      fetcher: "fetchPypi",
      pname: "django_token_bucket",
      version: "0.2.4",
      hash: "sha256-hkj4Vo2OXI0IR/T6/qzt5ZPPLCFJNnNWyEm9hkervCQ=",
    });
    expect(r.cryptojwt!.src).toMatchObject({ fetcher: "fetchPypi", pname: "cryptojwt", version: "1.11.0" });
    expect(r.cryptojwt!.env).toEqual({ UV_DYNAMIC_VERSIONING_BYPASS: "1.11.0" });
    expect(r["simple-openid-connect"]!.buildSystem).toEqual(["flit-core"]);
    expect(r.libsasscompiler!.deps).toEqual(["django-pipeline", "libsass"]);
    for (const v of Object.values(r)) expect((v.pythonImportsCheck as string[]).length).toBeGreaterThan(0);
  });

  it("exports the overlay: pkgs.bitpoll and pythonPackagesExtensions", () => {
    const r = evalJson(`${prelude(defaultDir)}
      let
        prev = s.pkgsFor "x86_64-linux";
        o = out.overlays.default final prev;
        final = prev // o;
        ext = builtins.head o.pythonPackagesExtensions;
      in {
        bitpoll = o.bitpoll.pname;
        extensions = builtins.length o.pythonPackagesExtensions;
        added = names (ext (s.pyBase prev { }) { });
      }`);
    expect(r).toEqual({
      bitpoll: "bitpoll",
      extensions: 1,
      added: ["cryptojwt", "django-friendly-tag-loader", "django-pipeline", "django-simple-csp", "django-token-bucket", "libsasscompiler", "simple-openid-connect"],
    });
  });

  it("wires the NixOS module, the VM test, the OCI image and the example", () => {
    const r = evalJson(`${prelude(defaultDir)}
      let
        pkgs = s.pkgsFor "x86_64-linux";
        m = out.nixosModules.default { inherit pkgs; };
        test = out.checks.x86_64-linux.vm-test.nixosTest;
        testModule = builtins.head test.nodes.machine.imports;
        mod = import ${nixStr(`${defaultDir}/nix/module.nix`)} { config.services.bitpoll = { enable = true; package = "p"; }; lib = s.l; inherit pkgs; };
        image = out.packages.x86_64-linux.oci-image;
      in {
        imports = map builtins.baseNameOf m.imports;
        packageDefault = (m.services.bitpoll.package.value or m.services.bitpoll.package.content).pname;
        options = names mod.options.services.bitpoll;
        testName = test.name;
        testImports = builtins.length test.nodes.machine.imports;
        # The VM test imports nixosModules.default (the same function: it imports module.nix too).
        testModuleImports = map builtins.baseNameOf (testModule { inherit pkgs; }).imports;
        testPackage = test.nodes.machine.services.bitpoll.package.pname;
        image = { inherit (image) name tag builtBy; contents = depNames image.contents; };
        example = (import ${nixStr(`${defaultDir}/example/configuration.nix`)} { }).services.bitpoll.enable;
      }`);
    expect(r).toEqual({
      imports: ["module.nix"],
      packageDefault: "bitpoll",
      options: [
        "allowedHosts", "backup", "baseUrl", "cache", "database", "email", "enable", "encryptionKeyFile", "environmentFile", "extraConfig",
        "group", "health", "instances", "ldap", "listen", "metrics", "network", "nginx", "openid", "package", "secretKeyFile", "settings", "stateDir", "user", "workers",
      ],
      testName: "bitpoll",
      testImports: 1,
      testModuleImports: ["module.nix"],
      testPackage: "bitpoll",
      image: { name: "bitpoll", tag: "0.11.0", builtBy: "buildLayeredImage", contents: ["bitpoll", "coreutils", "cacert"] },
      example: true,
    });
  });

  it.skipIf(lib === "null")("evaluates nixosModules.default, the example and the VM test's node under lib.evalModules", () => {
    const r = evalJson(`${prelude(defaultDir)}
      let
        lib = s.l;
        pkgs = import ${nixStr(join(FIXTURES, "fake-pkgs.nix"))} { inherit lib; } // { stdenv.hostPlatform.system = "x86_64-linux"; };
        # Options of NixOS the example sets besides the module's.
        moreStandIns = {
          options.security.acme = lib.mkOption { type = lib.types.attrsOf lib.types.anything; default = { }; };
          options.networking.firewall.allowedTCPPorts = lib.mkOption { type = lib.types.listOf lib.types.port; default = [ ]; };
        };
        evalWith = modules: (lib.evalModules {
          modules = [ ${nixStr(join(FIXTURES, "standins.nix"))} moreStandIns ] ++ modules;
          specialArgs = { inherit pkgs; };
        }).config;
        failed = c: map (a: a.message) (builtins.filter (a: !a.assertion) c.assertions);
        plain = evalWith [ out.nixosModules.default { services.bitpoll.enable = true; } ];
        example = evalWith [ out.nixosModules.default ${nixStr(`${defaultDir}/example/configuration.nix`)} ];
        test = out.checks.x86_64-linux.vm-test.nixosTest;
        node = evalWith [ test.nodes.machine ];
        svc = c: c.systemd.services.bitpoll;
      in {
        plain = {
          failed = failed plain;
          package = plain.services.bitpoll.package.outPath;
          execStart = (svc plain).serviceConfig.ExecStart;
          settingsVar = builtins.attrNames (builtins.removeAttrs (svc plain).environment [ "BITPOLL_STATE_DIR" "GUNICORN_CMD_ARGS" "PYTHONDONTWRITEBYTECODE" ]);
          gunicorn = (svc plain).environment.GUNICORN_CMD_ARGS;
          manage = map (p: p.name) plain.environment.systemPackages;
        };
        example = {
          failed = failed example;
          staticAlias = example.services.nginx.virtualHosts."poll.example.org".locations."/static/".alias;
          postgresql = example.services.postgresql.enable;
          timers = builtins.attrNames example.systemd.timers;
          allowedHosts = example.services.bitpoll.allowedHosts;
        };
        node = {
          failed = failed node;
          units = builtins.attrNames node.systemd.services;
          package = node.services.bitpoll.package.outPath;
        };
      }`);
    expect(r).toEqual({
      plain: {
        failed: [],
        package: "/fake/bitpoll",
        execStart: "/fake/bitpoll/bin/bitpoll-server",
        settingsVar: ["BITPOLL_SETTINGS_FILE"],
        gunicorn: "--workers 2 --access-logfile - --forwarded-allow-ips *",
        manage: ["bitpoll-manage"],
      },
      example: {
        failed: [],
        // The package's static output, as its collectstatic fills it (STATIC_ROOT is its root).
        staticAlias: "/fake/bitpoll-static/",
        postgresql: true,
        timers: ["bitpoll-backup", "bitpoll-health"],
        allowedHosts: ["www.poll.example.org"],
      },
      node: { failed: [], units: ["bitpoll", "bitpoll-backup", "bitpoll-health"], package: "/fake/bitpoll" },
    });
  });

  it("follows the configuration: systems, server, features, pins, extra packages", () => {
    const r = evalJson(`${prelude(customDir, `[ "x86_64-linux" "aarch64-linux" "riscv64-linux" ]`)}
      let p = out.packages.riscv64-linux.bitpoll; ps = p.python.pkgs; in {
        systems = names out.packages;
        url = f.flake.inputs.nixpkgs.url;
        hash = p.src.hash;
        env = depNames p.pythonEnv.pythonEnvOf;
        token = { inherit (ps.django-token-bucket) version src; };
        sass = ps.libsasscompiler.src;
      }`) as Record<string, unknown>;
    expect(r.systems).toEqual(["aarch64-linux", "riscv64-linux", "x86_64-linux"]);
    expect(r.url).toBe("github:NixOS/nixpkgs/nixos-unstable");
    expect(r.hash).toBe("sha256-1111111111111111111111111111111111111111111=");
    const env = r.env as string[];
    expect(env).toEqual(expect.arrayContaining(["django-auth-ldap", "django-prometheus", "sentry-sdk", "psycopg2"]));
    expect(env).not.toContain("gunicorn");
    expect(env).not.toContain("simple-openid-connect");
    // A new version without a hash: the hash falls back to lib.fakeHash.
    expect(r.token).toEqual({
      version: "0.2.5",
      src: { fetcher: "fetchPypi", pname: "django_token_bucket", version: "0.2.5", hash: "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=" },
    });
    expect(r.sass).toEqual({ fetcher: "fetchPypi", pname: "libsasscompiler", version: "0.2.0", hash: "sha256-nQeOVPyzEZ6BGyqi/No+q7gdJcHvQRQg6ufJ6bdHti4=" });
  });
});
