/**
 * Trivia as nixfmt reads it, applied to the lexer's tokens before the parser attaches comments:
 * empty block comments (`/**\/`, `/* *\/`) are dropped (nixfmt's `Lexer.hs`: a block comment with
 * no lines becomes no trivia), keeping the line breaks around them.
 *
 * @module
 */
import { canTrail, Lexer, T_DQUOTE, T_DQUOTE_END, T_EOF, T_IND_CLOSE, T_IND_OPEN, T_IND_STR, T_STR } from "../parse/lexer.js";
import { DIRECTIVE_MARK, LANGUAGE_MARK } from "../ast/nodes.js";
import type { RawComment, Token } from "../parse/lexer.js";


/** Whether a block comment's text (between `/*` and `*\/`) is a format directive's. */
export function isDirectiveText(text: string): boolean {
  return text === "nixfmt:disable" || text === "nixfmt:enable";
}

/**
 * Drops the token's empty block comments and marks format directives, in place (the token is the
 * lexer's, not yet read by the parser). A directive is `/*nixfmt:disable*\/` or
 * `/*nixfmt:enable*\/` alone on its line (Lexer.hs `formatDirective`, `resolveDirective`); its
 * text becomes {@link DIRECTIVE_MARK}, `D` or `E`, and the source offset the region starts
 * (the line start of a disable) or ends at (the end of an enable's line); see
 * {@link applyDirectives}. Directives inside the source ranges `inert` become line comments.
 */
export function normalizeTrivia(t: Token, source: string, inert: readonly (readonly [number, number])[] = []): void {
  const cs = t.c;
  if (cs === null) return;
  // The comments nixfmt drops: empty block comments, and empty line comments in trailing position.
  let dropped: boolean[] | null = null;
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i]!;
    if (c.text.trim() === "" && (c.kind !== "line" || trailingAt(cs, i, source))) (dropped ??= new Array<boolean>(cs.length).fill(false))[i] = true;
    else if (c.kind === "block" && isDirectiveText(c.text)) {
      const d = directive(c, source);
      // A directive of a region that could not be kept is a plain comment (see `format`).
      if (d !== null) cs[i] = inert.some(([a, b]) => c.start >= a && c.start <= b) ? { ...c, kind: "line", text: ` ${c.text}` } : d;
    } else if (c.kind === "block" && i === cs.length - 1 && isAnnotation(c, source)) {
      cs[i] = { ...c, text: `${LANGUAGE_MARK}${c.text.trim()}` };
    }
  }
  if (dropped === null) return;
  const out: RawComment[] = [];
  // What a dropped comment leaves: its line breaks and blank line, carried to what follows.
  let nl = 0;
  let blank = false;
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i]!;
    if (dropped[i]) {
      nl += c.nl;
      blank ||= c.blank;
      continue;
    }
    out.push(nl === 0 && !blank ? c : { ...c, nl: c.nl + nl, blank: c.blank || blank });
    nl = 0;
    blank = false;
  }
  t.c = out.length === 0 ? null : out;
  if (blank) t.blank = true;
}

const isHSpace = (ch: string): boolean => ch === " " || ch === "\t" || ch === "\f" || ch === "\v";

/** The marked form of a directive comment alone on its line, or null (it stays a comment). */
function directive(c: RawComment, source: string): RawComment | null {
  let ls = c.start;
  while (ls > 0 && isHSpace(source[ls - 1]!)) ls--;
  if (ls > 0 && source[ls - 1] !== "\n" && source[ls - 1] !== "\r") return null;
  let end = c.end;
  while (end < source.length && isHSpace(source[end]!)) end++;
  if (end < source.length && source[end] !== "\n" && source[end] !== "\r") return null;
  const disable = c.text === "nixfmt:disable";
  return { ...c, text: `${DIRECTIVE_MARK}${disable ? `D${ls}` : `E${end}`}` };
}

/**
 * Replaces each disabled region of the printed text by its source (nixfmt's `/*nixfmt:disable*\/`
 * … `/*nixfmt:enable*\/`, both included, whole lines): the lines from the one holding a disable
 * mark to the one holding the next enable mark. An enable with no open region is printed as
 * written; a region left open runs to the end of the file, byte for byte. `failed`: the source
 * ranges of regions whose tokens the printer did not print exactly between their directives (it
 * moved code or comments across them); the caller formats again with their directives inert.
 */
export function applyDirectives(text: string, source: string): { text: string; failed: [number, number][] } {
  const failed: [number, number][] = [];
  if (!text.includes(DIRECTIVE_MARK)) return { text, failed };
  const lines = text.split("\n");
  const out: string[] = [];
  const re = new RegExp(`^(\\s*)# ${DIRECTIVE_MARK}([DE])(\\d+)$`);
  // Both texts lexed whole, once: a region may begin or end inside a string's interpolation.
  let lexed: { src: Token[] | null; printed: Token[] | null } | null = null;
  const lineStart: number[] = [0];
  for (const l of lines) lineStart.push(lineStart[lineStart.length - 1]! + l.length + 1);
  /** The region's source text if the printer printed exactly its tokens between the directives, else null. */
  const keep = (from: number, to: number, first: number, last: number): string | null => {
    lexed ??= { src: tokensOf(source), printed: tokensOf(text) };
    const { src, printed } = lexed;
    const same = src !== null && printed !== null && sameTokens(src, from, to, printed, lineStart[first]!, lineStart[last + 1]! - 1);
    if (!same) failed.push([from, to]);
    return same ? source.slice(from, to) : null;
  };
  // The open region: its first printed line and its source start.
  let open: { line: number; from: number } | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const m = re.exec(line);
    if (m === null) {
      if (open === null) out.push(line);
      continue;
    }
    const offset = Number(m[3]);
    if (m[2] === "D") {
      // A disable inside a disabled region is inert.
      if (open === null) open = { line: i, from: offset };
    } else if (open !== null) {
      out.push(keep(open.from, offset, open.line, i) ?? unmark(lines.slice(open.line, i + 1).join("\n")));
      open = null;
    } else out.push(`${m[1]}/*nixfmt:enable*/`);
  }
  if (open !== null) {
    const rest = keep(open.from, source.length, open.line, lines.length - 1) ?? unmark(lines.slice(open.line).join("\n"));
    return { text: [...out, rest].join("\n"), failed };
  }
  return { text: out.join("\n"), failed };
}

/** Directive marks printed as the comments they were (when a region cannot be kept as written). */
function unmark(text: string): string {
  return text.replace(new RegExp(`# ${DIRECTIVE_MARK}([DE])\\d+`, "g"), (_m, d: string) =>
    d === "D" ? "# nixfmt:disable" : "# nixfmt:enable",
  );
}

/** A text's tokens (kinds, spans, values), lexed whole; null if it does not lex. */
function tokensOf(text: string): Token[] | null {
  try {
    const lexer = new Lexer(text);
    const out: Token[] = [];
    for (let t = lexer.next(); t.k !== T_EOF; t = lexer.next()) out.push(t);
    return out;
  } catch {
    return null;
  }
}

/**
 * Whether `ts` (sorted by start) has the same tokens in [a0, a1) as `us` in [b0, b1). Strings
 * compare by their text without whitespace, whichever quotes they use: the printer may write a
 * region's `''…''` as `"…"` and reindent it, which the region's source text replaces anyway.
 */
function sameTokens(ts: readonly Token[], a0: number, a1: number, us: readonly Token[], b0: number, b1: number): boolean {
  let i = firstFrom(ts, a0);
  let j = firstFrom(us, b0);
  for (; i < ts.length && ts[i]!.s < a1; i++, j++) {
    const x = ts[i]!;
    const y = us[j];
    if (y === undefined || y.s >= b1 || quoteless(x.k) !== quoteless(y.k)) return false;
    const str = x.k === T_STR || x.k === T_IND_STR;
    if (str ? String(x.v).replace(/\s+/g, "") !== String(y.v).replace(/\s+/g, "") : String(x.v) !== String(y.v)) return false;
  }
  return j >= us.length || us[j]!.s >= b1;
}

/** A token kind with `''…''` strings' kinds mapped to those of `"…"`. */
function quoteless(k: number): number {
  return k === T_IND_OPEN ? T_DQUOTE : k === T_IND_CLOSE ? T_DQUOTE_END : k === T_IND_STR ? T_STR : k;
}

/** Index of the first token starting at or after `offset`. */
function firstFrom(ts: readonly Token[], offset: number): number {
  let lo = 0;
  let hi = ts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ts[mid]!.s < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Whether a block comment is a language annotation (Lexer.hs `languageAnnotation`): one line, at
 * most 30 characters of letters, digits and `-+._`, followed by a string (`"` or `''`) after
 * spaces and at most one line break.
 */
function isAnnotation(c: RawComment, source: string): boolean {
  const lang = c.text.trim();
  if (lang === "" || lang.length > 30 || !/^[A-Za-z0-9+._-]+$/.test(lang) || /[\r\n]/.test(c.text)) return false;
  return /^[ \t]*(\r?\n)?[ \t]*("|'')/.test(source.slice(c.end, c.end + 200));
}

/**
 * Whether `cs[i]` is a trailing comment of the previous token as nixfmt reads trivia (Lexer.hs
 * `convertTrivia`, `span isTrailing`): on that token's line, after nothing but one-line block
 * comments. (A comment after a multi-line or doc comment, or on a later line, leads what follows.)
 */
function trailingAt(cs: readonly RawComment[], i: number, source: string): boolean {
  for (let j = 0; j <= i; j++) {
    const c = cs[j]!;
    if (c.nl !== 0) return false;
    if (j < i && (c.kind === "line" || !canTrail(c))) return false;
  }
  // The first comment follows code on its line (not the start of the file).
  let k = cs[0]!.start;
  while (k > 0 && isHSpace(source[k - 1]!)) k--;
  return k > 0 && source[k - 1] !== "\n" && source[k - 1] !== "\r";
}
