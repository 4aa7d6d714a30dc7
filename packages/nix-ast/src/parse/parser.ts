/**
 * The Nix parser: source text to the typed AST of `ast/nodes.ts`, following Nix 2.8's `parser.y`.
 *
 * Depth safety: every construct that nests (parentheses, lists, attribute sets, `${…}`, the keyword
 * forms) parses its inner expressions as *sub-parsers*: generator functions run by a trampoline
 * ({@link run}) that keeps them on an explicit heap stack, so 100,000 nested parentheses use no more
 * native stack than one. Operators are parsed by precedence climbing with an explicit operator
 * stack, and chains of `with`/`assert`/`let`/lambdas/`else` loop instead of recursing. The build
 * also makes this module's *direct twin* (`parser.direct.ts`, scripts/direct-twins.mjs): the same
 * code with plain calls for the generators, faster, which nests on the JS stack; `driver.ts` runs
 * the twin first and this code when the input nests too deep for it.
 *
 * Nix's own checks made while parsing are made here too: int64 overflow, invalid floats, trailing
 * slashes in paths, duplicate attributes (with Nix's merging of `a.b = …; a.c = …;` and of nested
 * attribute sets), duplicate formals, dynamic attributes in `inherit` and at the top of `let`.
 *
 * @module
 */
import type {
  Assign,
  AttrName,
  BinaryOp,
  Binding,
  Comment,
  Expr,
  Formal,
  FormalsParam,
  HasAttr,
  IdentParam,
  IndStr,
  Inherit,
  InheritGap,
  NodeBase,
  Paren,
  Path,
  Select,
  Span,
  Str,
  StrPart,
} from "../ast/nodes.js";
import { commentText, isLanguageAnnotation, mergeTextParts } from "../ast/nodes.js";
import { errorAt } from "./errors.js";
import { LazySpan, SpanSource } from "./span.js";
import {
  canTrail,
  Lexer,
  T_AND,
  T_ASSERT,
  T_ASSIGN,
  T_AT,
  T_CHAR,
  T_COLON,
  T_COMMA,
  T_CONCAT,
  T_DOLLAR_CURLY,
  T_DOT,
  T_DQUOTE,
  T_DQUOTE_END,
  T_ELLIPSIS,
  T_ELSE,
  T_EOF,
  T_EQ,
  T_FLOAT,
  T_GEQ,
  T_GT,
  T_HOLE,
  T_HPATH,
  T_ID,
  T_IF,
  T_IMPL,
  T_IN,
  T_IND_CLOSE,
  T_IND_OPEN,
  T_IND_STR,
  T_INHERIT,
  T_INT,
  T_LBRACE,
  T_LBRACKET,
  T_LEQ,
  T_LET,
  T_LPAREN,
  T_LT,
  T_MINUS,
  T_NEQ,
  T_NOT,
  T_OR,
  T_OR_KW,
  T_PATH,
  T_PATH_END,
  T_PIPE_FROM,
  T_PIPE_INTO,
  T_PLUS,
  T_QUESTION,
  T_RBRACE,
  T_RBRACKET,
  T_REC,
  T_RPAREN,
  T_SEMI,
  T_SLASH,
  T_SPATH,
  T_STAR,
  T_STR,
  T_THEN,
  T_UPDATE,
  T_URI,
  T_WITH,
  TOKEN_TEXT,
  Token,
  describeChar,
  linesUpBelow,
} from "./lexer.js";
import type { RawComment } from "./lexer.js";

/** Options of {@link parse}. */
export interface ParseOptions {
  /** File name used in spans and error messages. */
  readonly file?: string;
  /** Accept the pipe operators `|>` and `<|` (Nix ≥ 2.24, experimental). Default false. */
  readonly pipes?: boolean;
}

/** Internal options: the template tag's holes. */
export interface InternalParseOptions extends ParseOptions {
  readonly holes?: readonly unknown[];
  /**
   * A hole's value as an expression (the template passes `toExpr`: the parser does not import the
   * builders, which commands that only parse would load for nothing).
   */
  readonly holeToExpr?: (value: unknown) => Expr;
  /** Called with every token as the lexer makes it, in order (the formatter's source facts). */
  readonly onToken?: (t: Token) => void;
  /**
   * Check duplicate attributes and formals (an evaluation error in Nix, not a syntax error);
   * default true. The formatter turns it off: it formats what parses, as nixfmt does.
   */
  readonly duplicates?: boolean;
  /**
   * Refuse integer literals above 2^63−1, as Nix's lexer does; default true. The formatter turns
   * it off: nixfmt formats them (they keep their text).
   */
  readonly intRange?: boolean;
}

/** A sub-parser: yields sub-parsers to run, receives their results. */
interface G extends Generator<G, Expr, Expr> {}
/** A helper run with `yield*` inside a sub-parser (bounded nesting only). */
type H<T> = Generator<G, T, Expr>;

type Mut<T> = { -readonly [K in keyof T]: T[K] };

/** The static model of an attribute set, for Nix's duplicate-attribute check. */
interface Entry {
  /** The nested set this name holds, when it is one (implicit from a path, or written). */
  m: Model | null;
  inh: boolean;
  s: number;
}
type Model = Map<string, Entry>;

// Precedence levels as in parser.y (higher binds tighter).
const P_PIPE = 0;
const P_IMPL = 1;
const P_OR = 2;
const P_AND = 3;
const P_EQ = 4;
const P_CMP = 5;
const P_UPDATE = 6;
const P_NOT = 7;
const P_ADD = 8;
const P_MUL = 9;
const P_CONCAT = 10;
const P_HAS = 11;
const P_NEG = 12;

const A_LEFT = 0;
const A_RIGHT = 1;
const A_NONE = 2;

const PREFIX_NEG = -1;
const PREFIX_NOT = -2;

interface OpEntry {
  readonly k: number;
  readonly prec: number;
  readonly left: Expr | null;
  readonly s: number;
}

const F_LAMBDA = 0;
const F_ASSERT = 1;
const F_WITH = 2;
const F_LET = 3;
const F_IF = 4;

type Frame =
  | { readonly f: typeof F_LAMBDA; readonly s: number; readonly param: IdentParam | FormalsParam }
  | { readonly f: typeof F_ASSERT | typeof F_WITH; readonly s: number; readonly a: Expr }
  | { readonly f: typeof F_LET; readonly s: number; readonly bindings: Binding[] }
  | { readonly f: typeof F_IF; readonly s: number; readonly c: Expr; readonly a: Expr };

const BIN_TEXT: Record<number, BinaryOp> = {
  [T_CONCAT]: "++",
  [T_STAR]: "*",
  [T_SLASH]: "/",
  [T_PLUS]: "+",
  [T_MINUS]: "-",
  [T_UPDATE]: "//",
  [T_LT]: "<",
  [T_LEQ]: "<=",
  [T_GT]: ">",
  [T_GEQ]: ">=",
  [T_EQ]: "==",
  [T_NEQ]: "!=",
  [T_AND]: "&&",
  [T_OR]: "||",
  [T_IMPL]: "->",
  [T_PIPE_INTO]: "|>",
  [T_PIPE_FROM]: "<|",
};

/**
 * Binary operators (and `?`) by token kind: `(precedence + 1) << 2 | associativity`, 0 for other
 * tokens. A table rather than a switch keeps `expr`'s generator small.
 */
const OP_INFO = new Uint8Array(64);
for (const [ks, prec, assoc] of [
  [[T_CONCAT], P_CONCAT, A_RIGHT],
  [[T_STAR, T_SLASH], P_MUL, A_LEFT],
  [[T_PLUS, T_MINUS], P_ADD, A_LEFT],
  [[T_UPDATE], P_UPDATE, A_RIGHT],
  [[T_LT, T_GT, T_LEQ, T_GEQ], P_CMP, A_NONE],
  [[T_EQ, T_NEQ], P_EQ, A_NONE],
  [[T_AND], P_AND, A_LEFT],
  [[T_OR], P_OR, A_LEFT],
  [[T_IMPL], P_IMPL, A_RIGHT],
  [[T_QUESTION], P_HAS, A_NONE],
  [[T_PIPE_INTO], P_PIPE, A_LEFT],
  [[T_PIPE_FROM], P_PIPE, A_RIGHT],
] as const) {
  for (const k of ks) OP_INFO[k] = ((prec + 1) << 2) | assoc;
}

/** Tokens that can start an `expr_simple` (an application argument or list element). */
const STARTS_SIMPLE = new Uint8Array(64);
for (const k of [
  T_ID, T_INT, T_FLOAT, T_DQUOTE, T_IND_OPEN, T_PATH, T_HPATH, T_SPATH, T_URI, T_LPAREN, T_LBRACKET,
  T_LBRACE, T_REC, T_LET, T_HOLE,
]) {
  STARTS_SIMPLE[k] = 1;
}

const EXPECT_EXPR = ["an expression"];

/**
 * An array of the tree at its exact size. Arrays filled by `push` keep spare capacity (17 slots
 * after the first push); the tree keeps them all alive, so small ones are copied (large ones waste
 * at most half).
 */
function fit<A extends unknown[]>(a: A): A {
  return (a.length <= 32 ? a.slice() : a) as A;
}

/**
 * Moves the leading comments of `child` (the leftmost operand, which starts where `node` starts)
 * to `node`: a comment before `f x` or `a + b` belongs to the whole expression (docs/parser.md,
 * rule 3), which is also where nixfmt prints it.
 */
function liftLead<N extends Expr>(node: N, child: Expr, inner = 0): N {
  const all = child.comments;
  if (all !== undefined) {
    // Comments inside an empty list or set (its last `inner` ones) are its own: they stay.
    if (inner >= all.length) return node;
    const cs = inner > 0 ? all.slice(0, all.length - inner) : all;
    if (inner > 0) (child as Mut<NodeBase>).comments = all.slice(all.length - inner);
    // A language annotation (marked by the formatter) stays on the string it annotates.
    const n = cs.length;
    if ((child.type === "Str" || child.type === "IndStr") && isLanguageAnnotation(cs[n - 1]!)) {
      if (n === 1) return node;
      (node as Mut<NodeBase>).comments = cs.slice(0, n - 1);
      (child as Mut<NodeBase>).comments = cs.slice(n - 1);
      return node;
    }
    (node as Mut<NodeBase>).comments = cs;
    if (inner === 0) delete (child as Mut<NodeBase>).comments;
  }
  return node;
}

/** The string that starts `e` (its leftmost operand, function or selected value), or null. */
function leftmostString(e: Expr): Expr | null {
  for (;;) {
    if (e.type === "Str" || e.type === "IndStr") return e;
    if (e.comments !== undefined) return null;
    if (e.type === "Apply") e = e.fn;
    else if (e.type === "Binary") e = e.left;
    else if (e.type === "Select" || e.type === "HasAttr") e = e.expr;
    else return null;
  }
}

/** Runs a sub-parser and everything it asks for on an explicit stack. */
function run(root: G): Expr {
  const stack: G[] = [root];
  let val = undefined as unknown as Expr;
  for (;;) {
    const g = stack[stack.length - 1]!;
    const r = g.next(val);
    if (r.done === true) {
      stack.pop();
      if (stack.length === 0) return r.value;
      val = r.value;
    } else {
      stack.push(r.value);
      val = undefined as unknown as Expr;
    }
  }
}

/**
 * Records gap `i` of an `inherit` (before name `i`, or before the `;` when `i` is the count): a
 * first comment on the previous token's line is its trailing comment, as in nixfmt.
 */
function inheritGap(
  gaps: Mut<InheritGap>[] | null,
  i: number,
  raw: readonly RawComment[] | null,
  blankTok: boolean,
): Mut<InheritGap>[] | null {
  if (raw === null && !blankTok) return gaps;
  const out = gaps ?? [];
  while (out.length <= i) out.push({});
  const gap = out[i]!;
  let own = 0;
  if (raw !== null && raw[0]!.nl === 0 && canTrail(raw[0]!)) {
    gap.trailing = { kind: raw[0]!.kind, text: raw[0]!.text };
    own = 1;
  }
  if (raw !== null && own < raw.length) {
    gap.comments = toComments(own === 0 ? raw : raw.slice(own));
    if (raw[own]!.blank) gap.blankBefore = true;
  } else if (blankTok) gap.blankBefore = true;
  return out;
}

/** A set pattern with the comments written before its `...` and after it on that line, if any. */
function withEllipsisComments(p: FormalsParam, f: { readonly ellipsisComments: Comment[] | null; readonly ellipsisTrailing: Comment | null }): FormalsParam {
  if (f.ellipsisComments === null && f.ellipsisTrailing === null) return p;
  const out: Mut<FormalsParam> = { ...p };
  if (f.ellipsisComments !== null) out.ellipsisComments = f.ellipsisComments;
  if (f.ellipsisTrailing !== null) out.ellipsisTrailing = f.ellipsisTrailing;
  return out;
}

/** The comments with any language-annotation mark (set by the formatter) removed. */
function plainComments(raw: RawComment[]): RawComment[] {
  return raw.some(isLanguageAnnotation) ? raw.map((c) => (isLanguageAnnotation(c) ? { ...c, text: commentText(c) } : c)) : raw;
}

function toComments(raw: readonly RawComment[]): Comment[] {
  const out: Comment[] = new Array<Comment>(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = { kind: raw[i]!.kind, text: raw[i]!.text };
  return out;
}

/** The parser of one source text. */
export class Parser {
  private readonly lexer: Lexer;
  private tok: Token;
  /** Lookahead tokens after `tok`: `buf[bufHead..bufTail)`. */
  private readonly buf: Token[] = [];
  private bufHead = 0;
  private bufTail = 0;
  private prevEnd = 0;
  private pending: RawComment[] = [];
  /** Shared by all spans of this parse: positions are computed from offsets when read. */
  private readonly spans: SpanSource;
  private readonly file: string | undefined;
  private readonly pipes: boolean;
  private readonly holes: readonly unknown[] | undefined;
  private readonly holeToExpr: ((value: unknown) => Expr) | undefined;
  /*
   * Side information for Nix's static checks, kept off the tree (a WeakMap entry per node made every
   * garbage collection of a large parse slower). A binding value's model and an attribute name's
   * plain-string value are only ever asked for right after that node was made, before any other
   * node of the same kind, so remembering the last one suffices (checked by identity).
   */
  /** The written attribute set (or parenthesised one) made last, and its static model. */
  private lastAttrs: Expr | null = null;
  private lastModel: Model | null = null;
  /** The `IndStr` or `Paren` node Nix sees as a plain `ExprString` made last, and its value. */
  private lastPlain: Expr | null = null;
  private lastPlainValue = "";
  /** `${…}` attribute names that Nix sees as plain strings (rare: `${''a''}`, `${("a")}`). */
  private dynPlain: Map<Expr, string> | null = null;
  /**
   * The operator stack of expr_op and the keyword-form chain of `expr` (with each link's leading
   * comments), shared by all sub-parsers: they run nested, last in first out, so each owns the
   * entries above the length it found. This saves arrays per expression.
   */
  private readonly ops: OpEntry[] = [];
  private readonly frames: Frame[] = [];
  private readonly frameLeads: (RawComment[] | null)[] = [];
  /** The nodes made for template holes (template mode only). */
  private readonly holeNodes: Set<Expr> | null;
  private readonly onToken: ((t: Token) => void) | null;
  /** Empty lists and sets with comments written inside, and how many (see `inside`); rare. */
  private insideCounts: Map<NodeBase, number> | null = null;
  private readonly duplicates: boolean;

  constructor(
    private readonly src: string,
    opts: InternalParseOptions = {},
  ) {
    this.file = opts.file;
    this.pipes = opts.pipes === true;
    this.holes = opts.holes;
    this.holeToExpr = opts.holeToExpr;
    this.holeNodes = opts.holes === undefined ? null : new Set();
    this.lexer = new Lexer(src, { file: opts.file, holes: opts.holes !== undefined, intRange: opts.intRange !== false });
    this.spans = new SpanSource(src, opts.file);
    this.onToken = opts.onToken ?? null;
    this.duplicates = opts.duplicates !== false;
    this.tok = this.lex();
  }

  /** Parses the whole text as one expression. */
  parse(): Expr {
    const root = run(this.expr());
    if (this.tok.k !== T_EOF) this.unexpected(["an operator", "end of file"]);
    const rest = this.take();
    if (rest !== null) this.dangle(root, rest);
    return root;
  }

  // --- tokens -----------------------------------------------------------------------------------

  private advance(): void {
    const t = this.tok;
    this.prevEnd = t.e;
    if (t.c !== null) {
      for (const c of t.c) this.pending.push(c);
      t.c = null;
    }
    if (this.bufHead < this.bufTail) {
      this.tok = this.buf[this.bufHead++]!;
      // Drained: start over at the front (the array keeps its slots; no shifting).
      if (this.bufHead === this.bufTail) this.bufHead = this.bufTail = 0;
    } else this.tok = this.lex();
  }

  /** The lexer's next token (shown to `onToken`, when given). */
  private lex(): Token {
    const t = this.lexer.next();
    if (this.onToken !== null) this.onToken(t);
    return t;
  }

  private peek(n: number): Token {
    while (this.bufTail - this.bufHead < n) this.buf[this.bufTail++] = this.lex();
    return this.buf[this.bufHead + n - 1]!;
  }

  private expect(k: number, what: string): Token {
    const t = this.tok;
    if (t.k !== k) this.unexpected([what]);
    this.advance();
    return t;
  }

  private describe(t: Token): string {
    switch (t.k) {
      case T_EOF:
        return "end of file";
      case T_CHAR:
        return describeChar(this.src, t.s);
      case T_PATH_END:
        return describeChar(this.src, t.s);
      case T_HOLE:
        return "template hole";
      case T_STR:
      case T_IND_STR:
        return "string text";
      case T_ID:
      case T_INT:
      case T_FLOAT:
      case T_PATH:
      case T_HPATH:
      case T_SPATH:
      case T_URI: {
        const text = this.src.slice(t.s, Math.min(t.e, t.s + 40));
        return `'${text}${t.e - t.s > 40 ? "…" : ""}'`;
      }
      default:
        return TOKEN_TEXT[t.k] ?? "token";
    }
  }

  private unexpected(expected: readonly string[], t: Token = this.tok): never {
    throw errorAt(this.src, t.s, this.file, this.describe(t), expected);
  }

  private failAt(offset: number, reason: string): never {
    throw errorAt(this.src, offset, this.file, describeChar(this.src, offset), [], reason);
  }

  // --- positions --------------------------------------------------------------------------------

  private span(s: number, e: number): Span {
    return new LazySpan(this.spans, s, e);
  }

  // --- comments ---------------------------------------------------------------------------------

  /** Takes the comments not attached yet (before the current token and any pending ones). */
  private take(): RawComment[] | null {
    const t = this.tok;
    if (this.pending.length === 0) {
      const c = t.c;
      t.c = null;
      return c;
    }
    const out = this.pending;
    this.pending = [];
    if (t.c !== null) {
      for (const c of t.c) out.push(c);
      t.c = null;
    }
    return out;
  }

  /** Whether a blank line precedes the current token (in its trivia or pending comments). */
  private blankBefore(): boolean {
    const t = this.tok;
    if (t.blank) return true;
    if (t.c !== null) for (const c of t.c) if (c.blank) return true;
    for (const c of this.pending) if (c.blank) return true;
    return false;
  }

  /**
   * A comment on the same line right after the previous token, taken as that item's trailing one.
   * With `aligned`, not when it lines up with what follows: then it leads the next item, as in
   * nixfmt. (A set pattern's comments after a comma are placed by the printer from the source.)
   */
  private takeTrailing(aligned = false): RawComment | null {
    const t = this.tok;
    if (this.pending.length === 0 && t.c !== null && t.c[0]!.nl === 0 && canTrail(t.c[0]!) && !(aligned && linesUpBelow(this.src, t.c, t.s))) {
      const c = t.c.shift()!;
      if (t.c.length === 0) t.c = null;
      return c;
    }
    return null;
  }

  /** A list element's or binding's comments before it, blank line before it and comment after it. */
  private itemTrivia(node: NodeBase, lead: readonly RawComment[] | null, blank: boolean): void {
    const m = node as Mut<NodeBase>;
    if (lead !== null) this.lead(node, lead);
    if (blank) m.blankBefore = true;
    const tr = this.takeTrailing(true);
    if (tr !== null) m.trailing = { kind: tr.kind, text: tr.text };
  }

  private lead(node: NodeBase | Formal, raw: readonly RawComment[]): void {
    const m = node as Mut<NodeBase>;
    let cs = toComments(raw);
    // A language annotation (marked by the formatter) belongs to the string it precedes, which
    // may start a larger expression (`/* sh */ "…" x`).
    const s = isLanguageAnnotation(cs[cs.length - 1]!) ? leftmostString(node as Expr) : null;
    if (s !== null && s !== node) {
      (s as Mut<NodeBase>).comments = [cs[cs.length - 1]!, ...(s.comments ?? [])];
      cs = cs.slice(0, -1);
      if (cs.length === 0) return;
    }
    m.comments = m.comments === undefined ? cs : [...cs, ...m.comments];
  }

  /**
   * Comments inside an empty list or set: after the node's other comments (never as its `trailing`,
   * which a list item's own trailing comment would replace). The formatter finds them there.
   */
  private inside(node: NodeBase, raw: readonly RawComment[]): void {
    const m = node as Mut<NodeBase>;
    const cs = toComments(raw);
    m.comments = m.comments === undefined ? cs : [...m.comments, ...cs];
    // Remembered so that lifting the leading comments of an operand (`liftLead`) leaves these.
    (this.insideCounts ??= new Map()).set(node, (this.insideCounts.get(node) ?? 0) + cs.length);
  }

  /** {@link liftLead}, leaving `child` the comments written inside it (an empty list or set). */
  private lift<N extends Expr>(node: N, child: Expr): N {
    return liftLead(node, child, this.insideCounts?.get(child) ?? 0);
  }

  /** Comments with no following item: the last item's trailing comment, else before the node. */
  private dangle(node: NodeBase, raw: readonly RawComment[]): void {
    const m = node as Mut<NodeBase>;
    if (m.trailing === undefined && raw.length === 1) {
      m.trailing = { kind: raw[0]!.kind, text: raw[0]!.text };
      return;
    }
    const cs = toComments(raw);
    m.comments = m.comments === undefined ? cs : [...m.comments, ...cs];
  }

  // --- expressions ------------------------------------------------------------------------------

  /** `expr` (expr_function): lambdas and keyword forms, looping over their chains. */
  private *expr(): G {
    const lead = this.take();
    const frames = this.frames;
    const base = frames.length;
    // Comments before a later link of the chain (`x:\n# c\nlet …`) belong to that link's node.
    let linkLead: RawComment[] | null = null;
    for (;;) {
      if (frames.length > base) linkLead = this.take();
      const t = this.tok;
      const k = t.k;
      if (k === T_ID) {
        const n = this.peek(1).k;
        if (n === T_COLON) {
          this.advance();
          this.advance();
          this.pushFrame(linkLead, { f: F_LAMBDA, s: t.s, param: { type: "IdentParam", name: t.v as string } });
          continue;
        }
        if (n === T_AT) {
          this.advance();
          this.advance();
          if (this.tok.k !== T_LBRACE) this.unexpected(["'{'"]);
          this.advance();
          const f = yield* this.formals(t.v as string);
          this.expect(T_COLON, "':'");
          this.pushFrame(linkLead, {
            f: F_LAMBDA,
            s: t.s,
            param: withEllipsisComments(
              { type: "FormalsParam", formals: f.formals, ellipsis: f.ellipsis, bind: { name: t.v as string, position: "before" } },
              f,
            ),
          });
          continue;
        }
        break;
      }
      if (k === T_LBRACE) {
        if (!this.isFormals()) break;
        this.advance();
        const f = yield* this.formals(null);
        let param: FormalsParam;
        if (this.tok.k === T_AT) {
          this.advance();
          const nt = this.tok;
          if (nt.k !== T_ID) this.unexpected(["an identifier"]);
          const name = nt.v as string;
          if (this.duplicates && f.names.has(name)) this.failAt(nt.s, `duplicate formal function argument '${name}'`);
          this.advance();
          param = { type: "FormalsParam", formals: f.formals, ellipsis: f.ellipsis, bind: { name, position: "after" } };
        } else {
          param = { type: "FormalsParam", formals: f.formals, ellipsis: f.ellipsis };
        }
        param = withEllipsisComments(param, f);
        this.expect(T_COLON, "':'");
        this.pushFrame(linkLead, { f: F_LAMBDA, s: t.s, param });
        continue;
      }
      if (k === T_ASSERT || k === T_WITH) {
        this.advance();
        const a: Expr = yield this.expr();
        this.expect(T_SEMI, "';'");
        this.pushFrame(linkLead, { f: k === T_ASSERT ? F_ASSERT : F_WITH, s: t.s, a });
        continue;
      }
      if (k === T_LET && this.peek(1).k !== T_LBRACE) {
        this.advance();
        const b = (yield* this.bindsModel(T_IN, true)).bindings;
        this.expect(T_IN, "'in'");
        this.pushFrame(linkLead, { f: F_LET, s: t.s, bindings: b });
        continue;
      }
      if (k === T_IF) {
        this.advance();
        const c: Expr = yield this.expr();
        this.expect(T_THEN, "'then'");
        const a: Expr = yield this.expr();
        this.expect(T_ELSE, "'else'");
        this.pushFrame(linkLead, { f: F_IF, s: t.s, c, a });
        continue;
      }
      break;
    }
    // No link started at those comments: they go to the expression that follows, as before.
    if (linkLead !== null) this.pending = linkLead;
    // Operators over applications (expr_op), by precedence climbing on the shared operator stack
    // (inline: one sub-parser per expression rather than two).
    let body: Expr;
    {
      const ops = this.ops;
      const opBase = ops.length;
      let operand: Expr;
      let operandS: number;
      outer: for (;;) {
        for (;;) {
          const t = this.tok;
          if (t.k === T_MINUS) ops.push({ k: PREFIX_NEG, prec: P_NEG, left: null, s: t.s });
          else if (t.k === T_NOT) ops.push({ k: PREFIX_NOT, prec: P_NOT, left: null, s: t.s });
          else break;
          this.advance();
        }
        // expr_app: a select followed by select-level arguments.
        operandS = this.tok.s;
        operand = this.quickAtom() ?? (yield* this.select());
        while (STARTS_SIMPLE[this.tok.k] === 1) {
          const arg = this.quickAtom() ?? (yield* this.select());
          operand = this.lift({ type: "Apply", fn: operand, arg, span: this.span(operandS, this.prevEnd) }, operand);
        }
        for (;;) {
          const k = this.tok.k;
          const info = k < OP_INFO.length ? OP_INFO[k]! : 0;
          // The pipe operators are binary operators only with `pipes`.
          const prec = info === 0 || (!this.pipes && (k === T_PIPE_INTO || k === T_PIPE_FROM)) ? -1 : (info >> 2) - 1;
          const assoc = info & 3;
          if (prec < 0) break outer;
          while (ops.length > opBase) {
            const top = ops[ops.length - 1]!;
            if (top.prec < prec) break;
            if (top.prec === prec) {
              if (prec === P_PIPE && top.k !== k) {
                this.failAt(this.tok.s, "the operators '|>' and '<|' cannot be mixed without parentheses");
              }
              if (assoc === A_RIGHT) break;
              if (assoc === A_NONE) this.unexpected(["an operator of another precedence (this one is not associative)"]);
            }
            ops.pop();
            operand = this.reduce(top, operand);
            operandS = top.s;
          }
          if (k === T_QUESTION) {
            this.advance();
            const path = this.quickAttrPath() ?? (yield* this.attrPath());
            const has: Mut<HasAttr> = { type: "HasAttr", expr: operand, path, span: this.span(operandS, this.prevEnd) };
            const closes = this.takePathCloses();
            if (closes !== null) has.pathComments = closes;
            operand = this.lift(has, operand);
            continue;
          }
          ops.push({ k, prec, left: operand, s: operandS });
          this.advance();
          continue outer;
        }
      }
      while (ops.length > opBase) operand = this.reduce(ops.pop()!, operand);
      body = operand;
    }
    body = this.closeFrames(base, body);
    if (lead !== null) this.lead(body, lead);
    return body;
  }

  /**
   * Wraps `body` in the keyword-form links above `base` (innermost first), each ending where the
   * body ends. Out of `expr` so that its generator stays small (every yield saves its registers).
   */
  private closeFrames(base: number, body: Expr): Expr {
    const frames = this.frames;
    const leads = this.frameLeads;
    const end = this.prevEnd;
    while (frames.length > base) {
      const fr = frames.pop()!;
      const fl = leads.pop()!;
      const span = this.span(fr.s, end);
      switch (fr.f) {
        case F_LAMBDA:
          body = { type: "Lambda", param: fr.param, body, span };
          break;
        case F_ASSERT:
          body = { type: "Assert", cond: fr.a, body, span };
          break;
        case F_WITH:
          body = { type: "With", env: fr.a, body, span };
          break;
        case F_LET:
          body = { type: "Let", bindings: fr.bindings, body, span };
          break;
        case F_IF:
          body = { type: "If", cond: fr.c, then: fr.a, else: body, span };
          break;
      }
      if (fl !== null) this.lead(body, fl);
    }
    return body;
  }

  /** Pushes a link of a keyword-form chain with the comments before it (see `expr`). */
  private pushFrame(lead: RawComment[] | null, fr: Frame): void {
    this.frames.push(fr);
    this.frameLeads.push(lead);
  }

  /** After `{`: whether a set pattern (formals) follows rather than bindings. */
  private isFormals(): boolean {
    const t1 = this.peek(1).k;
    if (t1 === T_RBRACE) {
      const t2 = this.peek(2).k;
      return t2 === T_COLON || t2 === T_AT;
    }
    if (t1 === T_ELLIPSIS) return true;
    if (t1 === T_ID) {
      const t2 = this.peek(2).k;
      return t2 === T_COMMA || t2 === T_QUESTION || t2 === T_RBRACE;
    }
    return false;
  }

  /** Formals after `{`, through `}`. */
  private *formals(
    bind: string | null,
  ): H<{ formals: Formal[]; ellipsis: boolean; ellipsisComments: Comment[] | null; ellipsisTrailing: Comment | null; names: Set<string> }> {
    const formals: Formal[] = [];
    const names = new Set<string>();
    let ellipsis = false;
    let ellipsisComments: Comment[] | null = null;
    let ellipsisTrailing: Comment | null = null;
    for (;;) {
      const t = this.tok;
      if (t.k === T_RBRACE) break;
      if (t.k === T_ELLIPSIS) {
        ellipsis = true;
        // Comments before `...` (after a formal's comma and its trailing comment) are its own.
        const lead = this.take();
        if (lead !== null) ellipsisComments = toComments(lead);
        this.advance();
        const tr = this.takeTrailing();
        if (tr !== null) ellipsisTrailing = { kind: tr.kind, text: tr.text };
        if (this.tok.k !== T_RBRACE) this.unexpected(["'}'"]);
        break;
      }
      if (t.k !== T_ID) this.unexpected(["a formal argument", "'...'", "'}'"]);
      const lead = this.take();
      const name = t.v as string;
      if (this.duplicates && (names.has(name) || name === bind)) this.failAt(t.s, `duplicate formal function argument '${name}'`);
      names.add(name);
      this.advance();
      let formal: Mut<Formal>;
      if (this.tok.k === T_QUESTION) {
        this.advance();
        const d: Expr = yield this.expr();
        // Comments the default leaves (written before a `?` or `.` of its path, which wait for what
        // follows the path) are its own, after it; the formatter prints its trailing one after the
        // comma, as it prints one written there.
        if (this.pending.length > 0) {
          const left = this.pending;
          this.pending = [];
          // One that can trail goes after the default; others, after the default's own comments.
          if (left.length === 1 && canTrail(left[0]!)) this.dangle(d, left);
          else (d as Mut<NodeBase>).comments = [...(d.comments ?? []), ...toComments(left)];
        }
        formal = { name, default: d, span: this.span(t.s, this.prevEnd) };
      } else {
        formal = { name, span: this.span(t.s, t.e) };
      }
      if (lead !== null) this.lead(formal, lead);
      formals.push(formal);
      if (this.tok.k === T_COMMA) {
        this.advance();
        const tr = this.takeTrailing();
        if (tr !== null) this.lead(formal, [tr]);
        continue;
      }
      if (this.tok.k !== T_RBRACE) this.unexpected(["','", "'}'"]);
    }
    // Comments before `}` stay in the pattern (rule 5: the last formal's, else those of `...`),
    // not on the body, which would print them a second time after the pattern.
    const dangling = this.take();
    if (dangling !== null && formals.length > 0) {
      const last = formals[formals.length - 1] as Mut<Formal>;
      last.comments = [...(last.comments ?? []), ...toComments(dangling)];
    } else if (dangling !== null && ellipsis) ellipsisComments = [...(ellipsisComments ?? []), ...toComments(dangling)];
    else if (dangling !== null) this.pending = dangling;
    this.advance();
    return { formals: fit(formals), ellipsis, ellipsisComments, ellipsisTrailing, names };
  }

  private reduce(top: OpEntry, operand: Expr): Expr {
    const span = this.span(top.s, this.prevEnd);
    if (top.left === null) {
      // Comments before `!`/`-` reach the operand (they were pending): they belong before the operator.
      return this.lift({ type: "Unary", op: top.k === PREFIX_NEG ? "-" : "!", expr: operand, span }, operand);
    }
    return this.lift({ type: "Binary", op: BIN_TEXT[top.k]!, left: top.left, right: operand, span }, top.left);
  }

  /**
   * Fast path for the most common operands, without a sub-parser: an identifier, number or string
   * without interpolation, optionally followed by a path of identifiers (`a.b.c`) but not by `or`
   * or another kind of attribute name, and without comments before it. Makes the very nodes the
   * general path makes; returns null (consuming nothing) when the general path is needed.
   */
  private quickAtom(): Expr | null {
    return this.quickLength() === 0 ? null : this.quickBuild();
  }

  /** How many tokens the quick atom at the current token spans (see `quickAtom`), or 0. */
  private quickLength(): number {
    const t = this.tok;
    const k = t.k;
    if (t.c !== null || this.pending.length > 0) return 0;
    let n: number;
    if (k === T_ID || k === T_INT || k === T_FLOAT) n = 1;
    else if (k === T_DQUOTE) {
      const k1 = this.peek(1).k;
      if (k1 === T_DQUOTE_END) n = 2;
      else if (k1 === T_STR && this.peek(2).k === T_DQUOTE_END) n = 3;
      else return 0;
    } else return 0;
    let after = this.peek(n).k;
    let m = n;
    if (after === T_DOT) {
      for (;;) {
        const a = this.peek(m + 1).k;
        if (a !== T_ID && a !== T_OR_KW) return 0;
        m += 2;
        after = this.peek(m).k;
        if (after !== T_DOT) break;
      }
    }
    return after === T_OR_KW ? 0 : m;
  }

  /** Builds the quick atom `quickLength` accepted. */
  private quickBuild(): Expr {
    const t = this.tok;
    const k = t.k;
    const n = k === T_DQUOTE ? (this.peek(1).k === T_DQUOTE_END ? 2 : 3) : 1;
    let e: Expr;
    if (n === 1) {
      this.advance();
      if (k === T_ID) {
        e =
          t.v === "__curPos"
            ? { type: "CurPos", span: this.span(t.s, t.e) }
            : { type: "Var", name: t.v as string, span: this.span(t.s, t.e) };
      } else if (k === T_INT) e = { type: "Int", value: t.v as bigint, span: this.span(t.s, t.e) };
      else e = { type: "Float", value: t.v as number, span: this.span(t.s, t.e) };
    } else {
      this.advance();
      let parts: StrPart[] = [];
      if (n === 3) {
        const text = this.tok.v as string;
        if (text !== "") parts = [text];
        this.advance();
      }
      this.advance();
      e = { type: "Str", parts, span: this.span(t.s, this.prevEnd) };
    }
    if (this.tok.k === T_DOT) {
      const path: AttrName[] = [];
      while (this.tok.k === T_DOT) {
        this.advance();
        const a = this.tok;
        this.advance();
        path.push(a.k === T_ID ? (a.v as string) : "or");
      }
      e = { type: "Select", expr: e, path: fit(path) as [AttrName, ...AttrName[]], span: this.span(t.s, this.prevEnd) };
    }
    return e;
  }

  /**
   * Fast path for an expression that is a quick atom right before the token `end` (`}` of `${…}`,
   * `)`): what `expr` would make, without a sub-parser; null (consuming nothing) otherwise.
   */
  private quickExpr(end: number): Expr | null {
    const m = this.quickLength();
    return m !== 0 && this.peek(m).k === end ? this.quickBuild() : null;
  }

  /** Fast path for a binding value that is a quick atom followed by `;` (without comments). */
  private quickValue(): Expr | null {
    const m = this.quickLength();
    if (m === 0) return null;
    const after = this.peek(m);
    if (after.k !== T_SEMI || after.c !== null) return null;
    return this.quickBuild();
  }

  /**
   * Fast path for an attribute path of identifiers (and `or`) not followed by another kind of name:
   * the path, or null (consuming nothing) when the general path is needed.
   */
  private quickAttrPath(): [AttrName, ...AttrName[]] | null {
    let m = 0;
    for (;;) {
      const a = m === 0 ? this.tok.k : this.peek(m).k;
      if (a !== T_ID && a !== T_OR_KW) return null;
      if (this.peek(m + 1).k !== T_DOT) break;
      m += 2;
    }
    const first = this.tok;
    this.advance();
    const path: [AttrName, ...AttrName[]] = [first.k === T_ID ? (first.v as string) : "or"];
    for (let i = 0; i < m; i += 2) {
      this.advance();
      const a = this.tok;
      this.advance();
      path.push(a.k === T_ID ? (a.v as string) : "or");
    }
    return m === 0 ? path : fit(path);
  }

  /**
   * expr_select: `e`, `e.a.b`, `e.a or d`, and Nix's `e or` (a call of `e` with the variable `or`).
   * Also a sub-parser of its own (list elements, `or` defaults).
   */
  private *select(): H<Expr> {
    const lead = this.pending.length > 0 || this.tok.c !== null ? this.take() : null;
    const s = this.tok.s;
    let e = yield* this.simple();
    const k = this.tok.k;
    if (k === T_DOT) {
      this.advance();
      const path = yield* this.attrPath();
      const closes = this.takePathCloses();
      let sel: Mut<Select>;
      if (this.tok.k === T_OR_KW) {
        this.advance();
        if (STARTS_SIMPLE[this.tok.k] !== 1) this.unexpected(EXPECT_EXPR);
        const def: Expr = yield this.select();
        sel = { type: "Select", expr: e, path, default: def, span: this.span(s, this.prevEnd) };
      } else {
        sel = { type: "Select", expr: e, path, span: this.span(s, this.prevEnd) };
      }
      if (closes !== null) sel.pathComments = closes;
      e = sel;
    } else if (k === T_OR_KW) {
      const o = this.tok;
      this.advance();
      e = { type: "Apply", fn: e, arg: { type: "Var", name: "or", span: this.span(o.s, o.e) }, span: this.span(s, o.e) };
    }
    if (lead !== null) this.lead(e, lead);
    return e;
  }

  /**
   * An attribute path (at least one name). The comments before the `}` of its `${…}` names, one
   * entry per name, are left in `pathCloses` for the caller's node (see `takePathCloses`).
   */
  private *attrPath(): H<[AttrName, ...AttrName[]]> {
    const path: AttrName[] = [];
    let closes: (Comment[] | null)[] | null = null;
    for (;;) {
      const dynamic = this.tok.k === T_DOLLAR_CURLY;
      // Comments before a quoted or `${…}` name (before or after `.` or `?`) wait for what follows the name,
      // as they do before a plain one, rather than going into its first interpolation, where the
      // printer would put them on the line of `${` and a second pass read them otherwise.
      // (A block comment right before a quoted name is not that string's language annotation.)
      const held = (dynamic || this.tok.k === T_DQUOTE) && (this.pending.length > 0 || this.tok.c !== null) ? plainComments(this.take()!) : null;
      path.push(yield* this.attr());
      if (held !== null) this.pending = held.concat(this.pending);
      // `interpolation` has just set `interpClose` for this name (nested paths were read before).
      if (dynamic) closes = closeComments(closes, path.length, this.interpClose);
      if (this.tok.k !== T_DOT) break;
      this.advance();
    }
    this.pathCloses = closes === null ? null : padCloses(closes, path.length);
    return fit(path) as [AttrName, ...AttrName[]];
  }

  /** One attribute name: identifier, `or`, `"string"` or `${expr}`. */
  private *attr(): H<AttrName> {
    const t = this.tok;
    switch (t.k) {
      case T_ID:
        this.advance();
        return t.v as string;
      case T_OR_KW:
        this.advance();
        return "or";
      case T_DQUOTE:
        return yield* this.str();
      case T_DOLLAR_CURLY: {
        const e: Expr = yield* this.interpolation();
        if (e.type !== "Str") {
          const v = this.plainOf(e);
          if (v !== null) (this.dynPlain ??= new Map()).set(e, v);
        }
        return e;
      }
      case T_HOLE: {
        this.advance();
        const v = this.holes![t.v as number];
        return typeof v === "string" ? v : this.holeExpr(t);
      }
      default:
        return this.unexpected(["an attribute name"]);
    }
  }

  /** The static name Nix sees for an attribute name, or null when it is dynamic. */
  private staticKey(n: AttrName): string | null {
    if (typeof n === "string") return n;
    if (n.type === "Str") {
      let out = "";
      for (const p of n.parts) {
        if (typeof p !== "string") return null;
        out += p;
      }
      return out;
    }
    return this.dynPlain?.get(n) ?? null;
  }

  private holeExpr(t: Token): Expr {
    const v = this.holes![t.v as number];
    // A shallow copy: comments may be attached to it, and the caller's node must not change.
    const node: Expr = { ...this.holeToExpr!(v) };
    this.holeNodes!.add(node);
    return node;
  }

  /** expr_simple. */
  private *simple(): H<Expr> {
    const t = this.tok;
    switch (t.k) {
      case T_ID:
        this.advance();
        if (t.v === "__curPos") return { type: "CurPos", span: this.span(t.s, t.e) };
        return { type: "Var", name: t.v as string, span: this.span(t.s, t.e) };
      case T_INT:
        this.advance();
        return { type: "Int", value: t.v as bigint, span: this.span(t.s, t.e) };
      case T_FLOAT:
        this.advance();
        return { type: "Float", value: t.v as number, span: this.span(t.s, t.e) };
      case T_URI:
        this.advance();
        return { type: "Uri", value: t.v as string, span: this.span(t.s, t.e) };
      case T_SPATH:
        this.advance();
        return { type: "SearchPath", path: t.v as string, span: this.span(t.s, t.e) };
      case T_HOLE:
        this.advance();
        return this.holeExpr(t);
      case T_DQUOTE:
        return yield* this.str();
      case T_IND_OPEN:
        return yield* this.indStr();
      case T_PATH:
      case T_HPATH:
        return yield* this.path();
      case T_LPAREN: {
        this.advance();
        const e: Expr = this.quickExpr(T_RPAREN) ?? (yield this.expr());
        if (this.tok.k !== T_RPAREN) this.unexpected(["')'"]);
        // Before `)`: a comment on the line of `e`'s last token is its trailing one, the others
        // are the parentheses' (docs/parser.md, rule 6).
        let d = this.take();
        if (d !== null && d[0]!.nl === 0 && canTrail(d[0]!) && e.trailing === undefined && (d.length === 1 || d[1]!.nl > 0)) {
          this.dangle(e, [d[0]!]);
          d = d.length === 1 ? null : d.slice(1);
        }
        this.advance();
        const node: Mut<Paren> = { type: "Paren", expr: e, span: this.span(t.s, this.prevEnd) };
        if (d !== null) node.beforeClose = toComments(d);
        // Nix has no node for parentheses: what it sees of `e` it sees of `(e)`.
        const ps = this.plainOf(e);
        if (ps !== null) {
          this.lastPlain = node;
          this.lastPlainValue = ps;
        }
        if (e === this.lastAttrs) this.lastAttrs = node;
        return node;
      }
      // Lists and sets are sub-parsers of their own: their items then yield straight to `run` rather
      // than through this generator and its callers (`yield*` resumes every level at each yield).
      case T_LBRACKET:
        return yield this.list();
      case T_LBRACE:
      case T_REC:
        return yield this.attrs();
      case T_LET: {
        if (this.peek(1).k !== T_LBRACE) return this.unexpected(EXPECT_EXPR);
        this.advance();
        this.advance();
        const bindings = (yield* this.bindsModel(T_RBRACE, false)).bindings;
        this.advance();
        return { type: "LegacyLet", bindings, span: this.span(t.s, this.prevEnd) };
      }
      default:
        return this.unexpected(EXPECT_EXPR);
    }
  }

  /** `[ … ]` (a sub-parser: see `simple`). */
  private *list(): G {
    const t = this.tok;
    this.advance();
    const items: Expr[] = [];
    while (this.tok.k !== T_RBRACKET) {
      if (STARTS_SIMPLE[this.tok.k] !== 1) this.unexpected(["a list element", "']'"]);
      const blank = items.length > 0 && this.blankBefore();
      const lead = this.take();
      const item: Expr = this.quickAtom() ?? (yield this.select());
      this.itemTrivia(item, lead, blank);
      items.push(item);
    }
    const d = this.take();
    this.advance();
    const node: Expr = { type: "List", items: fit(items), span: this.span(t.s, this.prevEnd) };
    if (d !== null) {
      if (items.length > 0) this.dangle(items[items.length - 1]!, d);
      else this.inside(node, d);
    }
    return node;
  }

  /** `{ … }` or `rec { … }` (a sub-parser: see `simple`). */
  private *attrs(): G {
    const t = this.tok;
    const rec = t.k === T_REC;
    this.advance();
    if (rec) {
      if (this.tok.k !== T_LBRACE) this.unexpected(["'{'"]);
      this.advance();
    }
    const { bindings, model } = yield* this.bindsModel(T_RBRACE, false);
    // Comments inside an empty set stay with it (as with an empty list), not with what follows.
    const inner = bindings.length === 0 ? this.take() : null;
    this.advance();
    const node: Expr = { type: "Attrs", rec, bindings, span: this.span(t.s, this.prevEnd) };
    if (inner !== null) this.inside(node, inner);
    this.lastAttrs = node;
    this.lastModel = model;
    return node;
  }

  // --- bindings ---------------------------------------------------------------------------------

  /** Bindings up to (not including) `end` (`}` or `in`), with Nix's duplicate checks. */
  private *bindsModel(end: number, isLet: boolean): H<{ bindings: Binding[]; model: Model }> {
    const model: Model = new Map();
    const out: Binding[] = [];
    for (;;) {
      const t = this.tok;
      if (t.k === end) break;
      const blank = out.length > 0 && this.blankBefore();
      const lead = this.take();
      let b: Mut<Assign> | Mut<Inherit>;
      if (t.k === T_INHERIT) {
        this.advance();
        let from: Expr | undefined;
        if (this.tok.k === T_LPAREN) {
          this.advance();
          from = yield this.expr();
          // A lone comment before the `)`, on the line of the operand's end, is the source's
          // trailing comment, printed inside the parentheses; others stay in the first gap, on lines
          // of their own (a comment on its own line made trailing moved an enable directive off its
          // line: format threw, FC_SEED=101).
          const inside = (this.tok.k as number) === T_RPAREN ? this.take() : null;
          if (inside !== null && inside.length === 1 && inside[0]!.nl === 0 && canTrail(inside[0]!) && from.trailing === undefined) {
            from = { ...from, trailing: { kind: inside[0]!.kind, text: inside[0]!.text } };
          } else if (inside !== null) this.pending = inside;
          this.expect(T_RPAREN, "')'");
        }
        const names: string[] = [];
        let gaps: Mut<InheritGap>[] | null = null;
        while (this.tok.k !== T_SEMI) {
          const nt = this.tok;
          if (nt.k !== T_ID && nt.k !== T_OR_KW && nt.k !== T_DQUOTE && nt.k !== T_DOLLAR_CURLY && nt.k !== T_HOLE) {
            this.unexpected(["an attribute name", "';'"]);
          }
          gaps = inheritGap(gaps, names.length, this.take(), nt.blank);
          const n = yield* this.attr();
          // Comments before the `}` of a `${"…"}` name: an inherited name is only its text, so they
          // go to the next gap (moved past the `}`, not lost).
          if (nt.k === T_DOLLAR_CURLY && this.interpClose !== null) this.pending.unshift(...this.interpClose);
          const name = this.staticKey(n);
          if (name === null) this.failAt(nt.s, "dynamic attributes not allowed in inherit");
          const prev = model.get(name);
          if (prev !== undefined) this.dupAt(nt.s, name, prev.s);
          model.set(name, { m: null, inh: from === undefined, s: nt.s });
          names.push(name);
        }
        gaps = inheritGap(gaps, names.length, this.take(), this.tok.blank);
        this.advance();
        b =
          from === undefined
            ? { type: "Inherit", names: fit(names), span: this.span(t.s, this.prevEnd) }
            : { type: "Inherit", from, names: fit(names), span: this.span(t.s, this.prevEnd) };
        if (gaps !== null) {
          while (gaps.length <= names.length) gaps.push({});
          b.gaps = gaps;
        }
      } else {
        if (t.k !== T_ID && t.k !== T_OR_KW && t.k !== T_DQUOTE && t.k !== T_DOLLAR_CURLY && t.k !== T_HOLE) {
          this.unexpected(
            end === T_IN ? ["an attribute name", "'inherit'", "'in'"] : ["an attribute name", "'inherit'", "'}'"],
          );
        }
        const path = this.quickAttrPath() ?? (yield* this.attrPath());
        const closes = this.takePathCloses();
        this.expect(T_ASSIGN, "'='");
        let value = this.quickValue();
        if (value === null) value = yield this.expr();
        if (this.tok.k !== T_SEMI) this.unexpected(["';'"]);
        const semi = this.take();
        this.advance();
        if (isLet && this.staticKey(path[0]) === null) this.failAt(t.s, "dynamic attributes not allowed in let");
        this.addAttr(model, path, value, t.s);
        b = { type: "Assign", path, value, span: this.span(t.s, this.prevEnd) };
        if (closes !== null) b.pathComments = closes;
        if (semi !== null) b.beforeSemicolon = toComments(semi);
      }
      this.itemTrivia(b, lead, blank);
      out.push(b);
    }
    const d = this.take();
    if (d !== null) {
      if (out.length > 0) this.dangle(out[out.length - 1]!, d);
      else this.pending = d;
    }
    return { bindings: fit(out), model };
  }

  private modelOf(e: Expr): Model | null {
    return e === this.lastAttrs ? this.lastModel : null;
  }

  /** The value of `e` when Nix sees it as a plain `ExprString`, else null. */
  private plainOf(e: Expr): string | null {
    // A hole's node is a value, not source: it is never a plain string here (only as a name).
    if (e.type === "Str" && (this.holeNodes === null || !this.holeNodes.has(e))) {
      let out = "";
      for (const p of e.parts) {
        if (typeof p !== "string") return null;
        out += p;
      }
      return out;
    }
    return e === this.lastPlain ? this.lastPlainValue : null;
  }

  private dupAt(offset: number, name: string, prev: number): void {
    if (!this.duplicates) return;
    const p = this.spans.position(prev);
    this.failAt(offset, `attribute '${name}' already defined at ${this.file ?? "<input>"}:${p.line}:${p.column}`);
  }

  /** Nix's `addAttr`: merges nested paths and written sets, rejects duplicates. */
  private addAttr(model: Model, path: readonly AttrName[], value: Expr, s: number): void {
    // The model serves only this check: the formatter (no duplicate check) builds none.
    if (!this.duplicates) return;
    const shown = (): string => path.map((n) => this.staticKey(n) ?? "\"${...}\"").join(".");
    let m = model;
    for (let i = 0; i < path.length - 1; i++) {
      const name = this.staticKey(path[i]!);
      if (name === null) {
        m = new Map();
        continue;
      }
      const j = m.get(name);
      if (j !== undefined) {
        if (!j.inh && j.m !== null) m = j.m;
        else this.dupAt(s, shown(), j.s);
      } else {
        const nm: Model = new Map();
        m.set(name, { m: nm, inh: false, s });
        m = nm;
      }
    }
    const last = this.staticKey(path[path.length - 1]!);
    if (last === null) return;
    const j = m.get(last);
    const vm = this.modelOf(value);
    if (j !== undefined) {
      if (!j.inh && j.m !== null && vm !== null) {
        for (const [k, v] of vm) {
          const j2 = j.m.get(k);
          if (j2 !== undefined) this.dupAt(v.s, k, j2.s);
          j.m.set(k, v);
        }
      } else this.dupAt(s, shown(), j.s);
    } else m.set(last, { m: vm, inh: false, s });
  }

  // --- strings and paths ------------------------------------------------------------------------

  /**
   * `${ e }`, at its `${`. A lone comment on the line of `e`'s last token before the `}` is `e`'s
   * trailing one, printed inside the braces as nixfmt does (trailing comment of that token).
   */
  private *interpolation(): H<Expr> {
    this.advance();
    const e: Expr = this.quickExpr(T_RBRACE) ?? (yield this.expr());
    // Comments before `}`: one on the line of `e`'s last token is its trailing one, the others
    // stay before the `}` (the string's `interpolationComments`, via `interpClose`).
    this.interpClose = null;
    if (this.tok.k === T_RBRACE && this.pending.length === 0 && this.tok.c !== null) {
      let d: RawComment[] | null = this.take();
      if (d !== null && d[0]!.nl === 0 && canTrail(d[0]!) && e.trailing === undefined && (d.length === 1 || d[1]!.nl > 0)) {
        (e as Mut<Expr>).trailing = { kind: d[0]!.kind, text: d[0]!.text };
        d = d.length === 1 ? null : d.slice(1);
      }
      this.interpClose = d;
    }
    this.expect(T_RBRACE, "'}'");
    return e;
  }

  /** The comments before the `}` of the interpolation just read (see `interpolation`), or null. */
  private interpClose: RawComment[] | null = null;
  /** The comments before the `}` of each `${…}` name of the path just read (see `attrPath`). */
  private pathCloses: (Comment[] | null)[] | null = null;

  /** `pathCloses`, cleared: a path read by `quickAttrPath` (no `${…}` names) leaves none. */
  private takePathCloses(): (Comment[] | null)[] | null {
    const c = this.pathCloses;
    this.pathCloses = null;
    return c;
  }

  /** `"…"` with interpolations. */
  private *str(): H<Expr> {
    const s = this.tok.s;
    this.advance();
    const parts: StrPart[] = [];
    let closes: (Comment[] | null)[] | null = null;
    let text = "";
    for (;;) {
      const t = this.tok;
      if (t.k === T_STR) {
        text += t.v as string;
        this.advance();
      } else if (t.k === T_DOLLAR_CURLY) {
        if (text !== "") parts.push(text);
        text = "";
        const e: Expr = yield* this.interpolation();
        parts.push(e);
        closes = closeComments(closes, interpolations(parts), this.interpClose);
      } else if (t.k === T_HOLE) {
        if (text !== "") parts.push(text);
        text = "";
        this.advance();
        parts.push(this.holeExpr(t));
      } else if (t.k === T_DQUOTE_END) {
        break;
      } else {
        this.unexpected(["'\"'"]);
      }
    }
    if (text !== "") parts.push(text);
    this.advance();
    const node: Mut<Str> = { type: "Str", parts: fit(parts), span: this.span(s, this.prevEnd) };
    if (closes !== null) node.interpolationComments = padCloses(closes, interpolations(parts));
    return node;
  }

  /** `''…''`: collects its pieces, then strips indentation exactly as Nix's `stripIndentation`. */
  private *indStr(): H<Expr> {
    const s = this.tok.s;
    this.advance();
    const es: (Token | Expr)[] = [];
    let closes: (Comment[] | null)[] | null = null;
    for (;;) {
      const t = this.tok;
      if (t.k === T_IND_STR) {
        es.push(t);
        this.advance();
      } else if (t.k === T_DOLLAR_CURLY) {
        const e: Expr = yield* this.interpolation();
        es.push(e);
        closes = closeComments(closes, interpolations(es), this.interpClose);
      } else if (t.k === T_HOLE) {
        this.advance();
        es.push(this.holeExpr(t));
      } else if (t.k === T_IND_CLOSE) {
        break;
      } else {
        this.unexpected(["\"''\""]);
      }
    }
    this.advance();
    const pieces = stripIndentation(es);
    const parts = mergeTextParts(pieces);
    const node: Mut<IndStr> = { type: "IndStr", parts: fit(parts), span: this.span(s, this.prevEnd) };
    if (closes !== null) node.interpolationComments = padCloses(closes, interpolations(parts));
    // Nix keeps a lone piece as is: a plain string when it is one.
    const only = pieces.length === 0 ? "" : pieces.length === 1 ? pieces[0]! : null;
    const v = only === null || typeof only === "string" ? only : this.plainOf(only);
    if (v !== null) {
      this.lastPlain = node;
      this.lastPlainValue = v;
    }
    return node;
  }

  /** A path with optional interpolations. */
  private *path(): H<Expr> {
    const start = this.tok;
    const parts: StrPart[] = [start.v as string];
    this.advance();
    // Nix 2.8's grammar continues a path with `string_parts_interpolated`, whose first
    // interpolation may be preceded by one text piece only: `a/b//${x}` parses, `a/b//c` and
    // `a/b///${x}` (two pieces: `/`, `/`) do not.
    let first = true;
    let needInterp = false;
    let closes: (Comment[] | null)[] | null = null;
    for (;;) {
      const t = this.tok;
      if (needInterp && t.k !== T_DOLLAR_CURLY && t.k !== T_HOLE) this.unexpected(["'${'"]);
      needInterp = false;
      if (t.k === T_PATH_END) {
        this.advance();
        break;
      }
      if (t.k === T_STR) {
        needInterp = first;
        const last = parts.length - 1;
        if (typeof parts[last] === "string") parts[last] = (parts[last] as string) + (t.v as string);
        else parts.push(t.v as string);
        this.advance();
      } else if (t.k === T_DOLLAR_CURLY) {
        const e: Expr = yield* this.interpolation();
        parts.push(e);
        closes = closeComments(closes, interpolations(parts), this.interpClose);
      } else if (t.k === T_HOLE) {
        this.advance();
        parts.push(this.holeExpr(t));
      } else {
        this.unexpected(["the end of the path"]);
      }
      first = false;
    }
    const node: Mut<Path> = { type: "Path", parts: fit(parts), span: this.span(start.s, this.prevEnd) };
    if (closes !== null) node.interpolationComments = padCloses(closes, interpolations(parts));
    return node;
  }
}

/** Whether a string piece is an interpolated expression (not text, not a text token). */
const isInterpolated = (p: StrPart | Token): boolean => typeof p !== "string" && !(p instanceof Token);

/** The number of interpolated expressions among a string's pieces. */
function interpolations(pieces: readonly (StrPart | Token)[]): number {
  let n = 0;
  for (const p of pieces) if (isInterpolated(p)) n++;
  return n;
}

/**
 * Records `c`, the comments before the `}` of the `n`th interpolation of a string (or `${…}` name
 * of a path): one entry per interpolation so far (null for none); null while there are none at all.
 */
function closeComments(closes: (Comment[] | null)[] | null, n: number, c: readonly RawComment[] | null): (Comment[] | null)[] | null {
  if (c === null && closes === null) return null;
  const out = closes ?? [];
  while (out.length < n - 1) out.push(null);
  out.push(c === null ? null : toComments(c));
  return out;
}

/** {@link closeComments}' entries, padded with nulls to `n`. */
function padCloses(closes: (Comment[] | null)[], n: number): (Comment[] | null)[] {
  while (closes.length < n) closes.push(null);
  return closes;
}

/**
 * Nix 2.8's `stripIndentation`, piece by piece: text tokens take part in the indentation, escapes
 * and interpolations end a line's leading whitespace. Returns one entry per token (strings already
 * stripped), as Nix does before deciding whether the result is a single string.
 */
function stripIndentation(es: readonly (Token | Expr)[]): (string | Expr)[] {
  if (es.length === 0) return [];
  let atStartOfLine = true;
  let minIndent = 1000000;
  let curIndent = 0;
  for (const i of es) {
    if (!(i instanceof Token) || !i.ind) {
      if (atStartOfLine) {
        atStartOfLine = false;
        if (curIndent < minIndent) minIndent = curIndent;
      }
      continue;
    }
    const str = i.v as string;
    for (let j = 0; j < str.length; j++) {
      const c = str.charCodeAt(j);
      if (atStartOfLine) {
        if (c === 32) curIndent++;
        else if (c === 10) curIndent = 0;
        else {
          atStartOfLine = false;
          if (curIndent < minIndent) minIndent = curIndent;
        }
      } else if (c === 10) {
        atStartOfLine = true;
        curIndent = 0;
      }
    }
  }
  const out: (string | Expr)[] = [];
  atStartOfLine = true;
  let curDropped = 0;
  let n = es.length;
  for (const i of es) {
    if (!(i instanceof Token)) {
      atStartOfLine = false;
      curDropped = 0;
      out.push(i);
      n--;
      continue;
    }
    const str = i.v as string;
    let s2 = "";
    let chunk = 0;
    for (let j = 0; j < str.length; j++) {
      const c = str.charCodeAt(j);
      if (atStartOfLine) {
        if (c === 32) {
          if (curDropped++ < minIndent) {
            // Consecutive dropped spaces leave nothing in between to keep.
            if (chunk < j) s2 += str.slice(chunk, j);
            chunk = j + 1;
          }
        } else if (c === 10) {
          curDropped = 0;
        } else {
          atStartOfLine = false;
          curDropped = 0;
        }
      } else if (c === 10) atStartOfLine = true;
    }
    s2 += str.slice(chunk);
    if (n === 1) {
      const p = s2.lastIndexOf("\n");
      if (p >= 0) {
        let onlySpaces = true;
        for (let j = p + 1; j < s2.length; j++) {
          if (s2.charCodeAt(j) !== 32) {
            onlySpaces = false;
            break;
          }
        }
        if (onlySpaces) s2 = s2.slice(0, p + 1);
      }
    }
    out.push(s2);
    n--;
  }
  return out;
}
