/**
 * The set of output files: path → text, each Nix file with the AST it was printed from (so tests
 * can check that printing is a fixed point). Pure: the same state gives the same files.
 *
 * @module
 */
import type { Expr } from "nix-ast";
import { flakeFile } from "./flake.js";
import type { RenderedModulePiece } from "./module-piece.js";
import { containerFiles } from "./containers.js";
import { packageFile, type PackageSpec } from "./package.js";
import { missingHashes, type MissingHash, type Pins } from "./pins.js";
import { pythonModulePath, pythonOverlayFile, pythonPackageFile, type OverlayEntry } from "./python/index.js";
import { readme } from "./readme.js";
import { renderNix } from "./render.js";
import { buildSettings, settingsShim } from "./settings.js";

/** A Nix file the flake consists of; each can be replaced with {@link BitpollFlake.replace}. */
export type NixFilePath =
  | "flake.nix"
  | "nix/package.nix"
  | "nix/python-overlay.nix"
  | "nix/module.nix"
  | "nix/vm-test.nix"
  | "nix/oci-image.nix"
  | "example/configuration.nix"
  | `nix/python-modules/${string}.nix`;

/** One generated file. */
export interface GeneratedFile {
  readonly path: string;
  readonly text: string;
  /** The AST of a Nix file. */
  readonly expr?: Expr;
}

/** The generated tree and what the user must be told about it. */
export interface GeneratedTree {
  /** Files by path, in a stable order. */
  readonly files: ReadonlyMap<string, GeneratedFile>;
  /** Pins that fall back to `lib.fakeHash`. */
  readonly missing: readonly MissingHash[];
}

/** Everything the files are made from. */
export interface TreeSpec {
  readonly pins: Pins;
  readonly systems: readonly string[];
  readonly overlay: readonly OverlayEntry[];
  readonly pkg: Omit<PackageSpec, "pin">;
  readonly module: RenderedModulePiece;
  readonly replacements: ReadonlyMap<string, Expr>;
}

const DESCRIPTION = "Bitpoll, a web application for scheduling meetings and general polling";

/** Builds every file of the flake. */
export function generateTree(spec: TreeSpec): GeneratedTree {
  const nix = new Map<string, Expr>([
    ["flake.nix", flakeFile({ nixpkgsUrl: spec.pins.nixpkgs, systems: spec.systems, description: DESCRIPTION })],
    ["nix/package.nix", packageFile({ ...spec.pkg, pin: spec.pins.bitpoll })],
    ["nix/python-overlay.nix", pythonOverlayFile(spec.overlay)],
    ...spec.overlay.map((e) => [pythonModulePath(e.recipe.pname), pythonPackageFile(e.recipe, e.pin)] as const),
    ["nix/module.nix", spec.module.module],
    ["nix/vm-test.nix", spec.module.vmTest],
    ["nix/oci-image.nix", spec.module.ociImage],
    ["example/configuration.nix", spec.module.example],
  ]);
  for (const [path, expr] of spec.replacements) nix.set(path, expr);

  const missing = missingHashes({ ...spec.pins, python: Object.fromEntries(spec.overlay.map((e) => [e.recipe.pname, e.pin])) });
  const files: GeneratedFile[] = [
    ...[...nix].map(([path, expr]) => ({ path, expr, text: renderNix(expr) })),
    { path: "nix/settings_local.py", text: settingsShim() },
    { path: "nix/build_settings.py", text: buildSettings() },
    ...containerFiles(spec.pins.bitpoll.version),
    {
      path: "README.md",
      text: readme({
        version: spec.pins.bitpoll.version,
        nixpkgsUrl: spec.pins.nixpkgs,
        systems: spec.systems,
        pythonPackages: spec.overlay.map((e) => e.recipe.pname),
        optionsDoc: spec.module.optionsDoc,
        missing,
        features: spec.pkg.features,
      }),
    },
  ];
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files: new Map(files.map((f) => [f.path, f])), missing };
}
