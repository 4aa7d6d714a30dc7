/**
 * The NixOS module piece of the flake: `nix/module.nix`, the VM test that exercises it, an example
 * configuration, and the options reference for the generated README.
 *
 * The full `services.bitpoll` module is written in `src/module/` by its own author; until it is
 * wired in, {@link placeholderModule} declares `services.bitpoll.enable` and `package` only.
 * {@link defaultModulePiece} is the single place to swap it.
 *
 * @module
 */
import type { Expr } from "nix-ast";
import { attrs, bind, call, comment, fn, formals, ind, let_, list, path, ref, refs, select } from "nix-ast";
import { SETTINGS_ENV_VAR } from "./settings.js";

/** Everything the flake needs from the module. */
export interface ModulePiece {
  /** `nix/module.nix`: a NixOS module (a function of `{ config, lib, pkgs, ... }`). */
  readonly module: Expr;
  /** `nix/vm-test.nix`: a function of `{ self }` returning the argument of `runNixOSTest`. */
  readonly vmTest: Expr;
  /** `example/configuration.nix`: a NixOS module that uses `services.bitpoll`. */
  readonly example: Expr;
  /** The options reference (Markdown) for the generated README. */
  readonly optionsDoc: string;
}

/** The stand-in module: `services.bitpoll.enable` and `package`, installing the package. */
export function placeholderModule(): Expr {
  const { lib, pkgs, cfg } = refs("lib", "pkgs", "cfg");
  return fn(
    formals({ config: true, lib: true, pkgs: true }, { ellipsis: true }),
    let_({ cfg: select(ref("config"), "services.bitpoll") }, () =>
      attrs([
        bind("options.services.bitpoll", {
          enable: call(ref("lib.mkEnableOption"), "Bitpoll, a web application for scheduling meetings and polls"),
          package: call(ref("lib.mkPackageOption"), pkgs, "bitpoll", attrs({})),
        }),
        bind(
          "config",
          call(ref("lib.mkIf"), ref("cfg.enable"), attrs([bind("environment.systemPackages", list(ref("cfg.package")))])),
        ),
      ]),
    ),
  );
}

/** A VM test: the module installs the package, and `manage.py check` passes with test settings. */
export function placeholderVmTest(): Expr {
  const testSettings = ind`
    # Test-only values: this VM serves nothing.
    SECRET_KEY = "vm-test-only"
    FIELD_ENCRYPTION_KEY = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "/tmp/bitpoll.sqlite3"}}
  `;
  return fn(
    ["self"],
    attrs([
      bind("name", "bitpoll"),
      bind(
        "nodes.machine",
        attrs([
          bind("imports", list(select(ref("self"), "nixosModules.default"), path("../example/configuration.nix"))),
          bind(["environment", "etc", "bitpoll/test-settings.py", "text"], testSettings),
        ]),
      ),
      bind(
        "testScript",
        ind`
          machine.wait_for_unit("multi-user.target")
          machine.succeed("bitpoll-manage --version")
          machine.succeed("${SETTINGS_ENV_VAR}=/etc/bitpoll/test-settings.py bitpoll-manage check")
        `,
      ),
    ]),
  );
}

/** An example configuration that enables Bitpoll. */
export function placeholderExample(): Expr {
  return comment(
    fn(formals({}, { ellipsis: true }), attrs([bind("services.bitpoll.enable", true)])),
    "An example NixOS configuration using the Bitpoll module. Import it next to the flake's\n`nixosModules.default`; see README.md.",
  );
}

const PLACEHOLDER_OPTIONS_DOC = `| Option | Type | Default | Description |
|---|---|---|---|
| \`services.bitpoll.enable\` | boolean | \`false\` | Whether to enable Bitpoll. |
| \`services.bitpoll.package\` | package | \`pkgs.bitpoll\` (this flake's package) | The Bitpoll package to use. |
`;

/** The module piece the flake uses by default. Swap the module here when `src/module/` lands. */
export function defaultModulePiece(): ModulePiece {
  return {
    module: placeholderModule(),
    vmTest: placeholderVmTest(),
    example: placeholderExample(),
    optionsDoc: PLACEHOLDER_OPTIONS_DOC,
  };
}
