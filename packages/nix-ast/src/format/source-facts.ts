/**
 * Source facts for the formatter: the choices nixfmt leaves to the author, read from the source
 * text and the parser's spans. nixfmt's printer (Pretty.hs) consults the source in these places,
 * and only these:
 *
 * - a list or attribute set (empty or not) whose opening and closing brackets are on different
 *   lines stays expanded;
 * - `inherit … ;` may share one line only if the author wrote it on one line (and with < 4 names);
 * - a set pattern `{ a, b }:` stays expanded when its braces are on different lines, and a lambda
 *   body stays on its own line when the author put it there (`{ lib }:\nbody`);
 * - a blank line anywhere between tokens is kept (runs collapse to one), not only between
 *   bindings and list items.
 *
 * The facts are computed from the token stream of the parser's own lexer (one pass, no
 * re-parsing) and looked up by offset, so the printer can ask them of any node with a `span`.
 * Nodes without spans (built in code) have no facts: the printer then behaves as for generated
 * code.
 *
 * @module
 */
import type { Expr, Inherit, Lambda } from "../ast/nodes.js";
import { Lexer, T_COLON, T_EOF, T_LBRACE, T_RBRACE } from "../parse/lexer.js";

/** Where a comment sits in the source. */
export interface CommentInfo {
  readonly blank: boolean;
  readonly sameLine: boolean;
}

/** What the formatter knows about the source's layout. */
export interface SourceFacts {
  /** 1-based line of an offset. */
  lineOf(offset: number): number;
  /** Whether a blank line precedes the token starting at `offset` (in whitespace or between comments). */
  blankBefore(offset: number): boolean;
  /**
   * Whether a blank line comes before the first comment preceding the token at `offset`, or
   * before the token itself when no comment precedes it (the blank line nixfmt prints first).
   */
  blankBeforeLeading(offset: number): boolean;
  /**
   * The layout of the last `count` comments before the token at `offset`, gathered backwards over
   * the tokens just before it (the parser hands comments written before `else`, `then`, `in` or an
   * operator to the next expression): for each, whether a blank line precedes it and whether it
   * sits on the line of the token before it (a trailing comment, in nixfmt's terms). Null when
   * the source does not have that many comments there.
   */
  commentInfo(offset: number, count: number): readonly CommentInfo[] | null;
  /** For each comment before the token at `offset`: whether a blank line precedes it; null if none. */
  commentBlanks(offset: number): readonly boolean[] | null;
  /**
   * The comments before the first token starting at or after `offset` (e.g. the `}`, `]` or `in`
   * after a container's last item) and that token's offset; null when there are none.
   */
  commentsBeforeNext(offset: number): { readonly infos: readonly CommentInfo[]; readonly at: number } | null;
  /** Whether a blank line separates the comments before the token at `offset` from the token. */
  blankAfterComments(offset: number): boolean;
  /** Whether a blank line precedes the last token before `offset` (e.g. the `in` before a let body). */
  blankBeforePrevious(offset: number): boolean;
  /** For a list or attribute set: whether its brackets are on different lines. */
  bracketsBroken(e: Expr): boolean;
  /** For `inherit`: whether the keyword and the `;` are on different lines. */
  inheritBroken(b: Inherit): boolean;
  /** For a lambda with a set pattern: whether the pattern's braces are on different lines. */
  formalsBroken(l: Lambda): boolean;
  /** For a lambda: whether the body starts on a later line than the `:`. */
  bodyOnNextLine(l: Lambda): boolean;
}

/**
 * Reads the layout facts of `source`, which must be the text the tree was parsed from.
 */
export function sourceFacts(source: string): SourceFacts {
  // Line starts, for offset → line by binary search.
  const lineStarts: number[] = [0];
  for (let i = source.indexOf("\n"); i >= 0; i = source.indexOf("\n", i + 1)) lineStarts.push(i + 1);
  const lineOf = (offset: number): number => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };

  // The token stream: kinds, starts and blank-line flags in parallel arrays.
  const kinds: number[] = [];
  const starts: number[] = [];
  const blanks: boolean[] = [];
  const blanksAfterComments: boolean[] = [];
  const blanksLeading: boolean[] = [];
  const commentBlanks: (readonly boolean[] | null)[] = [];
  const commentInfos: (readonly CommentInfo[] | null)[] = [];
  const lexer = new Lexer(source);
  for (;;) {
    const t = lexer.next();
    kinds.push(t.k);
    starts.push(t.s);
    blanks.push(t.blank || (t.c !== null && t.c.some((c) => c.blank)));
    blanksAfterComments.push(t.c !== null && t.blank);
    // A first comment on the previous token's line is that token's trailing comment (the parser
    // takes it so): the blank line that leads the next item comes after it.
    const lead = t.c === null ? null : t.c[0]!.nl === 0 ? (t.c[1] ?? null) : t.c[0]!;
    blanksLeading.push(lead === null ? t.blank : lead.blank);
    commentBlanks.push(t.c === null ? null : t.c.map((c) => c.blank));
    commentInfos.push(t.c === null ? null : t.c.map((c) => ({ blank: c.blank, sameLine: c.nl === 0 })));
    if (t.k === T_EOF) break;
  }
  /** Index of the first token starting at or after `offset`. */
  const tokenAt = (offset: number): number => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid]! < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  /** Index of the last token starting before `offset`. */
  const tokenBefore = (offset: number): number => tokenAt(offset) - 1;

  return {
    lineOf,
    blankBefore: (offset) => blanks[tokenAt(offset)] === true && starts[tokenAt(offset)] === offset,
    commentInfo(offset, count) {
      let i = tokenAt(offset);
      if (starts[i] !== offset) return null;
      const out: CommentInfo[] = [];
      // A few tokens back at most: comments travel past one keyword or operator.
      for (let steps = 0; out.length < count && i >= 0 && steps < 4; steps++, i--) {
        const cs = commentInfos[i];
        if (cs !== null && cs !== undefined) out.unshift(...cs);
      }
      return out.length >= count ? out.slice(out.length - count) : null;
    },
    commentsBeforeNext(offset) {
      const i = tokenAt(offset);
      const infos = commentInfos[i];
      return infos === null || infos === undefined ? null : { infos, at: starts[i]! };
    },
    commentBlanks: (offset) => (starts[tokenAt(offset)] === offset ? commentBlanks[tokenAt(offset)]! : null),
    blankBeforeLeading: (offset) => blanksLeading[tokenAt(offset)] === true && starts[tokenAt(offset)] === offset,
    blankAfterComments: (offset) => blanksAfterComments[tokenAt(offset)] === true && starts[tokenAt(offset)] === offset,
    blankBeforePrevious: (offset) => blanks[tokenBefore(offset)] === true,
    bracketsBroken(e) {
      if (e.span === undefined || (e.type !== "Attrs" && e.type !== "List")) return false;
      // A `rec` set opens at the `{` after `rec`.
      let open = tokenAt(e.span.start.offset);
      if (e.type === "Attrs" && e.rec) while (open < kinds.length - 1 && kinds[open] !== T_LBRACE) open++;
      return lineOf(starts[open]!) !== e.span.end.line;
    },
    inheritBroken(b) {
      if (b.span === undefined) return false;
      return b.span.start.line !== b.span.end.line;
    },
    formalsBroken(l) {
      if (l.span === undefined || l.param.type !== "FormalsParam") return false;
      let open = tokenAt(l.span.start.offset);
      while (open < kinds.length - 1 && kinds[open] !== T_LBRACE) open++;
      // The pattern closes at the last `}` before the `:` that precedes the body.
      let close = tokenBefore(l.body.span?.start.offset ?? l.span.end.offset);
      while (close > open && kinds[close] !== T_RBRACE) close--;
      return lineOf(starts[open]!) !== lineOf(starts[close]!);
    },
    bodyOnNextLine(l) {
      if (l.body.span === undefined) return false;
      let colon = tokenBefore(l.body.span.start.offset);
      while (colon > 0 && kinds[colon] !== T_COLON) colon--;
      return lineOf(starts[colon]!) !== l.body.span.start.line;
    },
  };
}
