/**
 * Printing for the NixOS layer, through the nix-ast RFC 166 printer.
 *
 * @module
 */
import type { Expr } from "../ast/nodes.js";
import { print } from "../print/index.js";

/** Renders an expression as Nix source (RFC 166 style, final newline). */
export function printNix(e: Expr, opts: { readonly width?: number } = {}): string {
  return print(e, opts.width === undefined ? {} : { width: opts.width });
}

/** Renders an expression compactly, for documentation (one line when it fits in 80 columns). */
export function printInline(e: Expr): string {
  return print(e, { width: 80 }).replace(/\n$/, "");
}
