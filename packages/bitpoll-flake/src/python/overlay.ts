/**
 * The Python overlay: `pyfinal: pyprev: { … }` adding every package of {@link RECIPES} (or of a
 * customised list) through `pyfinal.callPackage`, one file per package. The same function serves
 * as `packageOverrides` of `python3.override` in the package and as an entry of
 * `pythonPackagesExtensions` in the flake's overlay.
 *
 * @module
 */
import type { Expr } from "nix-ast";
import { attrs, call, comment, fn, path, ref } from "nix-ast";
import type { PythonPin } from "../pins.js";
import type { PythonRecipe } from "./recipes.js";

/** A package the overlay builds: its recipe and its pin. */
export interface OverlayEntry {
  readonly recipe: PythonRecipe;
  readonly pin: PythonPin;
}

/** Where the file of one overlay package goes, relative to the flake root. */
export function pythonModulePath(pname: string): `nix/python-modules/${string}.nix` {
  return `nix/python-modules/${pname}.nix`;
}

/** The overlay file (`nix/python-overlay.nix`). */
export function pythonOverlayFile(entries: readonly OverlayEntry[]): Expr {
  const body = attrs(
    Object.fromEntries(
      entries.map((e) => [
        e.recipe.pname,
        call(ref("pyfinal.callPackage"), path(`./python-modules/${e.recipe.pname}.nix`), attrs({})),
      ]),
    ),
  );
  return comment(
    fn("pyfinal", fn("_pyprev", body)),
    "Python packages Bitpoll needs that nixpkgs lacks. Use it as `packageOverrides` of\n`python3.override`, or add it to `pythonPackagesExtensions`.",
  );
}
