/**
 * The Nix parser: {@link parse} (source → AST with spans and comments), the {@link nix} template
 * tag, and {@link NixParseError}. See `docs/parser.md`.
 *
 * @module
 */
import type { Expr } from "../ast/nodes.js";
import { parseWith } from "./driver.js";
import type { ParseOptions } from "./parser.js";

export type { ParseOptions } from "./parser.js";
export { NixParseError } from "./errors.js";
export type { NixParseErrorInfo } from "./errors.js";
export { nix } from "./template.js";
export type { NixHole } from "./template.js";

/**
 * Parses Nix source into the AST of `ast/nodes.ts`.
 *
 * Every node has a `span`; comments are attached to the binding, list item, formal or expression
 * they precede (or follow on the same line, as `trailing`); `blankBefore` records blank lines
 * between bindings and list items. Parsing is linear and depth-safe: input nested deeper than the
 * JS stack allows is parsed on an explicit stack (docs/parser.md, "Depth").
 *
 * @param source Nix source text.
 * @param options `file` names the source in spans and errors; `pipes` accepts `|>` and `<|`.
 * @throws {@link NixParseError} for invalid input (and never anything else).
 */
export function parse(source: string, options: ParseOptions = {}): Expr {
  return parseWith(source, options);
}
