/**
 * Nix 2.8's rule for when a `${…}` attribute key is really a static name: one definition, used by the
 * arbitraries (which must not write duplicate attributes) and checked by an enumeration of key shapes
 * against real Nix in test/nix-ast/testing-arbitrary.test.ts. Not part of the public API.
 */
import type { Expr } from "../ast/index.js";

/**
 * Whether Nix may read `${e}` as a static key. Nix 2.8's parser makes a key static when its
 * expression is a plain `ExprString` once parentheses vanish: a URI, a string without
 * interpolation, and also an indented string whose only piece is an interpolated plain string
 * (`''${""}''` and `''${''a''}''` are the keys `""` and `a`: `stripIndentation` returns a lone
 * string piece as is), which made `{ ${''${""}''} = 1; inherit ""; }` a duplicate. Conservative:
 * an indented string with one interpolation counts whatever text surrounds it.
 */
export function lowersToString(e: Expr): boolean {
  if (e.type === "Paren") return lowersToString(e.expr);
  if (e.type === "Uri") return true;
  if (e.type !== "Str" && e.type !== "IndStr") return false;
  const interpolated = e.parts.filter((p) => typeof p !== "string");
  if (interpolated.length === 0) return true;
  return (
    e.type === "IndStr" &&
    interpolated.length === 1 &&
    lowersToString(interpolated[0] as Expr)
  );
}
