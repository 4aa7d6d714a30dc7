/**
 * The typed Nix AST: one interface per construct of the Nix language.
 *
 * Every node is a plain, immutable, JSON-like object with a `type` discriminant. The table
 * {@link NODE_KINDS} is the single list of kinds: the zod schema (`schema.ts`), the printer and
 * the canonical renderer are checked against it at compile time, so adding a kind without
 * handling it everywhere is a type error.
 *
 * @module
 */

/** A comment attached to a node, binding, formal or list item. */
export interface Comment {
  /** `line` is `# …`, `block` is `/* … *\/`, `doc` is an RFC 145 doc comment `/** … *\/`. */
  readonly kind: "line" | "block" | "doc";
  /** The text without its delimiters (no `#`, no `/*`); may span lines for block/doc comments. */
  readonly text: string;
}

/**
 * Marks a language annotation: a block comment whose text is this mark and the language, written
 * `/* lang *\/` right before the string it precedes (nixfmt's `LanguageAnnotation` trivia). The
 * formatter marks them (format/trivia.ts; the parser keeps one on the string it precedes): whether a comment is one depends on what follows it.
 */
export const LANGUAGE_MARK = "\u0003";

/** Whether a comment is a language annotation (see {@link LANGUAGE_MARK}). */
export function isLanguageAnnotation(c: Comment): boolean {
  return c.kind === "block" && c.text.startsWith(LANGUAGE_MARK);
}

/** A comment's text as written: without the mark of a language annotation. */
export function commentText(c: Comment): string {
  return isLanguageAnnotation(c) ? c.text.slice(LANGUAGE_MARK.length) : c.text;
}

/**
 * Marks the text of a format directive (`/*nixfmt:disable*\/` or `/*nixfmt:enable*\/` alone on its
 * line), which the formatter replaces after printing (format/trivia.ts).
 */
export const DIRECTIVE_MARK = "\u0002";

/** A source position (1-based line and column, 0-based offset), filled by the parser. */
export interface Position {
  readonly line: number;
  readonly column: number;
  readonly offset: number;
}

/** A source span, filled by the parser. */
export interface Span {
  readonly start: Position;
  readonly end: Position;
  readonly file?: string;
}

/** A span's start offset (a parsed span answers without computing a line and column). */
export function spanStart(span: Span): number {
  return (span as { startOffset?: number }).startOffset ?? span.start.offset;
}

/** A span's end offset (see {@link spanStart}). */
export function spanEnd(span: Span): number {
  return (span as { endOffset?: number }).endOffset ?? span.end.offset;
}

/** Fields every node may carry besides its own. */
export interface NodeBase {
  /** Comments printed on their own lines before the node. */
  readonly comments?: readonly Comment[];
  /** A comment printed after the node on the same line (for bindings and list items). */
  readonly trailing?: Comment;
  /** Where the node came from, when it was parsed. */
  readonly span?: Span;
  /** Set by the parser when a blank line preceded this item in a list or binding group. */
  readonly blankBefore?: boolean;
}

/** An integer literal; Nix ints are signed 64-bit. Negative values print as unary minus. */
export interface Int extends NodeBase {
  readonly type: "Int";
  readonly value: bigint;
}

/** A float literal. Negative values print as unary minus. */
export interface Float extends NodeBase {
  readonly type: "Float";
  readonly value: number;
}

/** A piece of a string, indented string or interpolated path: literal text or `${expr}`. */
export type StrPart = string | Expr;

/**
 * Merges adjacent text parts and drops empty ones, so that equal strings have equal parts: the
 * value is what counts, not where it was cut. Shared by the builders, the printer and the
 * canonical renderer.
 */
export function mergeTextParts(parts: readonly StrPart[]): StrPart[] {
  const out: StrPart[] = [];
  for (const p of parts) {
    if (typeof p === "string") {
      if (p === "") continue;
      const last = out.length - 1;
      if (last >= 0 && typeof out[last] === "string") out[last] = (out[last] as string) + p;
      else out.push(p);
    } else out.push(p);
  }
  return out;
}

/** A double-quoted string `"…"`; text parts hold the string's value, not its escaped source. */
export interface Str extends NodeBase {
  readonly type: "Str";
  readonly parts: readonly StrPart[];
  readonly interpolationComments?: InterpolationComments;
}

/**
 * Comments written on their own lines before the `}` of each interpolation of a string or path,
 * one entry per interpolation in order (null for one without); the parser fills it only when
 * there are some. Printed inside the braces, after the interpolated expression.
 */
export type InterpolationComments = readonly (readonly Comment[] | null)[];

/** An indented string `''…''`; text parts hold the value after indentation stripping. */
export interface IndStr extends NodeBase {
  readonly type: "IndStr";
  readonly parts: readonly StrPart[];
  readonly interpolationComments?: InterpolationComments;
}

/**
 * A path literal: `./a`, `../a`, `a/b`, `/a`, `~/a`, with `${}` interpolation (`./${x}.nix`).
 * Text parts are the literal source characters of the path.
 */
export interface Path extends NodeBase {
  readonly type: "Path";
  readonly parts: readonly StrPart[];
  readonly interpolationComments?: InterpolationComments;
}

/** A search path `<nixpkgs/lib>`; `path` is the text between the angle brackets. */
export interface SearchPath extends NodeBase {
  readonly type: "SearchPath";
  readonly path: string;
}

/** A URI literal `https://example.org/x` (deprecated in Nix, evaluates to a string). */
export interface Uri extends NodeBase {
  readonly type: "Uri";
  readonly value: string;
}

/** A variable reference; `true`, `false` and `null` are variables in Nix. */
export interface Var extends NodeBase {
  readonly type: "Var";
  readonly name: string;
}

/** The special `__curPos` expression. */
export interface CurPos extends NodeBase {
  readonly type: "CurPos";
}

/**
 * One element of an attribute path. A JS string is a static name (quoted on output only when it is
 * not an identifier); a {@link Str} node is a quoted name, dynamic when it interpolates; any other
 * expression is `${expr}`.
 */
export type AttrName = string | Expr;

/** `path = value;` in an attribute set or `let`. */
export interface Assign extends NodeBase {
  readonly type: "Assign";
  readonly path: readonly [AttrName, ...AttrName[]];
  /**
   * Comments written on their own lines before the `}` of each `${…}` name of `path`, one entry
   * per name (null for a name without, and for a static name); the parser fills it only when
   * there are some. Printed inside the braces, after the name's expression.
   */
  readonly pathComments?: InterpolationComments;
  readonly value: Expr;
  /**
   * Comments written between the value and the `;` (the parser fills it only when there are
   * some); printed before the `;`, which then starts its own line.
   */
  readonly beforeSemicolon?: readonly Comment[];
}

/** `inherit a "b";` or `inherit (from) a b;`. Names are static (no interpolation). */
export interface Inherit extends NodeBase {
  readonly type: "Inherit";
  readonly from?: Expr;
  readonly names: readonly string[];
  /**
   * Comments written inside the statement (the parser fills it only when there are some): entry
   * `i` is the gap before `names[i]`, one more last entry the gap before the `;`.
   */
  readonly gaps?: readonly InheritGap[];
}

/** The comments in one gap of an `inherit` statement: before a name, or before the `;`. */
export interface InheritGap {
  /** A comment on the line of the token before the gap (`inherit`, `(from)` or the previous name). */
  readonly trailing?: Comment;
  /** Comments on their own lines. */
  readonly comments?: readonly Comment[];
  /** A blank line in the gap, before its own-line comments (or before the name). */
  readonly blankBefore?: boolean;
}

/** A binding in an attribute set or `let`. */
export type Binding = Assign | Inherit;

/** An attribute set `{ … }` or `rec { … }`. */
export interface Attrs extends NodeBase {
  readonly type: "Attrs";
  readonly rec: boolean;
  readonly bindings: readonly Binding[];
}

/** A list `[ … ]`. */
export interface List extends NodeBase {
  readonly type: "List";
  readonly items: readonly Expr[];
}

/** `let … in body`. */
export interface Let extends NodeBase {
  readonly type: "Let";
  readonly bindings: readonly Binding[];
  readonly body: Expr;
}

/** The legacy `let { …; body = …; }`, equal to `(rec { … }).body`. */
export interface LegacyLet extends NodeBase {
  readonly type: "LegacyLet";
  readonly bindings: readonly Binding[];
}

/** `with env; body`. */
export interface With extends NodeBase {
  readonly type: "With";
  readonly env: Expr;
  readonly body: Expr;
}

/** `assert cond; body`. */
export interface Assert extends NodeBase {
  readonly type: "Assert";
  readonly cond: Expr;
  readonly body: Expr;
}

/** `if cond then then_ else else_`. */
export interface If extends NodeBase {
  readonly type: "If";
  readonly cond: Expr;
  readonly then: Expr;
  readonly else: Expr;
}

/** One formal of a set pattern: `name` or `name ? default`. */
export interface Formal {
  readonly name: string;
  readonly default?: Expr;
  readonly comments?: readonly Comment[];
  readonly span?: Span;
}

/** `x: body`. */
export interface IdentParam {
  readonly type: "IdentParam";
  readonly name: string;
}

/** `{ a, b ? d, ... }`, optionally bound with `@` before (`p@{ … }`) or after (`{ … }@p`). */
export interface FormalsParam {
  readonly type: "FormalsParam";
  readonly formals: readonly Formal[];
  readonly ellipsis: boolean;
  /** Comments before `...`, on their own lines (parsed code; only with `ellipsis`). */
  readonly ellipsisComments?: readonly Comment[];
  /** A comment after `...` on its line (parsed code). */
  readonly ellipsisTrailing?: Comment;
  readonly bind?: { readonly name: string; readonly position: "before" | "after" };
}

/** A lambda `param: body`. */
export interface Lambda extends NodeBase {
  readonly type: "Lambda";
  readonly param: IdentParam | FormalsParam;
  readonly body: Expr;
}

/** Function application `fn arg`; `f a b` is `Apply(Apply(f, a), b)`, as in Nix. */
export interface Apply extends NodeBase {
  readonly type: "Apply";
  readonly fn: Expr;
  readonly arg: Expr;
}

/** Selection `expr.a.b` with an optional `or default`. */
export interface Select extends NodeBase {
  readonly type: "Select";
  readonly expr: Expr;
  readonly path: readonly [AttrName, ...AttrName[]];
  /** As {@link Assign.pathComments}. */
  readonly pathComments?: InterpolationComments;
  readonly default?: Expr;
}

/** Attribute test `expr ? a.b`. */
export interface HasAttr extends NodeBase {
  readonly type: "HasAttr";
  readonly expr: Expr;
  readonly path: readonly [AttrName, ...AttrName[]];
  /** As {@link Assign.pathComments}. */
  readonly pathComments?: InterpolationComments;
}

/** Unary operators: arithmetic negation and boolean not. */
export type UnaryOp = "-" | "!";

/** `-e` or `!e`. */
export interface Unary extends NodeBase {
  readonly type: "Unary";
  readonly op: UnaryOp;
  readonly expr: Expr;
}

/** Every binary operator of Nix; the pipes `|>` `<|` need the printer's `pipes` option. */
export const BINARY_OPS = [
  "++",
  "*",
  "/",
  "+",
  "-",
  "//",
  "<",
  "<=",
  ">",
  ">=",
  "==",
  "!=",
  "&&",
  "||",
  "->",
  "|>",
  "<|",
] as const;

/** A binary operator. */
export type BinaryOp = (typeof BINARY_OPS)[number];

/** `left op right`. */
export interface Binary extends NodeBase {
  readonly type: "Binary";
  readonly op: BinaryOp;
  readonly left: Expr;
  readonly right: Expr;
}

/** Explicit parentheses the author wrote; the printer adds needed ones on its own. */
export interface Paren extends NodeBase {
  readonly type: "Paren";
  readonly expr: Expr;
  /**
   * Comments written on their own lines between the expression and `)` (the parser fills it only
   * when there are some); printed after the expression, inside the parentheses.
   */
  readonly beforeClose?: readonly Comment[];
}

/** Any Nix expression. */
export type Expr =
  | Int
  | Float
  | Str
  | IndStr
  | Path
  | SearchPath
  | Uri
  | Var
  | CurPos
  | Attrs
  | List
  | Let
  | LegacyLet
  | With
  | Assert
  | If
  | Lambda
  | Apply
  | Select
  | HasAttr
  | Unary
  | Binary
  | Paren;

/** The kind names of {@link Expr}, in one table. */
export const NODE_KINDS = [
  "Int",
  "Float",
  "Str",
  "IndStr",
  "Path",
  "SearchPath",
  "Uri",
  "Var",
  "CurPos",
  "Attrs",
  "List",
  "Let",
  "LegacyLet",
  "With",
  "Assert",
  "If",
  "Lambda",
  "Apply",
  "Select",
  "HasAttr",
  "Unary",
  "Binary",
  "Paren",
] as const satisfies readonly Expr["type"][];

/** A node kind name. */
export type NodeKind = (typeof NODE_KINDS)[number];

/** The node interface of a kind. */
export type NodeOf<K extends NodeKind> = Extract<Expr, { type: K }>;

// Compile-time proof that NODE_KINDS lists every member of Expr and nothing else.
type _MissingKinds = Exclude<Expr["type"], NodeKind>;
const _allKindsListed: [_MissingKinds] extends [never] ? true : false = true;
void _allKindsListed;

/** Whether a value is an AST expression node (by its `type` tag). */
export function isExpr(value: unknown): value is Expr {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { type?: unknown }).type === "string" &&
    (NODE_KINDS as readonly string[]).includes((value as { type: string }).type)
  );
}
