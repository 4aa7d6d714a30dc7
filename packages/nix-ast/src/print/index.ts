/**
 * The RFC 166 (nixfmt-style) pretty-printer: AST → Nix source.
 *
 * @module
 */
import { dataHooks } from "./printer.js";
import { render } from "./render.js";
import { valueText } from "./value.js";
import { fromValue, toExpr, type Nixable } from "../builders/values.js";
import type { LayoutHints } from "./hints.js";

export {
  escapeStrText,
  indStrLines,
  renderAttrName,
  renderFloat,
  renderInt,
  renderString,
  renderUFloat,
} from "./escape.js";
export type { IndLine } from "./escape.js";
export { printJson } from "./json.js";
export type { CommentInfo, LayoutHints } from "./hints.js";

/** Options of {@link print}. */
export interface PrintOptions {
  /** Target line width, not counting indentation (as nixfmt); default 100. */
  readonly width?: number;
  /** Allow the pipe operators `|>` and `<|` (Nix ≥ 2.24, experimental); default false. */
  readonly pipes?: boolean;
  /** Columns per indentation level (as nixfmt's `--indent`); default 2, RFC 166's. */
  readonly indent?: number;
  /**
   * The author's layout choices that nixfmt keeps (blank lines, broken brackets, comment places),
   * asked of the nodes' spans: `format` fills them from the source (`sourceFacts`). Omit for
   * generated trees.
   */
  readonly hints?: LayoutHints;
}

/**
 * Prints an expression as Nix source in RFC 166 style, with a final newline. Real Nix parses the
 * result back to exactly the given tree (parentheses are added where precedence, associativity or
 * lexing needs them, and only there; a `Paren` node always prints its parentheses). Numbers
 * without a literal (INT64_MIN, `-0.0`, subnormal floats) print as exact expressions for them.
 *
 * @throws NixPrintError when the tree has no faithful source form: a NUL character in a string,
 *   NaN/±Infinity, a block doc comment containing `*\/`, or a pipe operator
 *   without `pipes: true`.
 */
export function print(expr: Nixable, options: PrintOptions = {}): string {
  return render(toExpr(expr), options, options.hints);
}

/**
 * Prints a JSON-like value as Nix source: exactly `print(fromValue(value), options)`, the same text
 * and the same {@link NixValueError} for values with no Nix form, but for plain data (the bulk of
 * generated Nix) written straight from the value, without building a tree first; the parts that need
 * general layout go through the tree.
 *
 * @throws NixValueError naming the JSON path of a value that has no Nix form (see `fromValue`).
 */
export function printValue(value: unknown, options: Pick<PrintOptions, "width"> = {}): string {
  const width = options.width ?? 100;
  return valueText(value, dataHooks(width)) ?? print(fromValue(value), { width });
}
