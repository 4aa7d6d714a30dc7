/**
 * The NixOS side of the flake: the `services.bitpoll` module (`src/module/`) as a typed
 * `NixosModule` value, the VM test and OCI image built around it, an example configuration, and
 * what the generated tree makes of them ({@link renderModulePiece}).
 *
 * @module
 */
import type { Expr } from "nix-ast";
import { attrs, bind, comment, fn, formals, list } from "nix-ast";
import { compressAttrs, type NixosModule, type OptionTree } from "nix-ast/nixos";
import { bitpollOciImage } from "./module/container.js";
import { bitpollModule } from "./module/module.js";
import type { BitpollOptionTree } from "./module/options.js";
import { bitpollModuleExpr } from "./module/render.js";
import { bitpollVmTest } from "./module/vmtest.js";

/** Everything the flake needs from the NixOS side. `Tr` is the module's option tree. */
export interface ModulePiece<Tr extends OptionTree = BitpollOptionTree> {
  /** The module value; `nix/module.nix` is its rendering (per-instance options declared once). */
  readonly module: NixosModule<Tr>;
  /** `nix/vm-test.nix`: `{ pkgs, module, package }: pkgs.testers.runNixOSTest { … }`. */
  readonly vmTest: Expr;
  /** `nix/oci-image.nix`: `{ pkgs, package }: pkgs.dockerTools.buildLayeredImage { … }`. */
  readonly ociImage: Expr;
  /** `example/configuration.nix`: a NixOS module that uses `services.bitpoll`. */
  readonly example: Expr;
  /** The README's options reference; when absent, the module's own `docs()`. */
  readonly optionsDoc?: string;
}

/** A module piece turned into what the file tree needs (see {@link renderModulePiece}). */
export interface RenderedModulePiece {
  readonly module: Expr;
  readonly vmTest: Expr;
  readonly ociImage: Expr;
  readonly example: Expr;
  readonly optionsDoc: string;
}

/**
 * The example configuration: one instance behind nginx with a certificate, a local PostgreSQL
 * reached over its socket (no password), nightly backups. Keys are generated on first start.
 */
export function exampleConfiguration(): Expr {
  return comment(
    fn(
      formals({}, { ellipsis: true }),
      // Nested single-attribute sets as paths (`database.type = …;`), as configurations are written.
      compressAttrs(attrs([
        bind("services.bitpoll", {
          enable: true,
          baseUrl: "https://poll.example.org",
          allowedHosts: list("www.poll.example.org"),
          database: attrs({ type: "postgresql" }),
          nginx: attrs({ enable: true, enableACME: true }),
          backup: attrs({ enable: true, schedule: "*-*-* 03:15:00" }),
          settings: attrs({ SITE_NAME: "Example polls", TIME_ZONE: "Europe/Berlin" }),
        }),
        bind(
          "security.acme",
          comment(attrs({ acceptTerms: true, defaults: attrs({ email: "admin@example.org" }) }), "`nginx.enableACME` gets a Let's Encrypt certificate."),
        ),
        bind("networking.firewall.allowedTCPPorts", list(80, 443)),
      ])),
    ),
    "An example NixOS configuration using the Bitpoll module. Import it next to the flake's\n`nixosModules.default`, which also sets `services.bitpoll.package`; see README.md.",
  );
}

/** The module piece the flake uses by default: the real `services.bitpoll` module. */
export function defaultModulePiece(): ModulePiece {
  return {
    module: bitpollModule(),
    vmTest: bitpollVmTest(),
    ociImage: bitpollOciImage(),
    example: exampleConfiguration(),
  };
}

/** The Nix files and the options reference of a module piece. */
export function renderModulePiece<Tr extends OptionTree>(piece: ModulePiece<Tr>): RenderedModulePiece {
  return {
    module: bitpollModuleExpr(piece.module),
    vmTest: piece.vmTest,
    ociImage: piece.ociImage,
    example: piece.example,
    optionsDoc: piece.optionsDoc ?? piece.module.docs(),
  };
}
