/**
 * The printer's driver: tree → document → text, with the layout hints of a parsed tree (or none).
 * Internal: `print` passes the hints it was given; `format` passes those it gathered while parsing.
 *
 * @module
 */
import type { Expr } from "../ast/nodes.js";
import { TRAILING_MARK } from "./comments.js";
import { layout } from "./doc.js";
import type { LayoutHints } from "./hints.js";
import type { PrintOptions } from "./index.js";
import { buildDoc } from "./driver.js";
import { printData } from "./printer.js";

/** {@link print} with the layout hints given (`options.hints` is not read). */
export function render(expr: Expr, options: PrintOptions, hints: LayoutHints | undefined): string {
  const width = options.width ?? 100;
  const indent = options.indent ?? 2;
  if (!Number.isInteger(indent) || indent < 1 || indent > 16) throw new RangeError(`indent must be an integer from 1 to 16, got ${indent}`);
  // The data fast path writes RFC 166's two columns.
  const ctx =
    hints === undefined
      ? { pipes: options.pipes ?? false, width, indent, ...(indent === 2 ? {} : { dataFastPath: false }) }
      : { pipes: options.pipes ?? false, width, indent, hints, dataFastPath: false };
  const data = indent === 2 ? printData(expr, ctx) : null;
  if (data !== null) return `${data}\n`;
  const doc = buildDoc(expr, ctx);
  let text = layout(doc, { width, indent });
  // Trailing comments of parsed code go back to the end of the line before them.
  if (hints !== undefined && text.includes(TRAILING_MARK)) text = joinTrailing(text);
  return `${text.replace(/^\n+/, "")}\n`;
}

/**
 * Removes the trailing-comment marks; a mark at the start of a line (after its indentation) that
 * follows a line ending in a non-space character joins that line with one space. One scan from mark
 * to mark (a regular expression with a lookbehind was a noticeable part of formatting).
 *
 * After a line of one character (`a`, `=`, `[`) the comment is shifted by one more space when the
 * line after it is indented deeper: else the second pass would find the comment lined up with
 * that line and read it as that line's leading comment (Predoc.hs `layoutGreedy`: the special
 * case of `TrailingComment` at column 2; Lexer.hs `convertTrivia`).
 */
function joinTrailing(text: string): string {
  let out = "";
  let from = 0;
  for (let m = text.indexOf(TRAILING_MARK); m >= 0; m = text.indexOf(TRAILING_MARK, m + 1)) {
    let j = m;
    while (j > from && text.charCodeAt(j - 1) === 32) j--;
    // `\S\n[ ]*MARK`: the line break and indentation become one space.
    if (j > from && text.charCodeAt(j - 1) === 10 && j - 1 > 0 && /\S/.test(text[j - 2]!)) {
      out += text.slice(from, j - 1) + (oneCharLineBeforeDeeper(text, j - 1, m) ? "  " : " ");
    } else out += text.slice(from, m);
    from = m + TRAILING_MARK.length;
  }
  return out + text.slice(from);
}

/** Whether the line ending at `nl` holds one character after its indentation and the line after the comment at `mark` is indented deeper. */
function oneCharLineBeforeDeeper(text: string, nl: number, mark: number): boolean {
  const start = text.lastIndexOf("\n", nl - 1) + 1;
  const indent = indentAt(text, start);
  if (nl - start !== indent + 1) return false;
  const next = text.indexOf("\n", mark);
  return next >= 0 && next + 1 < text.length && text.charCodeAt(next + 1) !== 10 && indentAt(text, next + 1) > indent;
}

function indentAt(text: string, start: number): number {
  let i = start;
  while (text.charCodeAt(i) === 32) i++;
  return i - start;
}
