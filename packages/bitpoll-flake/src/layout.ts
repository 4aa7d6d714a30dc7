/**
 * Small layout helpers over nix-ast's builders: groups of bindings separated by blank lines, the
 * way nixpkgs files are laid out.
 *
 * @module
 */
import type { Binding, Expr } from "nix-ast";
import { attrs, bindings, type BindingsInput } from "nix-ast";

/** Bindings of several groups, each group after the first preceded by a blank line. */
export function groups(...gs: readonly BindingsInput[]): Binding[] {
  return gs.flatMap((g, i) =>
    bindings(g).map((b, j) => (i > 0 && j === 0 ? { ...b, blankBefore: true } : b)),
  );
}

/** An attribute set of groups separated by blank lines; `rec` on request. */
export function spacedAttrs(gs: readonly BindingsInput[], options: { rec?: boolean } = {}): Expr {
  return attrs(groups(...gs), options);
}
