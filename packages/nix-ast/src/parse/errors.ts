/**
 * The one error the parser raises: {@link NixParseError}, with position, the unexpected token, what
 * was expected, and an excerpt of the source with a caret under the problem.
 *
 * @module
 */
import { NixAstError } from "../errors.js";

/** What {@link NixParseError} carries besides its message. */
export interface NixParseErrorInfo {
  /** The file name given to `parse`, if any. */
  readonly file?: string | undefined;
  /** 1-based line of the problem. */
  readonly line: number;
  /** 1-based column (in UTF-16 code units) of the problem. */
  readonly column: number;
  /** 0-based offset into the source. */
  readonly offset: number;
  /** The token found, as written in a message: `'}'`, `'foo'`, `end of file`. */
  readonly unexpected: string;
  /** What the parser would have accepted there, e.g. `["an expression"]`; empty for semantic errors. */
  readonly expected: readonly string[];
  /** What is wrong, without the position: `unexpected '}', expected an expression`. */
  readonly reason: string;
  /** The source line and a caret line, ready to print. */
  readonly excerpt: string;
}

/**
 * Invalid Nix source. The message reads like a compiler's:
 *
 * ```text
 * file.nix:3:7: unexpected '}', expected an expression
 *   3 | { a = ; }
 *     |       ^
 * ```
 */
export class NixParseError extends NixAstError implements NixParseErrorInfo {
  override readonly name = "NixParseError";
  readonly file: string | undefined;
  readonly line: number;
  readonly column: number;
  readonly offset: number;
  readonly unexpected: string;
  readonly expected: readonly string[];
  readonly reason: string;
  readonly excerpt: string;

  constructor(info: NixParseErrorInfo) {
    super(`${info.file ?? "<input>"}:${info.line}:${info.column}: ${info.reason}\n${info.excerpt}`);
    this.file = info.file;
    this.line = info.line;
    this.column = info.column;
    this.offset = info.offset;
    this.unexpected = info.unexpected;
    this.expected = info.expected;
    this.reason = info.reason;
    this.excerpt = info.excerpt;
  }
}

/** Joins expectations: `a`, `a or b`, `a, b or c`. */
export function joinExpected(expected: readonly string[]): string {
  if (expected.length <= 1) return expected[0] ?? "";
  return `${expected.slice(0, -1).join(", ")} or ${expected[expected.length - 1]}`;
}

/** Line and column (1-based) of an offset, by a scan (used only for errors). */
export function lineColumn(src: string, offset: number): { line: number; column: number; lineStart: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = src.indexOf("\n"); i >= 0 && i < offset; i = src.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1, lineStart };
}

const MAX_EXCERPT = 100;

/**
 * Renders the excerpt: the line of `offset` (cut around the column when long) and a caret.
 * `display` may rewrite the shown line (the template tag shows holes as `${…}`); it returns the
 * displayed text and the displayed caret column (0-based).
 */
export function excerptAt(
  src: string,
  offset: number,
  display?: (line: string, col0: number) => { text: string; col0: number },
): string {
  const { line, lineStart } = lineColumn(src, offset);
  let lineEnd = src.indexOf("\n", lineStart);
  if (lineEnd < 0) lineEnd = src.length;
  let text = src.slice(lineStart, lineEnd);
  if (text.endsWith("\r")) text = text.slice(0, -1);
  let col0 = Math.min(offset - lineStart, text.length);
  if (display) ({ text, col0 } = display(text, col0));
  if (text.length > MAX_EXCERPT) {
    const from = Math.max(0, Math.min(col0 - MAX_EXCERPT / 2, text.length - MAX_EXCERPT));
    text = (from > 0 ? "…" : "") + text.slice(from, from + MAX_EXCERPT) + (from + MAX_EXCERPT < text.length ? "…" : "");
    col0 = col0 - from + (from > 0 ? 1 : 0);
  }
  // Control characters would garble the terminal: show them as spaces (the caret stays aligned).
  // eslint-disable-next-line no-control-regex
  const shown = text.replace(/[\u0000-\u0008\u000a-\u001f\u007f]/g, " ");
  const num = String(line);
  const pad = " ".repeat(num.length);
  let caretPrefix = "";
  for (let i = 0; i < col0; i++) caretPrefix += shown[i] === "\t" ? "\t" : " ";
  return `  ${num} | ${shown}\n  ${pad} | ${caretPrefix}^`;
}

/** Builds a {@link NixParseError} at an offset. */
export function errorAt(
  src: string,
  offset: number,
  file: string | undefined,
  unexpected: string,
  expected: readonly string[],
  reason?: string,
  display?: (line: string, col0: number) => { text: string; col0: number },
): NixParseError {
  const { line, column } = lineColumn(src, offset);
  const why =
    reason ?? `unexpected ${unexpected}${expected.length > 0 ? `, expected ${joinExpected(expected)}` : ""}`;
  return new NixParseError({
    file,
    line,
    column,
    offset,
    unexpected,
    expected,
    reason: why,
    excerpt: excerptAt(src, offset, display),
  });
}
