/**
 * Turns an AST into Nix source with nix-ast's RFC 166 printer, at the width the generated files use.
 *
 * @module
 */
import { print, type Expr } from "nix-ast";

/** The line width the output aims at. */
export const WIDTH = 100;

/** Renders a whole Nix file: the expression, then one final newline. */
export function renderNix(expr: Expr): string {
  const text = print(expr, { width: WIDTH });
  return text.endsWith("\n") ? text : `${text}\n`;
}
