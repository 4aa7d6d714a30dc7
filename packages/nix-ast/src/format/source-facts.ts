/**
 * Source facts for the formatter: the printer's layout hints (`print/hints.ts`: the choices nixfmt
 * leaves to the author) answered from the source text and the parser's spans. nixfmt's printer (Pretty.hs) consults the source in these places,
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
import {
  canTrail,
  Lexer,
  T_COLON,
  T_COMMA,
  T_DOLLAR_CURLY,
  T_ELLIPSIS,
  T_ID,
  T_QUESTION,
  T_DQUOTE,
  T_DQUOTE_END,
  T_EOF,
  T_IN,
  T_IND_CLOSE,
  T_IND_OPEN,
  T_IND_STR,
  T_INHERIT,
  T_LBRACE,
  T_LBRACKET,
  T_LPAREN,
  T_MINUS,
  T_NOT,
  T_RBRACE,
  T_RPAREN,
  T_RBRACKET,
  T_PATH_END,
  T_SEMI,
  T_STR,
  linesUpBelow,
} from "../parse/lexer.js";
import type { RawComment, Token } from "../parse/lexer.js";
import { DIRECTIVE_MARK, spanEnd, spanStart, mergeTextParts, type IndStr, type Inherit, type Lambda, type StrPart } from "../ast/nodes.js";
import { parseWith } from "../parse/driver.js";
import { NixParseError } from "../parse/errors.js";
import type { CommentInfo, LayoutHints, TokenTrivia } from "../print/hints.js";
import { lineIndex, lineStarts } from "../parse/span.js";

/** Per-token flags: a blank line before the token (anywhere in its trivia), after its comments, before its leading comment. */
const F_BLANK = 1;
const F_BLANK_AFTER_COMMENTS = 2;
const F_BLANK_LEADING = 4;

/**
 * The token stream of a source as the facts need it, in parallel arrays: kinds, starts, blank-line
 * flags (bits) and comments. Filled by {@link TokenLog.lex}, or by the parser as it reads the tokens
 * (`format` parses and then prints: one lexing pass instead of two).
 */
export class TokenLog {
  readonly kinds: number[] = [];
  readonly starts: number[] = [];
  readonly flags: number[] = [];
  readonly comments: (readonly RawComment[] | null)[] = [];
  #done = false;

  /** Lexes `source` on its own. */
  static lex(source: string): TokenLog {
    const log = new TokenLog();
    const lexer = new Lexer(source);
    while (!log.#done) log.add(lexer.next());
    return log;
  }

  /** Records the next token, as the lexer made it (before the parser takes its comments). */
  add(t: Token): void {
    // The parser may look past the end: the first end of file closes the log.
    if (this.#done) return;
    // A copy: the parser takes comments off the token's own array.
    const c = t.c === null ? null : t.c.slice();
    this.kinds.push(t.k);
    this.starts.push(t.s);
    this.comments.push(c);
    let f = t.blank ? F_BLANK : 0;
    if (c !== null) {
      if (t.blank) f |= F_BLANK_AFTER_COMMENTS;
      for (let i = 0; i < c.length; i++) if (c[i]!.blank) f |= F_BLANK;
      // A first comment on the previous token's line is that token's trailing comment (the parser
      // takes it so): the blank line that leads the next item comes after it.
      // (Not after an opening bracket or `in`: that comment goes to the next line, see `infosOf`.)
      const prev = this.kinds.length > 1 ? this.kinds[this.kinds.length - 2] : -1;
      const open = prev === T_LBRACE || prev === T_LBRACKET || prev === T_IN || prev === T_DOLLAR_CURLY;
      const lead = c[0]!.nl === 0 && !open ? (c[1] ?? null) : c[0]!;
      if (lead === null ? t.blank : lead.blank) f |= F_BLANK_LEADING;
    } else if (t.blank) f |= F_BLANK_LEADING;
    this.flags.push(f);
    if (t.k === T_EOF) this.#done = true;
  }
}

/** The layout hints the printer asks for, plus the line of an offset. */
export interface SourceFacts extends LayoutHints {
  /** 1-based line of an offset. */
  lineOf(offset: number): number;
}

/**
 * Reads the layout facts of `source`, which must be the text the tree was parsed from. `strict`
 * (nixfmt --strict, which sets every token's line to zero: Predoc.hs `layout`) answers every
 * question about line breaks outside `${…}` as if the source were on one line (see `strictAt`);
 * comments and blank lines stay.
 * `tokens`, when given, is its token stream as the parser read it (saves lexing it again).
 */
export function sourceFacts(source: string, tokens?: TokenLog, strict = false): SourceFacts {
  const lines = lineStarts(source);
  const lineOf = (offset: number): number => lineIndex(lines, offset) + 1;

  const { kinds, starts, flags, comments } = tokens ?? TokenLog.lex(source);
  const flag = (i: number, f: number): boolean => i >= 0 && i < flags.length && (flags[i]! & f) !== 0;
  const infosOf = (i: number): CommentInfo[] | null => {
    const c = comments[i];
    if (c === null || c === undefined) return null;
    // nixfmt prints the trailing comment of an opening bracket on the next line, inside the
    // brackets (Pretty.hs `renderList`/`prettySet`: `nest (pretty post <> items)` after a line
    // break): such a comment is not a trailing one. (That of `(` goes before it: the printer.)
    // The same for `in`, whose trailing comment goes before the body (`prependTrivia` in `Let`),
    // and for `${`, whose content is laid out like parentheses.
    const k = i > 0 ? kinds[i - 1] : -1;
    const open = k === T_LBRACE || k === T_LBRACKET || k === T_IN || k === T_DOLLAR_CURLY;
    const col = (offset: number): number => offset - lines[lineIndex(lines, offset)]!;
    // A comment lined up with what follows it leads that (nixfmt's `convertTrivia`).
    const first = c[0]!.nl === 0 && canTrail(c[0]!) && !open && i > 0 && !linesUpBelow(source, c, starts[i]!);
    return c.map((x, j) => ({ blank: x.blank, sameLine: j === 0 ? first : x.nl === 0, column: col(x.start), text: x.text }));
  };
  /**
   * --strict ignores the author's line breaks, except inside `${…}`: nixfmt's `mapAllTokens`
   * (Types.hs), which clears every token's line, stops at strings, paths and `${…}` attribute
   * names without entering their interpolations, so code there keeps its line breaks. Whether
   * strict applies at token `i`; the depths of `${` are counted once asked.
   */
  let interpolated: Uint8Array | undefined;
  const strictAt = (i: number): boolean => {
    if (!strict) return false;
    // Caches here are kept only once whole: a printer that fails half-way (print/driver.ts) may
    // leave no half-built one behind for its retry.
    if (interpolated === undefined) {
      const mask = new Uint8Array(kinds.length);
      // The open braces, innermost last: 1 for `${`, 0 for `{`; and how many `${` are open.
      const open: number[] = [];
      let inside = 0;
      for (let t = 0; t < kinds.length; t++) {
        const k = kinds[t];
        if (k === T_RBRACE && open.length > 0) inside -= open.pop()!;
        mask[t] = inside > 0 ? 1 : 0;
        if (k === T_DOLLAR_CURLY) {
          open.push(1);
          inside++;
        } else if (k === T_LBRACE) open.push(0);
      }
      interpolated = mask;
    }
    return interpolated[i] === 0;
  };
  /**
   * Index of the first token written at or after `offset` (such as the token a node starts with, or
   * the one after a node that ends there). A path ends with a token of no width (the lexer's end of
   * a path), which is not written and holds no trivia: it is never the answer.
   */
  const tokenAt = (offset: number): number => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid]! < offset) lo = mid + 1;
      else hi = mid;
    }
    while (kinds[lo] === T_PATH_END) lo++;
    return lo;
  };
  /**
   * nixfmt writes a `''…''` string as `"…"` when it is one line once its first blank line is
   * dropped and has no `"` or `\\` in its text (Parser.hs `classifyString`); the text runs of that
   * `"…"` (indentation stripped, `''$` → `\\$`, `'''` → `''`), or null. `i`: the `''` token.
   */
  const simpleIndSegments = (i: number): string[] | null => {
    // Top-level text runs, each split at its newlines; an interpolation separates runs.
    const segs: string[] = [];
    // The `''` token takes a first line of spaces with it: that text is the string's too.
    let cur = source.slice(starts[i]! + 2, starts[i + 1]);
    let depth = 0;
    for (i++; i < kinds.length; i++) {
      const k = kinds[i];
      if (depth === 0) {
        if (k === T_IND_STR) cur += source.slice(starts[i], starts[i + 1]);
        else if (k === T_DOLLAR_CURLY) {
          segs.push(cur);
          cur = "";
          depth = 1;
        } else if (k === T_IND_CLOSE) break;
        else return null;
      } else if (k === T_DOLLAR_CURLY || k === T_LBRACE) depth++;
      else if (k === T_RBRACE) depth--;
      else if (k === T_EOF) return null;
    }
    if (kinds[i] !== T_IND_CLOSE) return null;
    segs.push(cur);
    if (segs.some((t) => /["\\\r]/.test(t))) return null;
    // Parser.hs `fixFirstLine`: a first line of spaces is dropped when more lines follow.
    const first = segs[0]!;
    const nl = first.indexOf("\n");
    if (nl >= 0 && /^ *$/.test(first.slice(0, nl))) segs[0] = first.slice(nl + 1);
    if (segs.some((t) => t.includes("\n"))) return null;
    // One line: its leading spaces are the common indentation (`stripIndentation`); a line of
    // spaces alone is empty (`fixLastLine`).
    segs[0] = segs[0]!.replace(/^ +/, "");
    return segs.map((t) => t.replace(/''\$|'''/g, (m) => (m === "''$" ? "\\$" : "''")));
  };
  /**
   * The lines of the `''…''` string whose `''` is token `i`, as nixfmt's parser makes them
   * (Parser.hs `fixIndentedString`): raw source text split at the string's own newlines (an
   * interpolation may span lines; it is its index here), the first line dropped when only spaces
   * and more follow, a last line of spaces emptied, then the indentation common to the heads of
   * the other lines removed. Null if the string is not closed or has a CR.
   */
  const rawIndLines = (i: number): { lines: (string | number)[][]; ind: string } | null => {
    const lines: (string | number)[][] = [[]];
    const text = (t: string): void => {
      const segs = t.split("\n");
      for (let k = 0; k < segs.length; k++) {
        if (k > 0) lines.push([]);
        const line = lines[lines.length - 1]!;
        const last = line[line.length - 1];
        if (segs[k] === "") continue;
        if (typeof last === "string") line[line.length - 1] = last + segs[k]!;
        else line.push(segs[k]!);
      }
    };
    text(source.slice(starts[i]! + 2, starts[i + 1]));
    let interps = 0;
    for (i++; i < kinds.length; i++) {
      const k = kinds[i];
      if (k === T_IND_STR) text(source.slice(starts[i], starts[i + 1]));
      else if (k === T_DOLLAR_CURLY) {
        for (let depth = 0; i < kinds.length; i++) {
          if (kinds[i] === T_DOLLAR_CURLY || kinds[i] === T_LBRACE) depth++;
          else if (kinds[i] === T_RBRACE && --depth === 0) break;
          else if (kinds[i] === T_EOF) return null;
        }
        lines[lines.length - 1]!.push(interps++);
      } else if (k === T_IND_CLOSE) break;
      else return null;
    }
    if (kinds[i] !== T_IND_CLOSE || lines.some((l) => l.some((p) => typeof p === "string" && p.includes("\r")))) return null;
    const empty = (l: readonly (string | number)[]): boolean => l.length === 0 || (l.length === 1 && typeof l[0] === "string" && /^ *$/.test(l[0]));
    if (lines.length > 1 && empty(lines[0]!)) lines.shift();
    if (empty(lines[lines.length - 1]!)) lines[lines.length - 1] = [];
    const heads = lines.filter((l) => !empty(l)).map((l) => (typeof l[0] === "string" ? l[0] : ""));
    if (heads.length === 0) return { lines: lines.map(() => []), ind: "" };
    let ind = /^ */.exec(heads[0]!)![0];
    for (const h of heads) while (!h.startsWith(ind)) ind = ind.slice(0, -1);
    const stripped = lines.map((l) => {
      if (typeof l[0] !== "string") return l;
      const head = l[0].startsWith(ind) ? l[0].slice(ind.length) : "";
      return head === "" ? l.slice(1) : [head, ...l.slice(1)];
    });
    return { lines: stripped, ind };
  };
  /**
   * Per token, the disabled region open after its trivia (the offset where it starts, -1 for none):
   * directives take effect in source order (Lexer.hs `resolveDirective`: a disable inside a region
   * and an enable outside one are inert). Built once asked, and only for sources with directives.
   */
  let regions: Int32Array | null | undefined;
  const regionAfter = (i: number): number => {
    if (regions === undefined) {
      let found: Int32Array | null = null;
      let open = -1;
      for (let t = 0; t < comments.length; t++) {
        for (const c of comments[t] ?? []) {
          if (!c.text.startsWith(DIRECTIVE_MARK)) continue;
          if (found === null) found = new Int32Array(comments.length).fill(-1);
          if (c.text[1] === "D" && open < 0) open = Number(c.text.slice(2));
          else if (c.text[1] === "E") open = -1;
        }
        if (found !== null) found[t] = open;
      }
      regions = found;
    }
    return regions === null ? -1 : regions[i]!;
  };
  /**
   * Whether a disabled region cuts through the `''…''` string whose `''` is token `i`: it has
   * exactly one end inside one of the string's interpolations, i.e. the region open before the
   * `${`'s content differs from the one open after it (Lexer.hs `wholeInner`, Parser.hs
   * `indentedString`). Such a string keeps its `''` and its lines' source columns.
   */
  const cutString = (i: number): boolean => {
    regionAfter(0);
    if (regions === null) return false;
    for (i++; i < kinds.length; i++) {
      const k = kinds[i];
      if (k === T_IND_CLOSE || k === T_EOF) return false;
      if (k !== T_DOLLAR_CURLY) continue;
      const open = i;
      for (let depth = 0; i < kinds.length; i++) {
        if (kinds[i] === T_DOLLAR_CURLY || kinds[i] === T_LBRACE) depth++;
        else if ((kinds[i] === T_RBRACE && --depth === 0) || kinds[i] === T_EOF) break;
      }
      if (regionAfter(open) !== regionAfter(i)) return true;
    }
    return false;
  };
  /** Whether `lines`, printed as the printer prints them, read back (our parser, as Nix) as `parts`. */
  const readsAs = (lines: readonly (readonly (string | number)[])[], parts: readonly StrPart[]): boolean => {
    const body = lines.map((l) => l.map((p) => (typeof p === "string" ? p : "${x}")).join(""));
    const src = body.length === 1 ? `''${body[0]}''` : `''\n${body.map((l) => (l === "" ? "" : `  ${l}`)).join("\n")}''`;
    let back: StrPart[];
    try {
      const e = parseWith(src, {});
      if (e.type !== "IndStr") return false;
      back = mergeTextParts(e.parts);
    } catch (e) {
      // A parse error says no. Running out of stack is no answer: it goes up to the printer's
      // driver, which starts over (print/driver.ts); "no" here would change the output.
      if (e instanceof NixParseError && !(e.cause instanceof RangeError)) return false;
      throw e;
    }
    const want = mergeTextParts(parts);
    return back.length === want.length && back.every((p, k) => (typeof p === "string" ? p === want[k] : typeof want[k] !== "string"));
  };
  /** The starts of the tokens with a blank line before them (see `blankBefore`), once asked. */
  let blankStarts: Set<number> | null = null;
  /** Index of the last token written before `offset` (see `tokenAt`). */
  const tokenBefore = (offset: number): number => {
    let i = tokenAt(offset) - 1;
    while (i > 0 && kinds[i] === T_PATH_END) i--;
    return i;
  };
  /** The indexes of a set pattern's `{` and `}` (after a name and `@`, before a `@` and name), or null. */
  const patternBraces = (l: Lambda): [number, number] | null => {
    if (l.span === undefined || l.param.type !== "FormalsParam") return null;
    let open = tokenAt(spanStart(l.span));
    while (open < kinds.length - 1 && kinds[open] !== T_LBRACE) open++;
    // The pattern closes at the last `}` before the `:` that precedes the body.
    let close = tokenBefore(l.body.span?.start.offset ?? spanEnd(l.span));
    while (close > open && kinds[close] !== T_RBRACE) close--;
    return [open, close];
  };
  /**
   * The trivia of token `i` as nixfmt's lexer splits it (Lexer.hs `convertTrivia`): the comments
   * before the first line break that can be a trailing comment (`#…`, a one-line `/* … *\/`) are
   * the previous token's, unless a lone line comment lines up with what follows it.
   */
  const triviaOf = (i: number): TokenTrivia => {
    const c = comments[i] ?? [];
    let n = 0;
    if (c.length > 0 && c[0]!.nl === 0 && i > 0 && !linesUpBelow(source, c, starts[i]!)) {
      while (n < c.length && c[n]!.nl === 0 && (c[n]!.kind === "line" || (c[n]!.kind === "block" && !/[\r\n]/.test(c[n]!.text)))) n++;
    }
    const col = (offset: number): number => offset - lines[lineIndex(lines, offset)]!;
    return {
      trailing: c.slice(0, n).map((x) => ({ kind: x.kind, text: x.text })),
      leading: c.slice(n).map((x) => ({ comment: { kind: x.kind, text: x.text }, blank: x.blank, column: col(x.start) })),
      blankAfter: c.length > 0 ? flag(i, F_BLANK_AFTER_COMMENTS) : flag(i, F_BLANK),
    };
  };
  /**
   * The tokens of an `inherit`'s names: for each, its first and last token and the offset where
   * its text ends; and the index of the `;`. Null when `b` does not start at an `inherit`.
   */
  const inheritTokens = (b: Inherit): { names: [number, number, number][]; semi: number } | null => {
    if (b.span === undefined) return null;
    let i = tokenAt(spanStart(b.span));
    if (kinds[i] !== T_INHERIT) return null;
    i++;
    if (kinds[i] === T_LPAREN) {
      for (let depth = 0; i < kinds.length; i++) {
        if (kinds[i] === T_LPAREN) depth++;
        else if (kinds[i] === T_RPAREN && --depth === 0) break;
      }
      i++;
    }
    const names: [number, number, number][] = [];
    while (i < kinds.length && kinds[i] !== T_SEMI && kinds[i] !== T_EOF) {
      const first = i;
      let end: number;
      if (kinds[i] === T_DQUOTE) {
        while (i < kinds.length && kinds[i] !== T_DQUOTE_END) i++;
        end = starts[i]! + 1;
      } else if (kinds[i] === T_DOLLAR_CURLY) {
        // `${"x"}`: the `}` that closes it (a static name has no interpolation, but count anyway).
        for (let depth = 0; i < kinds.length; i++) {
          if (kinds[i] === T_DOLLAR_CURLY || kinds[i] === T_LBRACE) depth++;
          else if (kinds[i] === T_RBRACE && --depth === 0) break;
        }
        end = starts[i]! + 1;
      } else {
        // An identifier (or `or`): its characters.
        end = starts[i]!;
        while (end < source.length && /[A-Za-z0-9_'-]/.test(source[end]!)) end++;
      }
      names.push([first, i, end]);
      i++;
    }
    return kinds[i] === T_SEMI ? { names, semi: i } : null;
  };

  return {
    lineOf,
    blankBefore(offset) {
      // Asked of nearly every node (a blank line is trivia wherever it is): a set, built once.
      if (blankStarts === null) {
        const set = new Set<number>();
        for (let i = 0; i < flags.length; i++) if ((flags[i]! & F_BLANK) !== 0) set.add(starts[i]!);
        blankStarts = set;
      }
      return blankStarts.has(offset);
    },
    commentInfo(offset, count) {
      let i = tokenAt(offset);
      if (starts[i] !== offset) return null;
      const out: CommentInfo[] = [];
      // A few tokens back at most: comments travel past one keyword or operator.
      for (let steps = 0; out.length < count && i >= 0 && steps < 4; steps++, i--) {
        const cs = infosOf(i);
        if (cs !== null) out.unshift(...cs);
      }
      return out.length >= count ? out.slice(out.length - count) : null;
    },
    commentsBeforeNext(offset) {
      const i = tokenAt(offset);
      const infos = infosOf(i);
      return infos === null ? null : { infos, at: starts[i]! };
    },
    commentBlanks: (offset) => {
      const i = tokenAt(offset);
      return starts[i] === offset ? (comments[i]?.map((c) => c.blank) ?? null) : null;
    },
    blankBeforeLeading: (offset) => flag(tokenAt(offset), F_BLANK_LEADING) && starts[tokenAt(offset)] === offset,
    blankAfterComments: (offset) => flag(tokenAt(offset), F_BLANK_AFTER_COMMENTS) && starts[tokenAt(offset)] === offset,
    blankBeforeNext: (offset) => flag(tokenAt(offset), F_BLANK),
    afterInterpolationOpen: (offset) => kinds[tokenBefore(offset)] === T_DOLLAR_CURLY,
    unaryAt: (offset) => {
      const i = tokenAt(offset);
      return starts[i] === offset && (kinds[i] === T_MINUS || kinds[i] === T_NOT);
    },
    strSegments(offset) {
      let i = tokenAt(offset);
      if (starts[i] === offset && kinds[i] === T_IND_OPEN) return cutString(i) ? null : simpleIndSegments(i);
      if (starts[i] !== offset || kinds[i] !== T_DQUOTE) return null;
      const segs: string[] = [];
      let cur = "";
      let depth = 0;
      // Text tokens are contiguous (no trivia inside a string): each ends where the next starts.
      for (i++; i < kinds.length; i++) {
        const k = kinds[i];
        if (depth === 0) {
          if (k === T_STR) cur += source.slice(starts[i], starts[i + 1]);
          else if (k === T_DOLLAR_CURLY) {
            segs.push(cur);
            cur = "";
            depth = 1;
          } else if (k === T_DQUOTE_END) {
            segs.push(cur);
            return segs;
          } else return null;
        } else if (k === T_DOLLAR_CURLY || k === T_LBRACE) depth++;
        else if (k === T_RBRACE) depth--;
        else if (k === T_EOF) return null;
      }
      return null;
    },
    text: (start, end) => source.slice(start, end),
    blankAfterPreviousComments: (offset) => flag(tokenBefore(offset), F_BLANK_AFTER_COMMENTS),
    blankBeforePrevious: (offset) => flag(tokenBefore(offset), F_BLANK),
    bracketsBroken(e) {
      if (e.span === undefined || (e.type !== "Attrs" && e.type !== "List")) return false;
      // A `rec` set opens at the `{` after `rec`.
      let open = tokenAt(spanStart(e.span));
      // A blank line before the closing bracket is its trivia, which starts with a line break
      // (Pretty.hs `instance Pretty Trivia`), in --strict too.
      if (strictAt(open)) return flag(tokenAt(spanEnd(e.span) - 1), F_BLANK);
      if (e.type === "Attrs" && e.rec) while (open < kinds.length - 1 && kinds[open] !== T_LBRACE) open++;
      return lineOf(starts[open]!) !== lineOf(spanEnd(e.span));
    },
    inheritBroken(b) {
      if (b.span === undefined || strictAt(tokenAt(spanStart(b.span)))) return false;
      return lineOf(spanStart(b.span)) !== lineOf(spanEnd(b.span));
    },
    indStrLines(e: IndStr) {
      if (e.span === undefined) return null;
      const i = tokenAt(spanStart(e.span));
      if (kinds[i] !== T_IND_OPEN || starts[i] !== spanStart(e.span)) return null;
      const r = rawIndLines(i);
      return r !== null && readsAs(r.lines, e.parts) ? r.lines : null;
    },
    indStrCut(e: IndStr) {
      if (e.span === undefined) return null;
      const i = tokenAt(spanStart(e.span));
      if (kinds[i] !== T_IND_OPEN || starts[i] !== spanStart(e.span) || !cutString(i)) return null;
      return rawIndLines(i)?.ind ?? null;
    },
    inheritNames(b) {
      const names = inheritTokens(b);
      if (names === null) return null;
      const out = names.names.map(([first, last, end]) => {
        const text = source.slice(starts[first], end);
        let inner = false;
        for (let j = first + 1; j <= last; j++) if (comments[j] !== null) inner = true;
        // nixfmt prints `${ "x" }` as `${"x"}` (an interpolation's spaces go); other spellings
        // inside `${…}` are left to the printer.
        const interp = /^\$\{\s*("(?:[^"\\$]|\\.)*")\s*\}$/.exec(text);
        return inner ? null : kinds[first] !== T_DOLLAR_CURLY ? text : interp === null ? null : `\${${interp[1]}}`;
      });
      return out.length === b.names.length ? out : null;
    },
    inheritGaps(b) {
      const names = inheritTokens(b);
      if (names === null || names.names.length !== b.names.length) return null;
      return [...names.names.map(([first]) => starts[first]!), starts[names.semi]!];
    },
    formalsBroken(l) {
      const braces = patternBraces(l);
      if (braces === null) return false;
      const [open, close] = braces;
      if (!strictAt(open)) return lineOf(starts[open]!) !== lineOf(starts[close]!);
      // --strict: a blank line before a name, comma, `...` or the `}` keeps it open too (that
      // token's trivia: Pretty.hs `canFlattenAttrs`, `hasTrivia`); not one inside a default.
      let depth = 0;
      for (let i = open + 1; i <= close; i++) {
        const k = kinds[i];
        if (depth === 0 && flag(i, F_BLANK)) return true;
        if (k === T_LBRACE || k === T_LBRACKET || k === T_LPAREN || k === T_DOLLAR_CURLY) depth++;
        else if (k === T_RBRACE || k === T_RBRACKET || k === T_RPAREN) depth--;
      }
      return false;
    },
    blankBeforePatternClose(l) {
      const braces = patternBraces(l);
      return braces !== null && flag(braces[1], F_BLANK);
    },
    patternTrivia(l) {
      if (l.span === undefined || l.param.type !== "FormalsParam") return null;
      let i = tokenAt(spanStart(l.span));
      while (i < kinds.length - 1 && kinds[i] !== T_LBRACE) i++;
      const open = triviaOf(i);
      const first = triviaOf(i + 1);
      const formals = [];
      for (const f of l.param.formals) {
        if (f.span === undefined) return null;
        const name = tokenAt(spanStart(f.span));
        if (starts[name] !== spanStart(f.span) || kinds[name] !== T_ID) return null;
        if (f.default !== undefined && kinds[name + 1] !== T_QUESTION) return null;
        const after = tokenAt(spanEnd(f.span));
        const comma = kinds[after] === T_COMMA;
        formals.push({ name: triviaOf(name), question: f.default === undefined ? null : triviaOf(name + 1), after: triviaOf(after), comma });
        i = comma ? after + 1 : after;
      }
      if (formals.length === 0) i++;
      let ellipsis: TokenTrivia | null = null;
      if (l.param.ellipsis) {
        if (kinds[i] !== T_ELLIPSIS) return null;
        ellipsis = triviaOf(i++);
      }
      if (kinds[i] !== T_RBRACE) return null;
      return { open, first, formals, ellipsis, close: triviaOf(i), next: triviaOf(i + 1) };
    },
    bodyOnNextLine(l) {
      if (l.body.span === undefined) return false;
      let colon = tokenBefore(spanStart(l.body.span));
      while (colon > 0 && kinds[colon] !== T_COLON) colon--;
      if (strictAt(colon)) return false;
      return lineOf(starts[colon]!) !== lineOf(spanStart(l.body.span));
    },
  };
}
