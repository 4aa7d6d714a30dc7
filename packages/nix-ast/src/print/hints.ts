/**
 * The layout hints the printer accepts: the author's choices that nixfmt keeps (blank lines, line
 * breaks inside brackets, where comments sit). The printer defines what it asks; the formatter
 * (`format/source-facts.ts`) answers from the source text. A tree built in code has no hints and
 * prints as generated code.
 *
 * Every question is asked of a node's `span` (source offsets); nodes without spans get the
 * answers of generated code.
 *
 * @module
 */
import type { Comment, Expr, IndStr, Inherit, Lambda } from "../ast/nodes.js";

/** Where a comment sits in the source. */
export interface CommentInfo {
  /** A blank line precedes the comment. */
  readonly blank: boolean;
  /** The comment sits on the line of the token before it (nixfmt's trailing comment). */
  readonly sameLine: boolean;
  /** The 0-based column where the comment starts (nixfmt re-indents block comments by it). */
  readonly column: number;
  /** The comment's text, as the tree holds it: which comment this is. */
  readonly text: string;
}

/** What the printer may ask about the source a tree was parsed from. */
export interface LayoutHints {
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
   * operator to the next expression). Null when the source does not have that many comments there.
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
  /**
   * For the `"…"` string opening at `offset`: the source text of its text runs as written (escapes
   * kept), one more than it has interpolations; null if no string opens there. For a `''…''`
   * string: the text runs of the `"…"` nixfmt writes it as, or null when it stays indented.
   */
  strSegments(offset: number): readonly string[] | null;
  /**
   * For a `''…''` string that stays indented: its lines as nixfmt prints them, from the source
   * text (escapes as written, the common indentation removed: Parser.hs `fixIndentedString`),
   * text runs and the indices of its interpolations; null when the source does not say, or when
   * those lines would not read back as the string's value.
   */
  indStrLines(e: IndStr): readonly (readonly (string | number)[])[] | null;
  /**
   * For a `''…''` string that a disabled region (`/*nixfmt:disable*\/` … `/*nixfmt:enable*\/`)
   * enters or leaves through one of its interpolations: the indentation its lines had in common,
   * which the printer puts back so that every line keeps its source columns (the region's own
   * lines are reproduced as written); null for any other string.
   */
  indStrCut(e: IndStr): string | null;
  /** Whether the token before `offset` is a `${` (e.g. an attribute name written `${"a"}`). */
  afterInterpolationOpen(offset: number): boolean;
  /** Whether the token at `offset` is a prefix `-` or `!` (not a path such as `-/a`). */
  unaryAt(offset: number): boolean;
  /** Whether a blank line precedes the first token at or after `offset` (e.g. the `}` closing `${`). */
  blankBeforeNext(offset: number): boolean;
  /** Whether a blank line separates the last token before `offset` from the comments before it (a leading `,`). */
  blankAfterPreviousComments(offset: number): boolean;
  /** Whether a blank line precedes the last token before `offset` (e.g. the `in` before a let body). */
  blankBeforePrevious(offset: number): boolean;
  /** The source text between two offsets (a literal's token as written). */
  text(start: number, end: number): string;
  /** For a list or attribute set: whether its brackets are on different lines. */
  bracketsBroken(e: Expr): boolean;
  /** For `inherit`: whether the keyword and the `;` are on different lines. */
  inheritBroken(b: Inherit): boolean;
  /**
   * For `inherit`: each name as the source spells it (`x`, `"x"`, `${"x"}`), which nixfmt keeps;
   * null for a name with comments inside or another form inside `${…}`, or when the source does not say.
   */
  inheritNames(b: Inherit): readonly (string | null)[] | null;
  /**
   * For `inherit`: the offset of the token that ends each gap (each name's first token, then the
   * `;`), where its comments are looked up; null when the source does not say.
   */
  inheritGaps(b: Inherit): readonly number[] | null;
  /**
   * For a lambda with a set pattern: whether the pattern's braces are on different lines (in
   * --strict: whether a blank line sits before one of its names, commas, `...` or its `}`).
   */
  formalsBroken(l: Lambda): boolean;
  /** For a lambda with a set pattern: whether a blank line sits right before its `}` (that token's trivia). */
  blankBeforePatternClose(l: Lambda): boolean;
  /** For a lambda: whether the body starts on a later line than the `:`. */
  bodyOnNextLine(l: Lambda): boolean;
  /**
   * For a lambda with a set pattern: the trivia of each of the pattern's tokens, as nixfmt's lexer
   * splits it; null when the source does not say.
   */
  patternTrivia(l: Lambda): PatternTrivia | null;
}

/**
 * What is written before a token, split as nixfmt's lexer splits it (Lexer.hs `convertTrivia`):
 * the comments on the previous token's line (that token's trailing comment, their texts joined),
 * and the others, each with whether a blank line precedes it and its column.
 */
export interface TokenTrivia {
  readonly trailing: readonly Comment[];
  readonly leading: readonly { readonly comment: Comment; readonly blank: boolean; readonly column: number }[];
  /** A blank line after the last comment (with no comments: before the token). */
  readonly blankAfter: boolean;
}

/** The trivia before each token of a set pattern `{ a ? d, b, ... }` (see {@link TokenTrivia}). */
export interface PatternTrivia {
  /** The `{` (its comments come after the `@` of `name@{ … }`). */
  readonly open: TokenTrivia;
  /** The first token after `{` (a name, `...` or `}`): its trailing comments are the `{`'s. */
  readonly first: TokenTrivia;
  /** Per formal: its name, its `?` (with a default), and the token after it (`,` or `}`). */
  readonly formals: readonly {
    readonly name: TokenTrivia;
    readonly question: TokenTrivia | null;
    readonly after: TokenTrivia;
    readonly comma: boolean;
  }[];
  /** The `...`, and the `}`; `next` is the token after the `}` (its trailing comments are the `}`'s). */
  readonly ellipsis: TokenTrivia | null;
  readonly close: TokenTrivia;
  readonly next: TokenTrivia;
}
