/**
 * The generated options reference (fails when stale; `UPDATE_DOCS=1` rewrites it), the VM test
 * evaluated against the stand-ins, and the hardening of the non-NixOS unit.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { printNix } from "nix-ast/nixos";
import {
  FEATURES,
  bitpollModule,
  bitpollOciImage,
  bitpollQuadlet,
  bitpollSystemdUnit,
  bitpollVmTest,
  featuresTable,
  renderBitpollModule,
} from "../../packages/bitpoll-flake/src/module/index.js";
import { FIXTURES, evalJson, exposure, fakePkgs } from "./module-fixtures/harness.js";
import { requireNixpkgsLib, requireTools } from "./require-tool.js";

const DOCS = fileURLToPath(new URL("../../docs/bitpoll-options.md", import.meta.url));

describe("docs/bitpoll-options.md", () => {
  it("is the reference rendered from the option declarations", () => {
    const fresh = `# services.bitpoll options\n\nGenerated from the declarations in \`packages/bitpoll-flake/src/module/options.ts\` and \`features.ts\`; do not edit (run \`UPDATE_DOCS=1 npx vitest run test/bitpoll-flake/module-extras\`).\n\n${bitpollModule().docs()}`;
    // Written only on request: a missing or stale reference fails.
    if (process.env.UPDATE_DOCS === "1") writeFileSync(DOCS, fresh);
    expect(existsSync(DOCS), "docs/bitpoll-options.md is missing: generate it with UPDATE_DOCS=1").toBe(true);
    expect(readFileSync(DOCS, "utf8"), "docs/bitpoll-options.md is stale: regenerate it with UPDATE_DOCS=1").toBe(fresh);
    for (const name of ["services.bitpoll.enable", "services.bitpoll.instances", "services.bitpoll.database.type", "services.bitpoll.backup.keep"]) {
      expect(fresh).toContain(name);
    }
  });
});

describe("docs/bitpoll-flake.md", () => {
  it("carries the features table derived from FEATURES", () => {
    const page = readFileSync(fileURLToPath(new URL("../../docs/bitpoll-flake.md", import.meta.url)), "utf8");
    const section = /<!-- features:start -->\n([^]*?)<!-- features:end -->/.exec(page)?.[1];
    expect(section, "docs/bitpoll-flake.md has no features table").toBeDefined();
    expect(section).toBe(featuresTable());
    for (const f of FEATURES) expect(section).toContain(`\`${f.flag} ? `);
  });
});

const libDir = requireNixpkgsLib("module-extras.test.ts");
const ready = requireTools("module-extras.test.ts", "nix-instantiate") && libDir !== undefined;
const scoring = requireTools("module-extras.test.ts: exposure of the plain unit", "systemd-analyze");

describe.skipIf(!ready)("VM test and OCI image (evaluated, not run: no VMs here)", () => {
  it("evaluates the VM test's node and the image against the stand-ins", async () => {
    const work = mkdtempSync(join(tmpdir(), "bitpoll-vm-"));
    const write = (n: string, s: string) => {
      writeFileSync(join(work, n), s);
      return join(work, n);
    };
    const moduleFile = write("module.nix", renderBitpollModule(bitpollModule()));
    const vmFile = write("vm.nix", printNix(bitpollVmTest()));
    const ociFile = write("oci.nix", printNix(bitpollOciImage()));
    const result = (await evalJson(`
      let
        lib = import ${libDir};
        fake = ${fakePkgs()};
        pkgs = fake // {
          testers.runNixOSTest = t: t;
          dockerTools = { buildLayeredImage = a: a; caCertificates = fake.coreutils; };
        };
        test = import ${vmFile} { inherit pkgs; module = ${moduleFile}; package = pkgs.bitpoll; };
        node = lib.evalModules {
          modules = [ ${join(FIXTURES, "standins.nix")} test.nodes.machine ];
          specialArgs = { inherit pkgs; };
        };
        image = import ${ociFile} { inherit pkgs; package = pkgs.bitpoll; };
      in {
        inherit (test) name testScript;
        failed = map (a: a.message) (builtins.filter (a: !a.assertion) node.config.assertions);
        units = builtins.attrNames node.config.systemd.services;
        vhosts = builtins.attrNames node.config.services.nginx.virtualHosts;
        image = {
          inherit (image) name tag;
          env = image.config.Env;
          user = image.config.User;
          entrypoint = (builtins.head image.config.Entrypoint).text;
          whitenoise = (builtins.head image.contents).features.withWhiteNoise;
          provides = pkgs.importsOf (builtins.head image.contents);
        };
      }`)) as {
      name: string;
      testScript: string;
      failed: string[];
      units: string[];
      vhosts: string[];
      image: { name: string; tag: string; env: string[]; user: string; entrypoint: string; whitenoise: boolean; provides: string[] };
    };
    expect(result.name).toBe("bitpoll");
    expect(result.failed).toEqual([]);
    expect(result.units.sort()).toEqual(["bitpoll", "bitpoll-backup", "bitpoll-health"]);
    expect(result.vhosts).toEqual(["localhost"]);
    expect(result.testScript).toContain('machine.wait_for_unit("bitpoll.socket")');
    expect(result.testScript).toContain("bitpoll-manage shell -c");
    expect(result.image).toMatchObject({ name: "bitpoll", tag: "0.11.0", user: "1000:1000" });
    expect(result.image.env.join("\n")).toMatch(/BITPOLL_SETTINGS_FILE=\/nix\/store\/.*bitpoll-image-settings\.py/);
    // gunicorn serves no static files: the image's package has WhiteNoise, and the settings use it.
    expect(result.image.whitenoise).toBe(true);
    expect(result.image.provides).toContain("whitenoise");
    expect(result.image.entrypoint).toMatch(/-bitpoll-0\.11\.0\/bin\/bitpoll-server/);
    expect(readFileSync(ociFile, "utf8")).toContain('MIDDLEWARE_LOCAL = [\\"whitenoise.middleware.WhiteNoiseMiddleware\\"]');
  });
});

describe("units for hosts without NixOS", () => {
  it("writes the plain systemd unit with the module's sandbox, its resolvers allowed, and a Quadlet", () => {
    const unit = bitpollSystemdUnit("/nix/store/00000000000000000000000000000000-bitpoll-0.11.0", "/etc/bitpoll/settings.py");
    expect(unit).toContain("ProtectSystem=strict");
    // Public addresses only, but systemd-resolved's stub on loopback must stay reachable for DNS.
    expect(unit).toContain("IPAddressDeny=any");
    expect(unit).toContain("IPAddressAllow=127.0.0.53");
    const quadlet = bitpollQuadlet();
    expect(quadlet).toContain("[Container]");
    expect(quadlet).toContain("DropCapability=all");
    expect(quadlet).toContain("ReadOnly=true");
  });

  it.runIf(scoring)("scores the plain systemd unit at most 1.0, like the module's", async () => {
    const unit = bitpollSystemdUnit("/nix/store/00000000000000000000000000000000-bitpoll-0.11.0", "/etc/bitpoll/settings.py");
    expect(await exposure("bitpoll", unit)).toBeLessThanOrEqual(1.0);
  });
});
