/**
 * A hand-written lexer for Nix, equivalent to the flex lexer of Nix 2.8 (`lexer.l`): the same
 * tokens, the same longest-match decisions (`a-b` is an identifier, `a/b` a path, `x:x` a URI,
 * `1e3` the int `1` followed by the identifier `e3`, `01.5` the int `01` followed by the float `.5`),
 * and the same states for strings, indented strings, paths and `${…}` interpolation.
 *
 * Like Nix's, this lexer does not depend on the parser: its state (a stack of modes pushed by `{`,
 * `${`, `"`, `''` and paths, popped by `}` and closing quotes) is its own, so the parser may look
 * ahead freely.
 *
 * Whitespace and comments are not tokens: they are gathered as *trivia* on the following token,
 * with newline counts, so that the parser can attach comments and record blank lines.
 *
 * Scanning works on char codes; there are no regular expressions on the hot path.
 *
 * @module
 */
import { INT64_MAX } from "../ast/lexical.js";
import { LANGUAGE_MARK } from "../ast/nodes.js";
import { errorAt } from "./errors.js";
import { strtodRefuses } from "./float.js";

// Token kinds. Plain numbers (not an enum) keep the hot path free of indirection.
export const T_EOF = 0;
export const T_ID = 1;
export const T_INT = 2;
export const T_FLOAT = 3;
export const T_IF = 4;
export const T_THEN = 5;
export const T_ELSE = 6;
export const T_ASSERT = 7;
export const T_WITH = 8;
export const T_LET = 9;
export const T_IN = 10;
export const T_REC = 11;
export const T_INHERIT = 12;
export const T_OR_KW = 13;
export const T_ELLIPSIS = 14;
export const T_EQ = 15;
export const T_NEQ = 16;
export const T_LEQ = 17;
export const T_GEQ = 18;
export const T_AND = 19;
export const T_OR = 20;
export const T_IMPL = 21;
export const T_UPDATE = 22;
export const T_CONCAT = 23;
export const T_PIPE_INTO = 24; // |>
export const T_PIPE_FROM = 25; // <|
export const T_DOLLAR_CURLY = 26;
export const T_LBRACE = 27;
export const T_RBRACE = 28;
export const T_DQUOTE = 29; // opening "
export const T_DQUOTE_END = 30; // closing "
export const T_STR = 31; // text of a string or of a path after its start
export const T_IND_OPEN = 32;
export const T_IND_CLOSE = 33;
export const T_IND_STR = 34;
export const T_PATH = 35;
export const T_HPATH = 36;
export const T_PATH_END = 37;
export const T_SPATH = 38;
export const T_URI = 39;
export const T_LPAREN = 40;
export const T_RPAREN = 41;
export const T_LBRACKET = 42;
export const T_RBRACKET = 43;
export const T_SEMI = 44;
export const T_COLON = 45;
export const T_COMMA = 46;
export const T_AT = 47;
export const T_ASSIGN = 48;
export const T_QUESTION = 49;
export const T_LT = 50;
export const T_GT = 51;
export const T_NOT = 52;
export const T_PLUS = 53;
export const T_MINUS = 54;
export const T_STAR = 55;
export const T_SLASH = 56;
export const T_DOT = 57;
/** A character no rule accepts; the parser reports it as unexpected. */
export const T_CHAR = 58;
/** A hole of the `nix` template tag. */
export const T_HOLE = 59;

/** Human names of fixed tokens, for error messages. */
export const TOKEN_TEXT: readonly string[] = [
  "end of file", "identifier", "integer", "float", "'if'", "'then'", "'else'", "'assert'", "'with'",
  "'let'", "'in'", "'rec'", "'inherit'", "'or'", "'...'", "'=='", "'!='", "'<='", "'>='", "'&&'",
  "'||'", "'->'", "'//'", "'++'", "'|>'", "'<|'", "'${'", "'{'", "'}'", "'\"'", "'\"'", "string text",
  "\"''\"", "\"''\"", "string text", "path", "path", "end of path", "search path", "URI", "'('",
  "')'", "'['", "']'", "';'", "':'", "','", "'@'", "'='", "'?'", "'<'", "'>'", "'!'", "'+'", "'-'",
  "'*'", "'/'", "'.'", "character", "template hole",
];

/** A comment seen by the lexer, before attachment. */
export interface RawComment {
  readonly kind: "line" | "block" | "doc";
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** Newlines between the previous token or comment and this comment. */
  readonly nl: number;
  /** Whether a blank line (two newlines in one whitespace run) precedes this comment. */
  readonly blank: boolean;
}

/**
 * nixfmt's `convertTrivia` (Lexer.hs): a line comment at the end of a line is a leading comment
 * after all when it lines up with a line comment on the next line, or with the next token right
 * below it (one line break between). `cs` are the comments before the token starting at `next`.
 */
export function linesUpBelow(src: string, cs: readonly RawComment[], next: number): boolean {
  const c = cs[0]!;
  if (c.kind !== "line") return false;
  const at = column(src, c.start);
  const below = cs[1];
  if (below !== undefined) return below.kind === "line" && below.nl === 1 && column(src, below.start) === at;
  return column(src, next) === at && /^[ \t]*(\r\n|\n|\r)[ \t]*$/.test(src.slice(c.end, next));
}

/**
 * Whether a comment right after a token, on its line, can be that token's trailing comment: a line
 * comment or a one-line block comment. A multi-line or doc comment there leads what follows (as
 * nixfmt reads trivia: Lexer.hs `isTrailing`). Nor does a language annotation (marked by the
 * formatter), which stays with the string after it (`inherit /* c0 *\/ "";` read it as the keyword's
 * comment, where its own line gave it to the string: found by the comments property, seed 731).
 */
export function canTrail(c: { readonly kind: RawComment["kind"]; readonly text: string }): boolean {
  return c.kind === "line" || (c.kind === "block" && !/[\r\n]/.test(c.text) && !c.text.startsWith(LANGUAGE_MARK));
}

function column(src: string, offset: number): number {
  return offset - src.lastIndexOf("\n", offset - 1) - 1;
}

/** One token. `v` holds the decoded value of literals and string pieces. */
export class Token {
  constructor(
    /** Kind, one of the `T_*` constants. */
    public k: number,
    /** Start offset (inclusive). */
    public s: number,
    /** End offset (exclusive). */
    public e: number,
    /** Value: identifier or text (string), int (bigint), float (number), hole index (number). */
    public v: string | bigint | number | null,
    /** Comments between the previous token and this one, or null. */
    public c: RawComment[] | null,
    /** A blank line in the whitespace right before this token (after its last comment). */
    public blank: boolean,
    /** For indented-string text: whether it is plain text (takes part in indentation). */
    public ind: boolean,
  ) {}
}

const M_DEFAULT = 0;
const M_STRING = 1;
const M_IND = 2;
const M_INPATH = 3;
const M_INPATH_SLASH = 4;

// Character classes as lookup tables over the ASCII range.
const PATH_CHAR = new Uint8Array(128);
const ID_START = new Uint8Array(128);
const ID_CHAR = new Uint8Array(128);
const URI_SCHEME = new Uint8Array(128);
const URI_CHAR = new Uint8Array(128);
const DIGIT = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  const alpha = /[a-zA-Z]/.test(ch);
  const digit = /[0-9]/.test(ch);
  DIGIT[c] = digit ? 1 : 0;
  PATH_CHAR[c] = alpha || digit || "._-+".includes(ch) ? 1 : 0;
  ID_START[c] = alpha || ch === "_" ? 1 : 0;
  ID_CHAR[c] = alpha || digit || "_'-".includes(ch) ? 1 : 0;
  URI_SCHEME[c] = alpha || digit || "+-.".includes(ch) ? 1 : 0;
  URI_CHAR[c] = alpha || digit || "%/?:@&=+$,-_.!~*'".includes(ch) ? 1 : 0;
}

const isPathChar = (c: number): boolean => c < 128 && PATH_CHAR[c] === 1;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** The keyword token of `src[p, p + n)`, or 0 (`T_EOF`) for an identifier; no substring is made. */
function keyword(src: string, p: number, n: number): number {
  const c = src.charCodeAt(p);
  switch (n) {
    case 2:
      if (c === 105) {
        const d = src.charCodeAt(p + 1);
        return d === 102 ? T_IF : d === 110 ? T_IN : 0; // if, in
      }
      return c === 111 && src.charCodeAt(p + 1) === 114 ? T_OR_KW : 0; // or
    case 3:
      if (c === 108) return src.startsWith("let", p) ? T_LET : 0;
      if (c === 114) return src.startsWith("rec", p) ? T_REC : 0;
      return 0;
    case 4:
      if (c === 116) return src.startsWith("then", p) ? T_THEN : 0;
      if (c === 101) return src.startsWith("else", p) ? T_ELSE : 0;
      if (c === 119) return src.startsWith("with", p) ? T_WITH : 0;
      return 0;
    case 6:
      return c === 97 && src.startsWith("assert", p) ? T_ASSERT : 0;
    case 7:
      return c === 105 && src.startsWith("inherit", p) ? T_INHERIT : 0;
    default:
      return 0;
  }
}

/** Single-character tokens of the default state. */
const SINGLE = new Int8Array(128).fill(-1);
SINGLE[40] = T_LPAREN;
SINGLE[41] = T_RPAREN;
SINGLE[91] = T_LBRACKET;
SINGLE[93] = T_RBRACKET;
SINGLE[59] = T_SEMI;
SINGLE[58] = T_COLON;
SINGLE[44] = T_COMMA;
SINGLE[64] = T_AT;
SINGLE[61] = T_ASSIGN;
SINGLE[63] = T_QUESTION;
SINGLE[60] = T_LT;
SINGLE[62] = T_GT;
SINGLE[33] = T_NOT;
SINGLE[43] = T_PLUS;
SINGLE[45] = T_MINUS;
SINGLE[42] = T_STAR;
SINGLE[47] = T_SLASH;
SINGLE[46] = T_DOT;

/**
 * Largest size of the identifier cache (a power of two). Small sources get a smaller one: the cache
 * is made per source, and most files are small.
 */
const NAME_SLOTS = 512;

/** Options of the lexer. */
export interface LexerOptions {
  readonly file?: string | undefined;
  /** Template mode: a NUL character is a hole (see `template.ts`). */
  readonly holes?: boolean;
  /** Refuse integer literals above 2^63−1, as Nix's lexer does (default true). */
  readonly intRange?: boolean;
}

/**
 * The lexer. Call {@link Lexer.next} repeatedly; it returns `T_EOF` forever at the end.
 */
export class Lexer {
  private pos = 0;
  private readonly modes: number[] = [M_DEFAULT];
  private holeCount = 0;
  private pathRunEnd = -1;
  private schemeRunEnd = -1;
  private readonly len: number;
  private readonly holes: boolean;
  /** The identifier cache (see `name`): the slot mask (slot count minus one) and the names. */
  private readonly nameMask: number;
  private readonly names: (string | undefined)[];
  /** For each cached name: where it occurs in `src` and its length (0: empty slot), in pairs. */
  private readonly nameRef: number[];
  /** The offset of the next CR at or after the last line comment (`len` when none). */
  private nextCR = -1;

  constructor(
    readonly src: string,
    private readonly opts: LexerOptions = {},
  ) {
    this.len = src.length;
    this.holes = opts.holes === true;
    let slots = 32;
    while (slots < NAME_SLOTS && slots * 16 < src.length) slots *= 2;
    this.nameMask = slots - 1;
    this.names = new Array<string | undefined>(slots);
    this.nameRef = new Array<number>(2 * slots).fill(0);
  }

  private fail(offset: number, reason: string, unexpected: string): never {
    throw errorAt(this.src, offset, this.opts.file, unexpected, [], reason);
  }

  private get mode(): number {
    return this.modes[this.modes.length - 1]!;
  }

  private setMode(m: number): void {
    this.modes[this.modes.length - 1] = m;
  }

  /** Returns the next token. */
  next(): Token {
    switch (this.mode) {
      case M_STRING:
        return this.lexString();
      case M_IND:
        return this.lexInd();
      case M_INPATH:
      case M_INPATH_SLASH:
        return this.lexInPath();
      default:
        return this.lexDefault();
    }
  }

  private lexDefault(): Token {
    const src = this.src;
    const len = this.len;
    let p = this.pos;
    let comments: RawComment[] | null = null;
    let nl = 0;
    let blank = false;
    // Trivia: whitespace and comments.
    for (;;) {
      const c = src.charCodeAt(p);
      if (c === 32 || c === 9) {
        p++;
        // Indentation: a tight loop over the run of spaces.
        while (src.charCodeAt(p) === 32) p++;
      } else if (c === 10 || c === 13) {
        // A CR LF pair counts as one newline; a lone CR as one too.
        if (c === 13 && src.charCodeAt(p + 1) === 10) p++;
        p++;
        nl++;
        if (nl >= 2) blank = true;
      } else if (c === 35) {
        // # line comment, up to (not including) CR or LF: found by `indexOf` (CRs are rare, so
        // the next one is remembered rather than searched for at every comment).
        let q = src.indexOf("\n", p + 1);
        if (q < 0) q = len;
        if (this.nextCR < p) {
          const r = src.indexOf("\r", p);
          this.nextCR = r < 0 ? len : r;
        }
        if (this.nextCR < q) q = this.nextCR;
        (comments ??= []).push({ kind: "line", text: src.slice(p + 1, q), start: p, end: q, nl, blank });
        nl = 0;
        blank = false;
        p = q;
      } else if (c === 47 && src.charCodeAt(p + 1) === 42) {
        const close = src.indexOf("*/", p + 2);
        if (close < 0) this.fail(p, "unterminated comment", "'/*'");
        const inner = src.slice(p + 2, close);
        const doc = inner.length > 0 && inner.charCodeAt(0) === 42;
        (comments ??= []).push({
          kind: doc ? "doc" : "block",
          text: doc ? inner.slice(1) : inner,
          start: p,
          end: close + 2,
          nl,
          blank,
        });
        nl = 0;
        blank = false;
        p = close + 2;
      } else break;
    }
    this.pos = p;
    const t = this.lexDefaultToken(p);
    t.c = comments;
    t.blank = blank;
    return t;
  }

  /**
   * The identifier `src[p, q)` (hash `h`): names repeat, so the last string made for each hash slot
   * is reused, which saves an allocation and keeps one copy alive in the tree instead of many.
   */
  private name(p: number, q: number, h: number): string {
    const slot = h & this.nameMask;
    const src = this.src;
    const n = q - p;
    const ref = this.nameRef;
    if (ref[2 * slot + 1] === n) {
      // Compared with its first occurrence in `src`, not with the cached string: slices come in
      // several string representations, which made property loads on them megamorphic.
      const at = ref[2 * slot]!;
      let i = 0;
      while (i < n && src.charCodeAt(at + i) === src.charCodeAt(p + i)) i++;
      if (i === n) return this.names[slot]!;
    }
    const made = src.slice(p, q);
    this.names[slot] = made;
    ref[2 * slot] = p;
    ref[2 * slot + 1] = n;
    return made;
  }

  private tok(k: number, s: number, e: number, v: string | bigint | number | null = null): Token {
    this.pos = e;
    return new Token(k, s, e, v, null, false, false);
  }

  /** Longest-match among the default-state rules at `p` (trivia already skipped). */
  private lexDefaultToken(p: number): Token {
    const src = this.src;
    if (p >= this.len) return this.tok(T_EOF, p, p);
    const c = src.charCodeAt(p);
    const c1 = src.charCodeAt(p + 1);
    // Fast path, before the switch (no identifier matches its cases, and its sparse cases compile
    // to a chain of comparisons that the most common token would go through): an identifier not
    // followed by one of `. + / :` is neither a path nor a URI (a path or scheme run stops inside
    // it only at `_` or `'`, where no `/` or `:` can be), so it is an identifier or a keyword
    // without the longest-match scans below.
    if (c < 128 && ID_START[c] === 1) {
      let q = p + 1;
      let h = c;
      for (;;) {
        const d = src.charCodeAt(q);
        if (d < 128 && ID_CHAR[d] === 1) {
          h = (h * 31 + d) | 0;
          q++;
        } else break;
      }
      const d = src.charCodeAt(q);
      let plain = d !== 46 && d !== 43 && d !== 47 && d !== 58;
      if (!plain && (d === 46 || d === 43)) {
        // `lib.foo`, `a+b`: a path needs a `/` after the run of path characters, and a URI a `:`
        // where its scheme run stops (at the path run's end at the latest, as scheme characters
        // are path characters; at `_` or `'` earlier, where `:` cannot be). Neither: an identifier.
        let r: number;
        if (p < this.pathRunEnd) r = this.pathRunEnd;
        else {
          // From `p`: an identifier's `'` ends the run (and then neither can follow).
          r = p + 1;
          while (isPathChar(src.charCodeAt(r))) r++;
          this.pathRunEnd = r;
        }
        const e = src.charCodeAt(r);
        plain = e !== 47 && e !== 58;
      }
      if (plain) {
        const kw = keyword(src, p, q - p);
        if (kw !== 0) return this.tok(kw, p, q);
        return this.tok(T_ID, p, q, this.name(p, q, h));
      }
    }
    switch (c) {
      case 123: // {
        this.modes.push(M_DEFAULT);
        return this.tok(T_LBRACE, p, p + 1);
      case 125: // }
        if (this.modes.length > 1) this.modes.pop();
        return this.tok(T_RBRACE, p, p + 1);
      case 34: // "
        this.modes.push(M_STRING);
        return this.tok(T_DQUOTE, p, p + 1);
      case 36: // $
        if (c1 === 123) {
          this.modes.push(M_DEFAULT);
          return this.tok(T_DOLLAR_CURLY, p, p + 2);
        }
        return this.tok(T_CHAR, p, p + 1);
      case 39: // '
        if (c1 === 39) {
          // '' followed by spaces and a newline: those are part of the opening.
          let q = p + 2;
          while (src.charCodeAt(q) === 32) q++;
          const e = src.charCodeAt(q) === 10 ? q + 1 : p + 2;
          this.modes.push(M_IND);
          return this.tok(T_IND_OPEN, p, e);
        }
        return this.tok(T_CHAR, p, p + 1);
      case 0:
        if (this.holes) return this.tok(T_HOLE, p, p + 1, this.holeCount++);
        return this.tok(T_CHAR, p, p + 1);
      case 61: // =
        if (c1 === 61) return this.tok(T_EQ, p, p + 2);
        return this.tok(T_ASSIGN, p, p + 1);
      case 33: // !
        if (c1 === 61) return this.tok(T_NEQ, p, p + 2);
        return this.tok(T_NOT, p, p + 1);
      case 38: // &
        if (c1 === 38) return this.tok(T_AND, p, p + 2);
        return this.tok(T_CHAR, p, p + 1);
      case 124: // |
        if (c1 === 124) return this.tok(T_OR, p, p + 2);
        if (c1 === 62) return this.tok(T_PIPE_INTO, p, p + 2);
        return this.tok(T_CHAR, p, p + 1);
      case 62: // >
        if (c1 === 61) return this.tok(T_GEQ, p, p + 2);
        return this.tok(T_GT, p, p + 1);
      case 60: {
        // <  : <=, <|, search path <a/b>
        if (c1 === 61) return this.tok(T_LEQ, p, p + 2);
        if (c1 === 124) return this.tok(T_PIPE_FROM, p, p + 2);
        let q = p + 1;
        if (isPathChar(c1)) {
          for (;;) {
            while (isPathChar(src.charCodeAt(q))) q++;
            if (src.charCodeAt(q) === 47 && isPathChar(src.charCodeAt(q + 1))) {
              q++;
              continue;
            }
            break;
          }
          if (src.charCodeAt(q) === 62) return this.tok(T_SPATH, p, q + 1, src.slice(p + 1, q));
        }
        return this.tok(T_LT, p, p + 1);
      }
      // Punctuation that starts no longer token (no path, number or URI): no longest-match scan.
      case 59: // ;
      case 40: // (
      case 41: // )
      case 91: // [
      case 93: // ]
      case 44: // ,
      case 58: // :
      case 63: // ?
      case 64: // @
        return this.tok(SINGLE[c]!, p, p + 1);
      case 126: {
        // ~ : home path
        if (c1 === 47) {
          if (src.charCodeAt(p + 2) === 36 && src.charCodeAt(p + 3) === 123) {
            this.modes.push(M_INPATH_SLASH);
            return this.tok(T_HPATH, p, p + 2, "~/");
          }
          if (this.holes && src.charCodeAt(p + 2) === 0) {
            this.modes.push(M_INPATH_SLASH);
            return this.tok(T_HPATH, p, p + 2, "~/");
          }
          const e = this.scanPathSegments(p + 1);
          if (e > p + 1) return this.pathToken(T_HPATH, p, e);
        }
        return this.tok(T_CHAR, p, p + 1);
      }
      default:
        break;
    }
    // Everything else may start an identifier, number, path, URI or operator: longest match wins.
    const pathEnd = this.scanPath(p);
    if (pathEnd < 0) {
      // {PATH_SEG}${ : a path whose first segment is followed by an interpolation.
      const segEnd = -pathEnd;
      this.modes.push(M_INPATH_SLASH);
      return this.tok(T_PATH, p, segEnd, src.slice(p, segEnd));
    }
    let best = pathEnd; // 0 when no path
    let kind = best > 0 ? T_PATH : -1;
    if (c < 128 && ID_START[c] === 1) {
      let q = p + 1;
      while (true) {
        const d = src.charCodeAt(q);
        if (d < 128 && ID_CHAR[d] === 1) q++;
        else break;
      }
      if (q > best) {
        best = q;
        kind = T_ID;
      }
      // URI: scheme ':' chars+ (the end of a scheme run is remembered, as for paths)
      let s: number;
      if (c === 95) s = p; // `_` cannot start a scheme
      else if (p < this.schemeRunEnd) s = this.schemeRunEnd;
      else {
        s = p + 1;
        while (true) {
          const d = src.charCodeAt(s);
          if (d < 128 && URI_SCHEME[d] === 1) s++;
          else break;
        }
        this.schemeRunEnd = s;
      }
      if (src.charCodeAt(s) === 58) {
        let u = s + 1;
        while (true) {
          const d = src.charCodeAt(u);
          if (d < 128 && URI_CHAR[d] === 1) u++;
          else break;
        }
        if (u > s + 1 && u > best) {
          best = u;
          kind = T_URI;
        }
      }
    } else if (isDigit(c) || (c === 46 && isDigit(c1))) {
      // INT and FLOAT
      let q = p;
      while (isDigit(src.charCodeAt(q))) q++;
      const intEnd = q > p ? q : -1;
      let floatEnd = -1;
      if (c === 46) {
        // .[0-9]+
        q = p + 1;
        while (isDigit(src.charCodeAt(q))) q++;
        floatEnd = q;
      } else if (c !== 48 && src.charCodeAt(q) === 46) {
        // [1-9][0-9]*\.[0-9]*
        q++;
        while (isDigit(src.charCodeAt(q))) q++;
        floatEnd = q;
      } else if (c === 48 && q === p + 1 && src.charCodeAt(q) === 46 && isDigit(src.charCodeAt(q + 1))) {
        // 0\.[0-9]+
        q += 2;
        while (isDigit(src.charCodeAt(q))) q++;
        floatEnd = q;
      }
      if (floatEnd > 0) {
        // exponent
        const e = src.charCodeAt(floatEnd);
        if (e === 101 || e === 69) {
          let r = floatEnd + 1;
          const sg = src.charCodeAt(r);
          if (sg === 43 || sg === 45) r++;
          if (isDigit(src.charCodeAt(r))) {
            while (isDigit(src.charCodeAt(r))) r++;
            floatEnd = r;
          }
        }
      }
      if (floatEnd > best) {
        best = floatEnd;
        kind = T_FLOAT;
      }
      if (intEnd > best) {
        best = intEnd;
        kind = T_INT;
      }
    }
    // Operators and the ellipsis (their lengths are at most 3).
    let opKind = -1;
    let opLen = 0;
    switch (c) {
      case 46: // .
        if (c1 === 46 && src.charCodeAt(p + 2) === 46) {
          opKind = T_ELLIPSIS;
          opLen = 3;
        } else {
          opKind = T_DOT;
          opLen = 1;
        }
        break;
      case 45: // -
        if (c1 === 62) {
          opKind = T_IMPL;
          opLen = 2;
        } else {
          opKind = T_MINUS;
          opLen = 1;
        }
        break;
      case 43: // +
        if (c1 === 43) {
          opKind = T_CONCAT;
          opLen = 2;
        } else {
          opKind = T_PLUS;
          opLen = 1;
        }
        break;
      case 47: // /
        if (c1 === 47) {
          opKind = T_UPDATE;
          opLen = 2;
        } else {
          opKind = T_SLASH;
          opLen = 1;
        }
        break;
      default:
        if (c < 128 && SINGLE[c]! >= 0) {
          opKind = SINGLE[c]!;
          opLen = 1;
        }
    }
    // Rule order: keywords and operators come before ID, INT, FLOAT, PATH, URI in lexer.l, so they
    // win ties; longer matches win otherwise.
    if (opKind >= 0 && p + opLen >= best) return this.tok(opKind, p, p + opLen);
    if (kind === T_ID) {
      const kw = keyword(src, p, best - p);
      if (kw !== 0) return this.tok(kw, p, best);
      // The hash of the fast path, for the same cache (`lib` in `lib.foo` is a name too).
      let h = c;
      for (let i = p + 1; i < best; i++) h = (h * 31 + src.charCodeAt(i)) | 0;
      return this.tok(T_ID, p, best, this.name(p, best, h));
    }
    if (kind === T_PATH) return this.pathToken(T_PATH, p, best);
    if (kind === T_URI) return this.tok(T_URI, p, best, src.slice(p, best));
    if (kind === T_INT) return this.intToken(p, best);
    if (kind === T_FLOAT) return this.floatToken(p, best);
    if (opKind >= 0) return this.tok(opKind, p, p + opLen);
    return this.tok(T_CHAR, p, p + 1);
  }

  /**
   * From `p`, scans `/seg` repetitions (`(\/{PATH_CHAR}+)+`) and an optional trailing slash;
   * returns the end, or `p` when there is no segment.
   */
  private scanPathSegments(p: number): number {
    const src = this.src;
    let q = p;
    let segs = 0;
    while (src.charCodeAt(q) === 47 && isPathChar(src.charCodeAt(q + 1))) {
      q += 2;
      while (isPathChar(src.charCodeAt(q))) q++;
      segs++;
    }
    if (segs === 0) return p;
    if (src.charCodeAt(q) === 47) q++;
    return q;
  }

  /**
   * Matches `{PATH}` at `p`: returns its end, 0 when there is none, or `-end` when
   * `{PATH_SEG}\$\{` matches (the segment including its slash ends at `end`).
   */
  private scanPath(p: number): number {
    const src = this.src;
    let q: number;
    // Any suffix of a run of path characters ends where the run ends: remembering it keeps
    // `a.b.c.…` and `---…-1` linear.
    if (p < this.pathRunEnd) q = this.pathRunEnd;
    else {
      q = p;
      while (isPathChar(src.charCodeAt(q))) q++;
      this.pathRunEnd = q;
    }
    if (src.charCodeAt(q) !== 47) return 0;
    const n = src.charCodeAt(q + 1);
    if (n === 36 && src.charCodeAt(q + 2) === 123) return -(q + 1);
    if (n === 0 && this.holes) return -(q + 1);
    const e = this.scanPathSegments(q);
    return e > q ? e : 0;
  }

  private pathToken(kind: number, s: number, e: number): Token {
    this.modes.push(this.src.charCodeAt(e - 1) === 47 ? M_INPATH_SLASH : M_INPATH);
    return this.tok(kind, s, e, this.src.slice(s, e));
  }

  private intToken(s: number, e: number): Token {
    const text = this.src.slice(s, e);
    const v = BigInt(text);
    if (v > INT64_MAX && this.opts.intRange !== false) this.fail(s, `invalid integer '${text}'`, `'${text}'`);
    return this.tok(T_INT, s, e, v);
  }

  private floatToken(s: number, e: number): Token {
    const text = this.src.slice(s, e);
    // strtod accepts "1." and ".5" as JS Number() does.
    const v = Number(text);
    const bad = strtodRefuses(text, v);
    if (bad) this.fail(s, `invalid float '${text}'`, `'${text}'`);
    return this.tok(T_FLOAT, s, e, v);
  }

  // --- double-quoted strings -------------------------------------------------------------------

  private lexString(): Token {
    const src = this.src;
    const len = this.len;
    const p = this.pos;
    if (p >= len) return this.tok(T_EOF, p, p);
    const c = src.charCodeAt(p);
    if (c === 34) {
      this.modes.pop();
      return this.tok(T_DQUOTE_END, p, p + 1);
    }
    if (c === 36 && src.charCodeAt(p + 1) === 123) {
      this.modes.push(M_DEFAULT);
      return this.tok(T_DOLLAR_CURLY, p, p + 2);
    }
    if (c === 0 && this.holes) return this.tok(T_HOLE, p, p + 1, this.holeCount++);
    // A run of text units: [^$"\\] | $[^{"\\] | \\ANY | $\\ANY, or a lone $ before ".
    let q = p;
    let out = "";
    let chunk = q;
    for (;;) {
      if (q >= len) break;
      const d = src.charCodeAt(q);
      if (d === 34) break;
      if (d === 0) {
        if (this.holes) break;
        this.fail(q, "a NUL character cannot appear in Nix source", "character U+0000");
      }
      if (d === 92) {
        if (q + 1 >= len) break;
        out += src.slice(chunk, q) + unescapeChar(src.charCodeAt(q + 1));
        q += 2;
        chunk = q;
        continue;
      }
      if (d === 36) {
        const n = src.charCodeAt(q + 1);
        if (n === 123) break;
        if (n === 34) {
          q++; // $ right before the closing quote
          break;
        }
        if (q + 1 >= len) break;
        if (n === 92) {
          if (q + 2 >= len) break;
          out += src.slice(chunk, q) + "$" + unescapeChar(src.charCodeAt(q + 2));
          q += 3;
          chunk = q;
          continue;
        }
        if (this.holes && n === 0) {
          q++;
          continue;
        }
        // $ followed by another char: both are text (the second may be a CR, handled below).
        q++;
        if (n === 13) continue;
        q++;
        continue;
      }
      if (d === 13) {
        // CR and CR LF become LF.
        out += src.slice(chunk, q) + "\n";
        q += src.charCodeAt(q + 1) === 10 ? 2 : 1;
        chunk = q;
        continue;
      }
      q++;
    }
    if (q === p) {
      // A lone $ or \ at the end of input: Nix's lexer returns end of file here.
      return this.tok(T_EOF, p, p);
    }
    out += src.slice(chunk, q);
    return this.tok(T_STR, p, q, out);
  }

  // --- indented strings ---------------------------------------------------------------------------

  private lexInd(): Token {
    const src = this.src;
    const len = this.len;
    const p = this.pos;
    if (p >= len) return this.tok(T_EOF, p, p);
    const c = src.charCodeAt(p);
    const c1 = src.charCodeAt(p + 1);
    if (c === 39) {
      if (c1 === 39) {
        const c2 = src.charCodeAt(p + 2);
        if (c2 === 36) return this.escTok(p, p + 3, "$");
        if (c2 === 39) return this.escTok(p, p + 3, "''");
        if (c2 === 92 && p + 3 < len) {
          return this.escTok(p, p + 4, unescapeIndChar(src.charCodeAt(p + 3)));
        }
        this.modes.pop();
        return this.tok(T_IND_CLOSE, p, p + 2);
      }
      if (c1 === 36 || p + 1 >= len) return this.escTok(p, p + 1, "'");
    } else if (c === 36) {
      if (c1 === 123) {
        this.modes.push(M_DEFAULT);
        return this.tok(T_DOLLAR_CURLY, p, p + 2);
      }
      if (c1 === 39 || p + 1 >= len) return this.escTok(p, p + 1, "$");
    } else if (c === 0 && this.holes) {
      return this.tok(T_HOLE, p, p + 1, this.holeCount++);
    }
    // A run of units: [^$'] | $[^{'] | '[^'$]
    let q = p;
    for (;;) {
      if (q >= len) break;
      const d = src.charCodeAt(q);
      if (d === 0) {
        if (this.holes) break;
        this.fail(q, "a NUL character cannot appear in Nix source", "character U+0000");
      }
      if (d === 36 || d === 39) {
        const n = src.charCodeAt(q + 1);
        if (q + 1 >= len) break;
        if (d === 36 ? n === 123 || n === 39 : n === 39 || n === 36) break;
        if (n === 0 && this.holes) break;
        q += 2;
        continue;
      }
      q++;
    }
    const t = this.tok(T_IND_STR, p, q, src.slice(p, q));
    t.ind = true;
    return t;
  }

  private escTok(s: number, e: number, v: string): Token {
    return this.tok(T_IND_STR, s, e, v);
  }

  // --- paths after their first token -------------------------------------------------------------

  private lexInPath(): Token {
    const src = this.src;
    const p = this.pos;
    const c = src.charCodeAt(p);
    if ((c === 36 && src.charCodeAt(p + 1) === 123) || (c === 0 && this.holes && p < this.len)) {
      this.setMode(M_INPATH);
      if (c === 0) return this.tok(T_HOLE, p, p + 1, this.holeCount++);
      this.modes.push(M_DEFAULT);
      return this.tok(T_DOLLAR_CURLY, p, p + 2);
    }
    // {PATH} | {PATH_SEG} | {PATH_CHAR}+, longest.
    let q = p;
    while (isPathChar(src.charCodeAt(q))) q++;
    let e = q;
    if (src.charCodeAt(q) === 47) {
      e = this.scanPathSegments(q);
      if (e === q) e = q + 1; // PATH_SEG: chars and one slash
    }
    if (e > p) {
      this.setMode(src.charCodeAt(e - 1) === 47 ? M_INPATH_SLASH : M_INPATH);
      return this.tok(T_STR, p, e, src.slice(p, e));
    }
    if (this.mode === M_INPATH_SLASH) this.fail(p, "path has a trailing slash", describeChar(src, p));
    this.modes.pop();
    return this.tok(T_PATH_END, p, p);
  }
}

/** `\X` in a double-quoted string. */
function unescapeChar(c: number): string {
  if (c === 110) return "\n";
  if (c === 114) return "\r";
  if (c === 116) return "\t";
  return String.fromCharCode(c);
}

/** `''\X` in an indented string. */
function unescapeIndChar(c: number): string {
  return unescapeChar(c);
}

/** Describes the character at `p` for an error message. */
export function describeChar(src: string, p: number): string {
  if (p >= src.length) return "end of file";
  const c = src.codePointAt(p)!;
  if (c < 32 || c === 127) return `character U+${c.toString(16).toUpperCase().padStart(4, "0")}`;
  return `'${String.fromCodePoint(c)}'`;
}
