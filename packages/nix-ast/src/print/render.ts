/**
 * The printer's driver: tree → document → text, with the layout hints of a parsed tree (or none).
 * Internal: `print` passes the hints it was given; `format` passes those it gathered while parsing.
 *
 * @module
 */
import type { Expr } from "../ast/nodes.js";
import { SHIFT_MARK, TRAILING_MARK } from "./comments.js";
import { layout } from "./doc.js";
import type { LayoutHints } from "./hints.js";
import type { PrintOptions } from "./index.js";
import { buildDoc } from "./driver.js";
import { printData } from "./printer.js";

/** `indent` when it is a valid indentation step (a whole number of columns from 1 to 16); throws a RangeError otherwise. */
export function checkedIndent(indent: number): number {
  if (!Number.isInteger(indent) || indent < 1 || indent > 16) throw new RangeError(`indent must be an integer from 1 to 16, got ${indent}`);
  return indent;
}

/** {@link print} with the layout hints given (`options.hints` is not read). */
export function render(expr: Expr, options: PrintOptions, hints: LayoutHints | undefined): string {
  const width = options.width ?? 100;
  const indent = checkedIndent(options.indent ?? 2);
  const ctx = hints === undefined ? { pipes: options.pipes ?? false, width, indent } : { pipes: options.pipes ?? false, width, indent, hints, dataFastPath: false };
  const data = printData(expr, ctx);
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
 * A comment that would start in the column where the next line's text starts is shifted by one
 * more space: else the second pass would find it lined up with that line and read it as that
 * line's leading comment (Lexer.hs `convertTrivia`), and the result would not be a fixed point.
 * nixfmt shifts it after a line of one character (`a`, `=`, `[`) when the line after it is indented
 * deeper (Predoc.hs `layoutGreedy`: `TrailingComment` at column 2), which is where that happens
 * with its two-column indentation, and so does this, also with other indentations; with those
 * (`--indent`), comments line up in other places too, which nixfmt leaves to move on the next pass.
 */
function joinTrailing(text: string): string {
  let out = "";
  let from = 0;
  for (let m = text.indexOf(TRAILING_MARK); m >= 0; m = text.indexOf(TRAILING_MARK, m + 1)) {
    if (text.startsWith(SHIFT_MARK, m)) {
      // A comment printed on its token's line (SHIFT_MARK): only the shift applies. Without it
      // `"` / `"  # c` / `  t` gave `" # c`, in `t`'s column, moved the next time (the property
      // over edited real files, seed 773).
      out += text.slice(from, m) + (m - text.lastIndexOf("\n", m - 1) - 1 === belowIndent(text, m) ? " " : "");
      from = m + SHIFT_MARK.length;
      continue;
    }
    let j = m;
    while (j > from && text.charCodeAt(j - 1) === 32) j--;
    // `\S\n[ ]*MARK`: the line break and indentation become one space.
    if (j > from && text.charCodeAt(j - 1) === 10 && j - 1 > 0 && /\S/.test(text[j - 2]!)) {
      out += text.slice(from, j - 1) + trailingGap(text, j - 1, m);
    } else out += text.slice(from, m);
    from = m + TRAILING_MARK.length;
  }
  return out + text.slice(from);
}

/**
 * The spaces before the trailing comment at `mark`, joined to the line that ends at `nl`: one, two
 * after a line of one character when the line after the comment is indented deeper (nixfmt), and
 * one more when the comment would start where the text of the line after it starts.
 */
function trailingGap(text: string, nl: number, mark: number): string {
  const start = text.lastIndexOf("\n", nl - 1) + 1;
  const indent = indentAt(text, start);
  const below = belowIndent(text, mark);
  const gap = nl - start === indent + 1 && below > indent ? "  " : " ";
  return nl - start + gap.length === below ? `${gap} ` : gap;
}

/** The indentation of the line after the one holding `at`, -1 when there is none or it is blank (a blank line ends the trivia). */
function belowIndent(text: string, at: number): number {
  const next = text.indexOf("\n", at) + 1;
  return next > 0 && next < text.length && text.charCodeAt(next) !== 10 ? indentAt(text, next) : -1;
}

function indentAt(text: string, start: number): number {
  let i = start;
  while (text.charCodeAt(i) === 32) i++;
  return i - start;
}
