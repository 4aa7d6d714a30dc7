/**
 * The RFC 166 (nixfmt-style) pretty-printer: AST → Nix source.
 *
 * @module
 */
import type { Expr } from "../ast/nodes.js";
import { layout } from "./doc.js";
import { buildDoc, printData, TRAILING_MARK } from "./printer.js";
import { sourceFacts } from "../format/source-facts.js";

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

/** Options of {@link print}. */
export interface PrintOptions {
  /** Target line width, not counting indentation (as nixfmt); default 100. */
  readonly width?: number;
  /** Allow the pipe operators `|>` and `<|` (Nix ≥ 2.24, experimental); default false. */
  readonly pipes?: boolean;
  /**
   * The source the tree was parsed from (the formatter): the author's layout choices that nixfmt
   * keeps are read from it through the nodes' spans. Omit for generated trees.
   */
  readonly source?: string;
}

/**
 * Prints an expression as Nix source in RFC 166 style, with a final newline. Real Nix parses the
 * result back to exactly the given tree (parentheses are added where precedence, associativity or
 * lexing needs them, and only there; a `Paren` node always prints its parentheses).
 *
 * @throws NixPrintError when the tree has no faithful source form: a NUL character in a string,
 *   NaN/±Infinity or a subnormal float, a block doc comment containing `*\/`, or a pipe operator
 *   without `pipes: true`.
 */
export function print(expr: Expr, options: PrintOptions = {}): string {
  const width = options.width ?? 100;
  const facts = options.source === undefined ? undefined : sourceFacts(options.source);
  const ctx =
    facts === undefined
      ? { pipes: options.pipes ?? false, width }
      : { pipes: options.pipes ?? false, width, facts, dataFastPath: false };
  const data = printData(expr, ctx);
  if (data !== null) return `${data}\n`;
  const doc = buildDoc(expr, ctx);
  let text = layout(doc, { width, indent: 2 });
  // Trailing comments of parsed code go back to the end of the line before them.
  if (facts !== undefined && text.includes(TRAILING_MARK)) text = text.replace(TRAILING_LINE, " ").replaceAll(TRAILING_MARK, "");
  return `${text.replace(/^\n+/, "")}\n`;
}

/** A line break, indentation and the trailing-comment mark. */
const TRAILING_LINE = new RegExp(`(?<=\\S)\\n[ ]*${TRAILING_MARK}`, "g");
