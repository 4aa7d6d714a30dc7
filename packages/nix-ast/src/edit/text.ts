/**
 * Text helpers of the editor: offsets of spans, lines and their indentation, line endings, and a
 * scanner for the trivia (whitespace and comments) between two tokens. Everything here reads the
 * source; nothing rewrites it.
 *
 * @module
 */
import { spanEnd, spanStart, type Span } from "../ast/nodes.js";
import { isDirectiveText } from "../format/trivia.js";

/** A half-open range of offsets `[from, to)` and the text that replaces it. */
export interface Splice {
  readonly from: number;
  readonly to: number;
  readonly text: string;
}

/** Applies one splice. */
export function applySplice(src: string, s: Splice): string {
  return src.slice(0, s.from) + s.text + src.slice(s.to);
}

/** The start offset of a parsed span (the lazy spans answer without computing a position). */
export function startOf(span: Span | undefined): number {
  if (span === undefined) throw new Error("internal: a parsed node without a span");
  return spanStart(span);
}

/** The end offset of a parsed span. */
export function endOf(span: Span | undefined): number {
  if (span === undefined) throw new Error("internal: a parsed node without a span");
  return spanEnd(span);
}

/** The offset where the line holding `offset` starts. */
export function lineStart(src: string, offset: number): number {
  return src.lastIndexOf("\n", offset - 1) + 1;
}

/** The offset just after the line break ending the line holding `offset` (or the end of text). */
export function nextLineStart(src: string, offset: number): number {
  const nl = src.indexOf("\n", offset);
  return nl < 0 ? src.length : nl + 1;
}

/** The leading whitespace of the line holding `offset`. */
export function lineIndent(src: string, offset: number): string {
  const s = lineStart(src, offset);
  let e = s;
  while (e < src.length && (src[e] === " " || src[e] === "\t")) e++;
  return src.slice(s, e);
}

/**
 * The indentation step a file uses: the most common increase of indentation from one line to the
 * next deeper one (blank lines skipped, lines indented with tabs not counted), 1 to 16 columns; 2
 * (RFC 166) when no line goes deeper. Read from the first {@link STEP_LINES} lines, as editors
 * guess it, so that an edit of a large file does not read all of it.
 */
export function indentStep(src: string): number {
  const counts = new Array<number>(17).fill(0);
  let prev = -1;
  let lines = 0;
  for (let i = 0; i < src.length && lines < STEP_LINES; lines++) {
    let j = i;
    while (src.charCodeAt(j) === 32) j++;
    const c = src.charCodeAt(j);
    if (c === 9) prev = -1;
    else if (c !== 10 && c !== 13 && j < src.length) {
      const ind = j - i;
      if (prev >= 0 && ind > prev && ind - prev <= 16) counts[ind - prev]!++;
      prev = ind;
    }
    const nl = src.indexOf("\n", j);
    i = nl < 0 ? src.length : nl + 1;
  }
  let best = 2;
  for (let d = 1; d <= 16; d++) if (counts[d]! > counts[best]!) best = d;
  return best;
}

/** How many lines {@link indentStep} reads (VS Code's guess reads as many). */
const STEP_LINES = 10_000;

/** Whether only spaces and tabs stand between the line start and `offset`. */
export function startsLine(src: string, offset: number): boolean {
  for (let i = offset - 1; i >= 0; i--) {
    const c = src[i];
    if (c === "\n") return true;
    if (c !== " " && c !== "\t") return false;
  }
  return true;
}

/** Whether the line holding `offset` is empty or whitespace only. */
export function blankLine(src: string, offset: number): boolean {
  if (offset >= src.length) return false;
  const s = lineStart(src, offset);
  const e = nextLineStart(src, offset);
  return /^[ \t\r]*\n?$/.test(src.slice(s, e));
}

/** The line ending used where `offset` is: CRLF when its line (or else the file's first line) ends so. */
export function eolAt(src: string, offset: number): string {
  let nl = src.indexOf("\n", offset);
  if (nl < 0) nl = src.indexOf("\n");
  return nl > 0 && src[nl - 1] === "\r" ? "\r\n" : "\n";
}

/**
 * Moves printed text to a place: lines after the first get `indent` in front (blank lines stay
 * empty) and line breaks become `eol`. Printed text holds no raw line break inside a string, so
 * every break is layout (indented strings shift as a whole, which keeps their value).
 */
export function placeText(text: string, indent: string, eol: string): string {
  const lines = text.split("\n");
  let out = lines[0] as string;
  for (let i = 1; i < lines.length; i++) {
    const l = lines[i] as string;
    out += eol + (l === "" ? "" : indent + l);
  }
  return out;
}

/** Whether a comment as written is a format directive, `/*nixfmt:disable*\/` or `/*nixfmt:enable*\/` (docs/formatter.md). */
export function isFormatDirective(comment: string): boolean {
  return comment.startsWith("/*") && comment.endsWith("*/") && isDirectiveText(comment.slice(2, -2));
}

/** A comment found by {@link scanTrivia}. */
export interface TriviaComment {
  readonly from: number;
  readonly to: number;
  /** Whether a line break precedes it within the scanned gap. */
  readonly ownLine: boolean;
}

/**
 * The comments in `[from, to)`, a gap that holds only whitespace and comments (between two
 * tokens). Scanning stops early at any other character, which callers use to find the next token.
 */
export function scanTrivia(src: string, from: number, to: number): { comments: TriviaComment[]; stop: number } {
  const comments: TriviaComment[] = [];
  let i = from;
  let nl = false;
  while (i < to) {
    const c = src[i];
    if (c === "\n") {
      nl = true;
      i++;
    } else if (c === " " || c === "\t" || c === "\r") i++;
    else if (c === "#") {
      let e = src.indexOf("\n", i);
      if (e < 0 || e > to) e = to;
      // A CR before the line break belongs to the line ending, not the comment.
      const end = e > i && src[e - 1] === "\r" ? e - 1 : e;
      comments.push({ from: i, to: end, ownLine: nl });
      i = e;
    } else if (c === "/" && src[i + 1] === "*") {
      const close = src.indexOf("*/", i + 2);
      const e = close < 0 ? to : Math.min(close + 2, to);
      comments.push({ from: i, to: e, ownLine: nl });
      i = e;
    } else break;
  }
  return { comments, stop: i };
}

/** The offset after `offset` past whitespace and comments (the next token's start). */
export function skipTrivia(src: string, offset: number): number {
  return scanTrivia(src, offset, src.length).stop;
}

/** The end of a comment on the same line right after `offset` (after spaces), else `offset`. */
export function trailingCommentEnd(src: string, offset: number): number {
  let i = offset;
  while (src[i] === " " || src[i] === "\t") i++;
  if (src[i] === "#" || (src[i] === "/" && src[i + 1] === "*")) {
    const t = scanTrivia(src, i, nextLineStart(src, i));
    const first = t.comments[0];
    if (first !== undefined && first.from === i && !src.slice(first.from, first.to).includes("\n")) return first.to;
  }
  return offset;
}
