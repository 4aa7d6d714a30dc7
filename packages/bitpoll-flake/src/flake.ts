/**
 * `flake.nix`: inputs and outputs for every system. The outputs only wire files of `nix/` together;
 * everything of substance lives in those files, so they also work without flakes
 * (`callPackage ./nix/package.nix { }`, `imports = [ ./nix/module.nix ]`).
 *
 * @module
 */
import type { Expr, Nixable, Ref } from "nix-ast";
import { spacedAttrs } from "./layout.js";
import { attrs, bind, call, comment, concat, fn, formals, inherit, inheritFrom, let_, list, path, ref, refs, select, update, variable } from "nix-ast";
import { MANAGE_BIN, SERVER_BIN } from "./module/contract.js";

/** What `flake.nix` is made of. */
export interface FlakeSpec {
  readonly nixpkgsUrl: string;
  readonly systems: readonly string[];
  readonly description: string;
}

/** The Nix systems the flake supports by default. */
export const DEFAULT_SYSTEMS = Object.freeze(["x86_64-linux", "aarch64-linux"] as const);

/** `self.<output>.${system}.<name>`. */
function perSystem(output: string, name: string): Expr {
  return select(ref("self"), [output, variable("system"), name]);
}

function app(program: string, description: string, bitpoll: Ref, lib: Ref): Expr {
  return attrs([
    bind("type", "app"),
    bind("program", call(ref("lib.getExe'"), bitpoll, program)),
    bind("meta.description", description),
  ]);
}

/** `lib.optionalAttrs pkgs.stdenv.hostPlatform.isLinux { <name> = <value>; }`: VMs and images are Linux-only. */
function linuxOnly(name: string, value: Expr): Expr {
  return call(ref("lib.optionalAttrs"), ref("pkgs.stdenv.hostPlatform.isLinux"), attrs([bind(name, value)]));
}

/** The whole `flake.nix`. */
export function flakeFile(spec: FlakeSpec): Expr {
  const { lib, pkgs, self, nixpkgs, final, prev, bitpoll } = refs("lib", "pkgs", "self", "nixpkgs", "final", "prev", "bitpoll");
  const forAllSystems = ref("forAllSystems");
  // Unused parameters get a leading underscore, as linters (deadnix) expect.
  const eachSystem = (body: (pkgs: Ref) => Nixable, uses: { system?: boolean; pkgs?: boolean } = {}) =>
    call(forAllSystems, fn(uses.system === false ? "_system" : "system", fn(uses.pkgs === false ? "_pkgs" : "pkgs", body(pkgs))));
  const packageFile = path("./nix/package.nix");

  const outputs = fn(
    formals({ self: true, nixpkgs: true }),
    let_(
      [
        inheritFrom(nixpkgs, "lib"),
        bind("systems", list(...spec.systems)),
        bind(
          "forAllSystems",
          comment(
            fn("f", call(ref("lib.genAttrs"), ref("systems"), fn("system", call(ref("f"), ref("system"), select(nixpkgs, ["legacyPackages", variable("system")]))))),
            "Calls `f system pkgs` for every supported system.",
          ),
        ),
      ],
      spacedAttrs([
        [bind(
          "overlays.default",
          comment(
            fn("final", fn("prev", {
              bitpoll: call(ref("final.callPackage"), packageFile, attrs({})),
              pythonPackagesExtensions: concat(ref("prev.pythonPackagesExtensions"), list(call(ref("import"), path("./nix/python-overlay.nix")))),
            })),
            "Adds `pkgs.bitpoll`, and Bitpoll's missing Python packages to every Python package set.",
          ),
        ),
        ],
        [bind(
          "packages",
          eachSystem((p) =>
            update(
              attrs({
                bitpoll: call(ref("pkgs.callPackage"), packageFile, attrs({})),
                default: perSystem("packages", "bitpoll"),
              }),
              linuxOnly(
                "oci-image",
                comment(
                  call(ref("import"), path("./nix/oci-image.nix"), attrs([inherit("pkgs"), bind("package", perSystem("packages", "bitpoll"))])),
                  "An OCI image (`nix build .#oci-image && podman load < result`); see container/.",
                ),
              ),
            ),
          ),
        ),
        ],
        [bind(
          "apps",
          eachSystem(() =>
            let_({ bitpoll: perSystem("packages", "bitpoll") }, () =>
              attrs({
                default: perSystem("apps", SERVER_BIN),
                [MANAGE_BIN]: app(MANAGE_BIN, "Run Bitpoll's manage.py", bitpoll, lib),
                [SERVER_BIN]: app(SERVER_BIN, "Serve Bitpoll over WSGI", bitpoll, lib),
              }),
            ),
            { pkgs: false },
          ),
        ),
        ],
        [bind("nixosModules", attrs({
          bitpoll: comment(
            fn(
              formals({ pkgs: true }, { ellipsis: true }),
              attrs([
                bind("imports", list(path("./nix/module.nix"))),
                bind(
                  "services.bitpoll.package",
                  call(ref("lib.mkDefault"), select(self, ["packages", select(pkgs, "stdenv.hostPlatform.system"), "bitpoll"])),
                ),
              ]),
            ),
            "The module, with this flake's package (built with this flake's pinned nixpkgs, the\ncombination `nix flake check` tests) as the default of `services.bitpoll.package`.",
          ),
          default: select(self, "nixosModules.bitpoll"),
        })),
        ],
        [bind(
          "checks",
          eachSystem((p) =>
            update(
              attrs({ package: perSystem("packages", "bitpoll") }),
              linuxOnly(
                "vm-test",
                comment(
                  call(
                    ref("import"),
                    path("./nix/vm-test.nix"),
                    attrs([
                      inherit("pkgs"),
                      bind("module", select(self, "nixosModules.default")),
                      bind("package", perSystem("packages", "bitpoll")),
                    ]),
                  ),
                  "Boots a VM with the module (pkgs.testers.runNixOSTest); needs KVM.",
                ),
              ),
            ),
          ),
        ),
        ],
        [bind(
          "devShells",
          eachSystem((p) =>
            attrs({
              default: call(ref("pkgs.mkShell"), {
                packages: list(select(perSystem("packages", "bitpoll"), "pythonEnv"), ref("pkgs.gettext")),
              }),
            }),
          ),
        ),
        ],
        [bind(
          "formatter",
          comment(eachSystem(() => ref("pkgs.nixfmt-tree"), { system: false }), "`nix fmt` formats the whole tree with the official nixfmt."),
        )],
      ]),
    ),
  );

  return spacedAttrs([
    [bind("description", spec.description)],
    [bind("inputs.nixpkgs.url", spec.nixpkgsUrl)],
    [bind("outputs", outputs)],
  ]);
}
