/**
 * AST → document, following RFC 166 as implemented by nixfmt (`Pretty.hs`): which constructs absorb
 * their last child, which groups are priority groups, where lines may break.
 *
 * Depth safety: every descent into a child node goes through the driver in {@link buildDoc}, never
 * through the JS call stack. A rendering function is a generator that `yield`s the work for a child
 * (another generator, or an already built document for leaves) and receives the child's document.
 * Helpers that loop over chains (lambda chains, `else if`, operator chains, application spines) are
 * iterative.
 *
 * @module
 */
import type {
  AttrName,
  Attrs,
  Binary,
  Binding,
  Comment,
  Expr,
  FormalsParam,
  If,
  IndStr,
  InheritGap,
  Lambda,
  List,
  NodeBase,
  Paren,
  Select,
  Str,
  StrPart,
  With,
} from "../ast/nodes.js";
import { mergeTextParts } from "../ast/nodes.js";
import { BINARY, PREC, precedenceOf } from "../ast/precedence.js";
import { isBareAttrName, INT64_MIN } from "../ast/lexical.js";
import { NixPrintError } from "../errors.js";
import {
  BREAK,
  comment,
  EMPTYLINE,
  group,
  HARDLINE,
  HARDSPACE,
  nest,
  NEWLINES,
  offset,
  PRIORITY,
  REGULAR,
  SOFTBREAK,
  SOFTSPACE,
  SPACE,
  trailing,
  TRANSPARENT,
  cat,
  layout,
  renderBlock,
  bracketBlock,
  linesBlock,
  wrapBlock,
  asBlockOrText,
  type BlockE,
  type BlockItem,
  type CatE,
  type Doc,
  type DocE,
} from "./doc.js";
import { dataText, isDataRoot, type DataHooks } from "./data.js";
import type { CommentInfo, SourceFacts } from "../format/source-facts.js";
import { escapeStrText, indStrLines, renderString, renderUFloat } from "./escape.js";

/** Work for the driver: a generator to run, or a finished document. */
type Req = Gen | Doc;
/** A rendering step: yields child work, receives child documents, returns its own document. */
type Gen = Generator<Req, Doc, Doc>;

/** Printer settings that influence the tree walk. */
export interface PrintContext {
  /** Whether the pipe operators `|>` and `<|` may be printed. */
  readonly pipes: boolean;
  /** The layout width, used to pre-render items that are certain to fit on their line. */
  readonly width: number;
  /** Set to false to disable the plain-data fast path (for differential testing). */
  readonly dataFastPath?: boolean;
  /** The source's layout facts, when printing parsed code (the formatter). */
  readonly facts?: SourceFacts;
}

/**
 * Builds the document for an expression without recursion on the JS stack.
 *
 * @throws NixPrintError when the tree cannot be printed faithfully.
 */
export function buildDoc(e: Expr, ctx: PrintContext): Doc {
  const p = new Printer(ctx);
  return drive(p.top(e));
}

/**
 * The whole output (without final newline) when `e` is plain data that expands at the top level, or
 * null: generated data skips documents and layout entirely.
 */
export function printData(e: Expr, ctx: PrintContext): string | null {
  if (ctx.dataFastPath === false || !isDataRoot(e)) return null;
  return dataText(e, dataHooks(ctx.width), new WeakSet());
}

/**
 * The text of one entry of an expanded set (a binding) or list (an element) as the printer lays it
 * out there, lines after the first indented relative to its start. Since the width does not count
 * indentation, this text is the same at any depth (the value path splices it in, see value.ts).
 */
export function entryText(entry: Binding | Expr, width: number): string {
  const doc = drive(new Printer({ pipes: false, width }).entry(entry));
  return layout(doc, { width, indent: 2 }).replace(/^\n+/, "");
}

/** What the data path takes from the printer (see data.ts). */
export function dataHooks(width: number): DataHooks {
  return { leaf: leafText, name: renderAttrNameStatic, width };
}

function drive(root: Gen): Doc {
  const stack: Gen[] = [root];
  let input: Doc | undefined;
  for (;;) {
    const top = stack[stack.length - 1] as Gen;
    const r = top.next(input as Doc);
    if (r.done === true) {
      stack.pop();
      input = r.value;
      if (stack.length === 0) return input;
    } else if (Array.isArray(r.value)) {
      input = r.value;
    } else {
      stack.push(r.value as Gen);
      input = undefined;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Classification (all iterative or bounded)

const MIN_INT = INT64_MIN;

/** Whether a number node prints as unary minus on a literal. */
function isNegativeLiteral(e: Expr): boolean {
  if (e.type === "Int") return e.value < 0n && e.value !== MIN_INT;
  if (e.type === "Float") return e.value < 0;
  return false;
}

/** Precedence as printed: the two literal-less numbers print as parenthesised atoms. */
function prec(e: Expr): number {
  if (e.type === "Int" && e.value === MIN_INT) return PREC.atom;
  if (e.type === "Float" && Object.is(e.value, -0)) return PREC.atom;
  return precedenceOf(e);
}

/** nixfmt "terms": atoms, strings, lists, sets, selections, parentheses. */
function isTerm(e: Expr): boolean {
  switch (e.type) {
    case "Int":
    case "Float":
      return !isNegativeLiteral(e);
    case "Str":
    case "IndStr":
    case "Path":
    case "SearchPath":
    case "Uri":
    case "Var":
    case "CurPos":
    case "Attrs":
    case "List":
    case "LegacyLet":
    case "Select":
    case "Paren":
      return true;
    default:
      return false;
  }
}

function hasComments(n: NodeBase): boolean {
  return (n.comments !== undefined && n.comments.length > 0) || n.trailing !== undefined;
}

function isMultilineIndStr(e: IndStr): boolean {
  return e.parts.some((p) => typeof p === "string" && p.includes("\n"));
}

/** Terms that may start on the current line and expand below it (nixfmt `isAbsorbable`). */
function isAbsorbable(e: Expr, facts?: SourceFacts): boolean {
  let cur = e;
  for (;;) {
    switch (cur.type) {
      case "IndStr":
        return isMultilineIndStr(cur);
      case "Attrs":
      case "LegacyLet":
        // An empty set or list the author broke open absorbs too (it prints expanded).
        return cur.bindings.length > 0 || (facts !== undefined && cur.type === "Attrs" && facts.bracketsBroken(cur));
      case "List":
        return cur.items.length > 0 || (facts !== undefined && facts.bracketsBroken(cur));
      case "Paren":
        if (hasComments(cur.expr) || !isTerm(cur.expr)) return false;
        cur = cur.expr;
        continue;
      default:
        return false;
    }
  }
}

function isAbsorbableTerm(e: Expr, facts?: SourceFacts): boolean {
  return isTerm(e) && isAbsorbable(e, facts);
}

/** Whether a set pattern may stay on one line: at most two formals, none with a default. */
function canFlattenFormals(p: FormalsParam): boolean {
  if (p.formals.length > 2) return false;
  return p.formals.every(
    (f) => f.default === undefined && (f.comments === undefined || f.comments.length === 0),
  );
}

/** nixfmt `isAbsorbableExpr`, iterative over lambda chains. */
function isAbsorbableExpr(e: Expr, facts?: SourceFacts): boolean {
  let cur: Expr = e;
  for (;;) {
    if (isTerm(cur)) return isAbsorbable(cur, facts);
    if (cur.type === "With") return isAbsorbableTerm(cur.body, facts);
    if (cur.type !== "Lambda") return false;
    const p = cur.param;
    if (p.type === "IdentParam") {
      if (cur.body.type === "Lambda") {
        cur = cur.body;
        continue;
      }
      return isAbsorbableTerm(cur.body, facts);
    }
    if (p.bind !== undefined || !canFlattenFormals(p)) return false;
    // The author's line breaks: a broken-open pattern, or the body on the line after the `:`.
    if (facts !== undefined && (facts.formalsBroken(cur) || facts.bodyOnNextLine(cur))) return false;
    cur = cur.body;
  }
}

/** "Simple" expressions (nixfmt `isSimple`): short, comment-free, at most two arguments. */
function isSimple(e: Expr): boolean {
  return simpleWithin(e, 64);
}

/** `isSimple` with a depth budget: anything nested deeper than that is not simple anyway. */
function simpleWithin(e: Expr, budget: number): boolean {
  if (budget <= 0 || hasComments(e)) return false;
  switch (e.type) {
    case "Str":
    case "IndStr":
    case "Path":
    case "Var":
    case "SearchPath":
      return true;
    case "Int":
    case "Float":
      return !isNegativeLiteral(e) && prec(e) === PREC.atom;
    case "Select":
      return (
        e.default === undefined &&
        selectNeedsNoParens(e.expr) &&
        e.path.every((n) => typeof n === "string" && isBareAttrName(n)) &&
        simpleWithin(e.expr, budget - 1)
      );
    case "Paren":
      return simpleWithin(e.expr, budget - 1);
    case "Apply":
      if (e.fn.type === "Apply" && e.fn.fn.type === "Apply") return false;
      return simpleWithin(e.fn, budget - 1) && simpleWithin(e.arg, budget - 1);
    default:
      return false;
  }
}

/** Whether `e` can stand as the base of a selection without parentheses. */
function selectNeedsNoParens(e: Expr): boolean {
  switch (e.type) {
    case "Var":
    case "CurPos":
    case "SearchPath":
    case "Str":
    case "IndStr":
    case "Attrs":
    case "List":
    case "Paren":
      return true;
    case "Int":
    case "Float":
      return prec(e) === PREC.atom && !isNegativeLiteral(e);
    default:
      // Paths and URIs would swallow the dot; selections and everything else need grouping.
      return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Parenthesisation

/** Wraps `e` in a synthetic Paren, moving its comments outside the parentheses. */
function paren(e: Expr): Paren {
  if (!hasComments(e) && e.blankBefore === undefined) return { type: "Paren", expr: e };
  const { comments, trailing: tr, blankBefore, ...inner } = e;
  const out: { -readonly [K in keyof Paren]: Paren[K] } = { type: "Paren", expr: inner as Expr };
  if (comments !== undefined) out.comments = comments;
  if (tr !== undefined) out.trailing = tr;
  if (blankBefore !== undefined) out.blankBefore = blankBefore;
  return out;
}

/** `e` as an application argument, list element or `or` default: select level. */
function atSelectLevel(e: Expr): Expr {
  return prec(e) <= PREC.select ? e : paren(e);
}

/** `e` as the function of an application. */
function asFunction(e: Expr): Expr {
  return prec(e) <= PREC.apply ? e : paren(e);
}

function asSelectBase(e: Expr): Expr {
  return selectNeedsNoParens(e) ? e : paren(e);
}

function asBinaryOperand(parent: Binary, e: Expr, side: "left" | "right"): Expr {
  const p = BINARY[parent.op];
  const c = prec(e);
  if (c < p.prec) return e;
  if (c > p.prec) return paren(e);
  // Same level: pipes of different directions never mix; otherwise associativity decides.
  if (e.type === "Binary" && (parent.op === "|>" || parent.op === "<|") && e.op !== parent.op) {
    return paren(e);
  }
  if (p.assoc === side) return e;
  return paren(e);
}

function asUnaryOperand(op: "-" | "!", e: Expr): Expr {
  const c = prec(e);
  if (op === "-") return c < PREC.negate && !startsWithPath(e) ? e : paren(e);
  return c <= PREC.not ? e : paren(e);
}

/**
 * Whether `e` may print ending with a URI (its rightmost operand, argument, body, `or` default…).
 * Over-approximating is harmless: the caller only adds parentheses.
 */
function endsWithUri(e: Expr): boolean {
  let cur = e;
  for (;;) {
    switch (cur.type) {
      case "Uri":
        return true;
      case "Apply":
        cur = cur.arg;
        continue;
      case "Select":
        if (cur.default === undefined) return false;
        cur = cur.default;
        continue;
      case "Unary":
        cur = cur.expr;
        continue;
      case "Binary":
        cur = cur.right;
        continue;
      case "If":
        cur = cur.else;
        continue;
      case "Lambda":
      case "Let":
      case "With":
      case "Assert":
        cur = cur.body;
        continue;
      default:
        return false;
    }
  }
}

/**
 * Whether `e` prints starting with a path literal. `-` is a path character, so `-./a`, `-a/b` and
 * `-/a` would each lex as one path; such an operand of unary minus gets parentheses.
 */
function startsWithPath(e: Expr): boolean {
  let cur = e;
  for (;;) {
    if (cur.type === "Path") return true;
    // An application prints its function first (unparenthesised at application level).
    if (cur.type === "Apply" && prec(cur.fn) <= PREC.apply) {
      cur = cur.fn;
      continue;
    }
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Small document helpers

function commentDocs(cs: readonly Comment[] | undefined, verbatim = false): Doc {
  const out: Doc = [];
  if (cs === undefined) return out;
  for (const c of cs) out.push(...commentDoc(c, verbatim));
  return out;
}

/** A comment on its own line(s), ending with a forced line break. */
function commentDoc(c: Comment, verbatim = false): Doc {
  // Parsed line comments keep their text as written (`#foo`, `####`), as nixfmt does.
  if (verbatim && c.kind === "line") return [comment(`#${c.text.trimEnd()}`), HARDLINE];
  // A line comment ends at CR as well as LF (Nix's lexer: `#[^\r\n]*`), so only a one-line block
  // comment without CR may become `# …`.
  if (c.kind === "line" || (c.kind === "block" && !/[\r\n]/.test(c.text) && !c.text.includes("*/"))) {
    return lineComments(c.kind === "block" ? c.text.trim() : c.text);
  }
  if (c.text.includes("*/")) {
    if (c.kind === "doc") throw new NixPrintError("a doc comment cannot contain `*/`");
    return lineComments(c.text);
  }
  const lines = dedentComment(c.text);
  const out: Doc = [comment(c.kind === "doc" ? "/**" : "/*"), HARDLINE];
  const body: Doc = [];
  for (const l of lines) {
    if (l === "") body.push(EMPTYLINE);
    else body.push(comment(l), HARDLINE);
  }
  out.push({ k: 2, n: 2, doc: body }, comment("*/"), HARDLINE);
  return out;
}

function lineComments(text: string): Doc {
  const out: Doc = [];
  for (const l of text.split(/\r\n?|\n/)) {
    // Trailing whitespace of a comment line means nothing and would leave a trailing space.
    const body = l.trimEnd();
    out.push(comment(body === "" || /^\s/.test(body) ? `#${body}` : `# ${body}`), HARDLINE);
  }
  return out;
}

/** Lines of a block comment without common indentation and without blank first/last lines. */
function dedentComment(text: string): string[] {
  const lines = text.replace(/\r/g, "").split("\n").map((l) => l.trimEnd());
  while (lines.length > 0 && lines[0] === "") lines.shift();
  while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  let min = Infinity;
  for (const l of lines) {
    if (l === "") continue;
    const m = /^[ \t]*/.exec(l);
    min = Math.min(min, m === null ? 0 : m[0].length);
  }
  if (!Number.isFinite(min)) min = 0;
  return lines.map((l) => l.slice(min));
}

function trailingDoc(c: Comment | undefined, verbatim = false): Doc {
  if (c === undefined) return [];
  const text = c.kind === "line" ? c.text.trimEnd() : c.text.replace(/\s*\n\s*/g, " ").trim();
  // An empty comment (`/**/`) must not leave a trailing space.
  const t = text === "" || (c.kind === "line" && (verbatim || /^\s/.test(text))) ? `#${text}` : `# ${text}`;
  if (/[\r\n]/.test(t)) return [HARDLINE, ...lineComments(c.text)];
  return [HARDSPACE, comment(t), HARDLINE];
}

/**
 * Removes break-or-nothing and turns soft spaces into hard ones; null if a forced break occurs.
 * Groups dissolve, but nesting stays, as in nixfmt's `unexpandSpacing'`: the level of the texts
 * still decides the indentation of the lines after them (see `Layout.glue` in doc.ts).
 */
function unexpand(doc: Doc, limit: number): Doc | null {
  const res: Doc = [];
  let out: Doc = res;
  let any = false;
  let width = 0;
  let sp = 0;
  let lead = false;
  const docs: Doc[] = [doc];
  const idx: number[] = [0];
  // For each frame: how its output closes (-1 none, -2 nest, n ≥ 0 offset by n) and the parent output.
  const wraps: number[] = [-1];
  const outs: Doc[] = [res];
  for (;;) {
    const top = docs.length - 1;
    if (top < 0) break;
    const d = docs[top] as Doc;
    const i = idx[top] as number;
    if (i >= d.length) {
      docs.pop();
      idx.pop();
      const w = wraps.pop() as number;
      const inner = out;
      out = outs.pop() as Doc;
      if (w === -1 || inner.length === 0) continue;
      // Texts that follow each other are one text at the first one's level: join them, so that
      // flattening nested interpolations stays linear.
      const last = out.length - 1;
      if (last >= 0 && typeof out[last] === "string" && typeof inner[0] === "string") {
        out[last] = (out[last] as string) + (inner.shift() as string);
        if (inner.length === 0) continue;
      }
      out.push(w === -2 ? nest(inner) : { k: 2, n: w, doc: inner });
      continue;
    }
    idx[top] = i + 1;
    const e = d[i] as DocE;
    if (typeof e === "number") {
      if (e >= HARDLINE) return null;
      if (e === HARDSPACE || e === SOFTSPACE || e === SPACE) sp = 1;
      continue;
    }
    if (typeof e === "string") {
      if (sp) {
        // Leading spacing stays a spacing (below) so that it merges with the caller's own.
        if (any) out.push(HARDSPACE);
        else lead = true;
        width++;
        sp = 0;
      }
      const last = out.length - 1;
      if (last >= 0 && typeof out[last] === "string") out[last] = (out[last] as string) + e;
      else out.push(e);
      any = true;
      width += e.length;
      if (width > limit) return null;
      continue;
    }
    if (e.k === 3 || e.k === 4 || e.k === 6) return null;
    docs.push(e.doc);
    idx.push(0);
    outs.push(out);
    if (e.k === 1 || e.k === 2) {
      wraps.push(e.k === 1 ? -2 : e.n);
      out = [];
    } else wraps.push(-1);
  }
  // As nixfmt's `unexpandSpacing'`, outer spacings survive as hard spaces: flattening them into the
  // text would double them next to a caller's hard space (`a &&  f x`).
  if (lead) res.unshift(HARDSPACE);
  if (sp) res.push(HARDSPACE);
  return res;
}

/**
 * The value of a text run of a `"…"` string, from its source text; null if it has a CR (Nix
 * normalises those).
 */
function decodeStrSource(raw: string): string | null {
  if (raw.includes("\r")) return null;
  return raw.replace(/\\([\s\S])/g, (_m, c: string) =>
    c === "n" ? "\n" : c === "r" ? "\r" : c === "t" ? "\t" : c,
  );
}

/** An empty list or set with the comments written inside it, each on its own line. */
function innerContainer(sp: { inner: readonly Comment[]; open: string; close: string }): Doc {
  return [sp.open, nest([HARDLINE, ...commentDocs(sp.inner, true)]), sp.close];
}

/**
 * Splits the leading comments and hard line breaks off a document, as nixfmt's Predoc `fixup` moves
 * them out of a group: they then force the enclosing layout to break instead of only this group.
 */
function splitLead(doc: Doc): [Doc, Doc] {
  const lead: Doc = [];
  const only = doc.length === 1 ? doc[0] : undefined;
  const items = typeof only === "object" && only.k === 5 ? (only as CatE).doc : doc;
  let i = 0;
  for (; i < items.length; i++) {
    const e = items[i] as DocE;
    if (typeof e === "number" ? e === HARDSPACE || e >= HARDLINE : typeof e === "object" && e.k === 3) lead.push(e);
    else break;
  }
  // Only comments matter here: spacing alone is left where it is.
  return lead.some((e) => typeof e === "object") ? [lead, items.slice(i)] : [[], doc];
}

function sepBy(sep: DocE, docs: Doc[]): Doc {
  const out: Doc = [];
  for (let i = 0; i < docs.length; i++) {
    if (i > 0) out.push(sep);
    out.push(...(docs[i] as Doc));
  }
  return out;
}

/** An item's document: its text when it is one, else a group of its own. */
function itemDoc(d: Doc): DocE {
  return d.length === 1 && typeof d[0] === "string" ? d[0] : group(d);
}

/** Rendered static names; generated code repeats the same few names a great many times. */
const NAME_CACHE = new Map<string, string>();

function renderAttrNameStatic(name: string): string {
  let r = NAME_CACHE.get(name);
  if (r === undefined) {
    r = isBareAttrName(name) ? name : renderString(name);
    if (NAME_CACHE.size > 4096) NAME_CACHE.clear();
    NAME_CACHE.set(name, r);
  }
  return r;
}

/** Whether a static name is bare (cached like {@link renderAttrNameStatic}). */
function isBareName(name: string): boolean {
  return renderAttrNameStatic(name) === name;
}

function renderIntLiteral(v: bigint): string {
  return (v < 0n ? -v : v).toString();
}

/**
 * The complete text of a comment-free leaf that prints as a single token and never breaks, or null.
 * Leaves skip the generator machinery entirely (most nodes of generated code are leaves).
 */
function leafText(e: Expr): string | null {
  switch (e.type) {
    case "Var":
      return e.name;
    case "Int":
      if (e.value === MIN_INT) return "(-9223372036854775807 - 1)";
      return e.value < 0n ? `-${renderIntLiteral(e.value)}` : e.value.toString();
    case "Float":
      if (Object.is(e.value, -0)) return "(-1.0 * 0.0)";
      return e.value < 0 ? `-${renderUFloat(-e.value)}` : renderUFloat(e.value);
    case "Str": {
      const ps = e.parts;
      if (ps.length === 1) {
        const only = ps[0] as StrPart;
        return typeof only === "string" ? `"${escapeStrText(only, false)}"` : null;
      }
      let out = "";
      for (const p of ps) {
        if (typeof p !== "string") return null;
        out += p;
      }
      // Parts are joined first so that escaping sees whole runs (`$` then `{`).
      return `"${escapeStrText(out, false)}"`;
    }
    case "Path": {
      let out = "";
      for (const p of e.parts) {
        if (typeof p !== "string") return null;
        out += p;
      }
      return out;
    }
    case "SearchPath":
      return `<${e.path}>`;
    case "Uri":
      return e.value;
    case "CurPos":
      return "__curPos";
    case "List":
      return e.items.length === 0 ? "[ ]" : null;
    case "Attrs":
      return e.bindings.length === 0 ? (e.rec ? "rec { }" : "{ }") : null;
    default:
      return null;
  }
}

/** A copy of an item without its item-level trivia (comments are printed around it). */
function stripTrivia(e: Expr): Expr {
  const { comments: _c, trailing: _t, blankBefore: _b, ...rest } = e;
  return rest as Expr;
}

/** Whether a binding's value is certain to print as `{`/`[` … expanded (absorbed, force-expanded). */
function willExpandAsValue(e: Expr): boolean {
  if (hasComments(e)) return false;
  if (e.type === "Attrs" || e.type === "LegacyLet") {
    return e.bindings.length > 1 || (e.bindings.length === 1 && (e.bindings[0] as Binding).type !== "Inherit");
  }
  return e.type === "List" && e.items.length >= 2;
}

/** A binding item document (`[text]`, `[block]`, optionally after EMPTYLINE) as a block item. */
function toBlockItem(d: Doc): BlockItem {
  const blank = d[0] === EMPTYLINE;
  const rest = blank ? d.slice(1) : d;
  const x = asBlockOrText(rest);
  if (x === null) throw new Error("internal: a binding item is not a block");
  return { blank, item: x };
}

// ---------------------------------------------------------------------------------------------
// The printer

/**
 * Marks a comment that belongs at the end of the previous output line (nixfmt's trailing comments:
 * `a = 1; # c` before the next token, `null # c` before `else`). The printer puts such a comment on
 * its own line, led by this mark; `print` then joins the line to the one before. NUL cannot occur
 * in Nix source, so the mark is unambiguous.
 */
export const TRAILING_MARK = "\u0000";

/**
 * The parser attaches leading comments to the innermost expression starting at their place (`# c`
 * before `f x` goes to `f`); this moves them to the outermost one along the left spine, which is
 * where nixfmt prints them (e.g. before `else`).
 */
function hoistLeadingComments(e: Expr): Expr {
  if (hasComments(e)) return e;
  const spine: Expr[] = [];
  let cur: Expr = e;
  for (;;) {
    const next: Expr | null =
      cur.type === "Apply" ? cur.fn : cur.type === "Binary" ? cur.left : cur.type === "Select" || cur.type === "HasAttr" ? cur.expr : null;
    if (next === null || next.span === undefined || e.span === undefined || next.span.start.offset !== e.span.start.offset) {
      return e;
    }
    spine.push(cur);
    cur = next;
    if (cur.comments !== undefined && cur.comments.length > 0) break;
  }
  const comments = cur.comments;
  const { comments: _c, ...bare } = cur;
  let rebuilt: Expr = bare as Expr;
  for (let i = spine.length - 1; i >= 0; i--) {
    const p = spine[i] as Expr;
    rebuilt =
      p.type === "Apply"
        ? { ...p, fn: rebuilt }
        : p.type === "Binary"
          ? { ...p, left: rebuilt }
          : ({ ...p, expr: rebuilt } as Expr);
  }
  return { ...rebuilt, comments } as Expr;
}

class Printer {
  private readonly hooks: DataHooks;
  /** Sets and lists that the data path found not to be plain data (never retried; see data.ts). */
  private readonly nonData = new WeakSet<object>();
  constructor(private readonly ctx: PrintContext) {
    this.hooks = dataHooks(ctx.width);
  }

  /** The plain-data block of a set or list that its context expands, or null. */
  private dataBlock(n: Attrs | List): BlockE | null {
    if (this.ctx.dataFastPath === false) return null;
    const t = dataText(n, this.hooks, this.nonData);
    return t === null ? null : linesBlock(t);
  }

  /** See {@link entryText}: the item as `set` and `list` lay out a plain binding or element. */
  *entry(e: Binding | Expr): Gen {
    if (e.type === "Assign" || e.type === "Inherit") {
      const r = this.bindingItem(e, true);
      return Array.isArray(r) ? r : yield r;
    }
    const r = this.pretty(atSelectLevel(e));
    return [this.block([itemDoc(Array.isArray(r) ? r : yield r)])];
  }

  *top(e: Expr): Gen {
    const d = yield this.pretty(e);
    return [group(d)];
  }

  /**
   * Work for `pretty e`: a finished document for comment-free leaves, else a generator. This is the
   * single dispatch over node kinds.
   */
  pretty(e: Expr): Req {
    if (hasComments(e)) return this.withComments(e);
    const t = this.leaf(e);
    if (t !== null && !this.brokenEmpty(e)) return [t];
    return this.bare(e);
  }

  /**
   * Parsed code: the comments written inside an empty list or set (`{\n  # c\n}`), which the
   * parser puts last among the node's comments; they are those before its closing bracket.
   */
  private splitInner(e: Expr): { inner: readonly Comment[]; rest: Expr; open: string; close: string } | null {
    const f = this.ctx.facts;
    const cs = e.comments;
    if (f === undefined || e.span === undefined || cs === undefined) return null;
    let open: string;
    let close: string;
    if (e.type === "List" && e.items.length === 0) [open, close] = ["[", "]"];
    else if (e.type === "Attrs" && e.bindings.length === 0) [open, close] = [e.rec ? "rec {" : "{", "}"];
    else return null;
    const end = e.span.end.offset - 1;
    const next = f.commentsBeforeNext(end);
    if (next === null || next.at !== end || next.infos.length > cs.length) return null;
    const k = cs.length - next.infos.length;
    return { inner: cs.slice(k), rest: { ...e, comments: k > 0 ? cs.slice(0, k) : undefined }, open, close };
  }

  /** `leafText`, with a parsed string's text as written (see {@link rawStrText}). */
  private leaf(e: Expr): string | null {
    if (e.type === "Str" && this.ctx.facts !== undefined && e.span !== undefined) {
      const parts = mergeTextParts(e.parts);
      if (parts.length === 1 && typeof parts[0] === "string") {
        const raw = this.rawStrText(e, parts)?.[0];
        if (raw !== undefined) return `"${raw}"`;
      }
    }
    return leafText(e);
  }

  private *withComments(whole: Expr): Gen {
    const split = this.splitInner(whole);
    const e = split === null ? whole : split.rest;
    const { comments, trailing: tr, ...rest } = e;
    // An application whose first token carries comments is not "simple" for nixfmt (its `isSimple`
    // wants trivia-free tokens), so its last argument may go to the next line.
    const d =
      split !== null
        ? innerContainer(split)
        : rest.type === "Apply" && comments !== undefined && comments.length > 0
          ? yield this.app(false, [], false, rest.fn, rest.arg, true)
          : yield this.bare(rest as Expr);
    const out: Doc = [];
    if (comments !== undefined && comments.length > 0) {
      // A blank line before the comments is theirs too (nixfmt: trivia of the first token).
      out.push(this.blankBeforeNode(e) && !this.firstCommentTrailing(e) ? EMPTYLINE : HARDLINE);
      out.push(...this.leadingComments(e, comments));
      if (this.blankAfterComments(e)) out.push(EMPTYLINE);
    }
    // nixfmt moves leading comments out of the enclosing group (Predoc's fixup), so they do not
    // force a set after them to expand: the set gets a group of its own.
    out.push(e.type === "Attrs" && this.ctx.facts !== undefined ? group(d) : cat(d), ...trailingDoc(tr, this.ctx.facts !== undefined));
    return out;
  }

  // A plain switch: this runs once per node, and a pattern-matching chain cost a quarter of format().
  private bare(e: Expr): Req {
    switch (e.type) {
      case "Int":
        if (e.value === MIN_INT) return ["(-9223372036854775807 - 1)"];
        return e.value < 0n ? ["-", renderIntLiteral(e.value)] : [e.value.toString()];
      case "Float":
        if (Object.is(e.value, -0)) return ["(-1.0 * 0.0)"];
        return e.value < 0 ? ["-", renderUFloat(-e.value)] : [renderUFloat(e.value)];
      case "Str":
        return this.str(e);
      case "IndStr":
        return this.indStr(e);
      case "Path":
        return this.path(e.parts);
      case "SearchPath":
        return [`<${e.path}>`];
      case "Uri":
        return [e.value];
      case "Var":
        return [e.name];
      case "CurPos":
        return ["__curPos"];
      case "Attrs":
        return this.set(e.rec ? "rec" : null, e.bindings, false, e);
      case "LegacyLet":
        return this.set("let", e.bindings, false);
      case "List":
        return this.listGrouped(e);
      case "Let":
        return this.letIn(e.bindings, e.body);
      case "With":
        return this.withExpr(e, false);
      case "Assert":
        return this.assertExpr(e.cond, e.body);
      case "If":
        return this.ifExpr(e);
      case "Lambda":
        return this.lambda(e);
      case "Apply":
        return this.app(false, [], false, e.fn, e.arg);
      case "Select":
        return this.select(e);
      case "HasAttr":
        return this.hasAttr(e.expr, e.path);
      case "Unary":
        return this.unary(e.op, e.expr);
      case "Binary":
        return this.binary(e);
      case "Paren":
        return this.parenTerm(e);
      default: {
        const never: never = e;
        throw new Error(`unknown node ${(never as Expr).type}`);
      }
    }
  }

  /** `prettyTerm`: like `pretty` but a list is not wrapped in its own group. */
  private term(e: Expr): Req {
    if (e.type === "List" && !hasComments(e)) return this.list(e, HARDLINE);
    return this.pretty(e);
  }

  /** `prettyTermWide`: attribute sets force-expanded. */
  private termWide(e: Expr): Req {
    if (!hasComments(e)) {
      if (e.type === "Attrs") return this.set(e.rec ? "rec" : null, e.bindings, true, e);
      if (e.type === "LegacyLet") return this.set("let", e.bindings, true);
    }
    return this.term(e);
  }

  /** `absorbExpr`. */
  private absorbExpr(wide: boolean, e: Expr): Req {
    if (isAbsorbableTerm(e, this.ctx.facts)) return wide ? this.termWide(e) : this.term(e);
    if (e.type === "With" && !hasComments(e) && isAbsorbableTerm(e.body, this.ctx.facts)) {
      return this.withExpr(e, true);
    }
    return this.pretty(e);
  }

  // --- strings ---------------------------------------------------------------------------------

  private *interp(e: Expr): Gen {
    if (this.blankBeforeCloser(e)) {
      // nixfmt keeps a blank line before the closing `}` (trivia of `}`): it cannot be flattened.
      return [group(["${", nest([BREAK, cat(yield this.pretty(e))]), EMPTYLINE, "}"])];
    }
    if (isAbsorbableTerm(e, this.ctx.facts) && !hasComments(e)) {
      const d = yield this.term(e);
      return [group(["${", cat(d), "}"])];
    }
    const d = yield this.pretty(e);
    const flat = unexpand(d, isSimple(e) ? Infinity : 30);
    if (flat !== null) return ["${", cat(flat), "}"];
    return [group(["${", nest([BREAK, cat(d)]), BREAK, "}"])];
  }

  private *str(n: Str): Gen {
    const parts = mergeTextParts(n.parts);
    const raw = this.rawStrText(n, parts);
    // The string is one line of text as printed (newlines are escaped): nixfmt's line rules apply.
    const line = parts.map((p, i) => (typeof p === "string" ? (raw?.[i] ?? escapeStrText(p, i + 1 < parts.length)) : p));
    return [group(['"', cat(yield this.strLine(line)), '"'])];
  }

  /**
   * Parsed code: the text parts of a string as the author wrote them (nixfmt keeps string text
   * verbatim: `"\a"`, a literal tab), each only if it still reads as the part's value; else null.
   */
  private rawStrText(n: Str, parts: readonly StrPart[]): (string | undefined)[] | null {
    const f = this.ctx.facts;
    if (f === undefined || n.span === undefined) return null;
    const segs = f.strSegments(n.span.start.offset);
    if (segs === null) return null;
    let interps = 0;
    for (const p of parts) if (typeof p !== "string") interps++;
    if (segs.length !== interps + 1) return null;
    const out: (string | undefined)[] = new Array<string | undefined>(parts.length);
    let seg = 0;
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i] as StrPart;
      if (typeof p !== "string") seg++;
      else if (decodeStrSource(segs[seg] as string) === p) out[i] = segs[seg];
    }
    return out;
  }

  private *indStr(n: IndStr): Gen {
    const lines = indStrLines(n.parts);
    const docs: Doc[] = [];
    for (const line of lines) docs.push(yield this.strLine(line));
    if (docs.length === 1) return [group(["''", ...(docs[0] as Doc), "''"])];
    return [group(["''", BREAK, nest(sepBy(NEWLINES + 1, docs)), "''"])];
  }

  private *path(parts: readonly StrPart[]): Gen {
    const out: Doc = [];
    for (const p of parts) {
      if (typeof p === "string") out.push(p);
      else out.push(cat(yield this.interp(p)));
    }
    return out;
  }

  // --- attribute names ---------------------------------------------------------------------------

  private *attrName(a: AttrName): Gen {
    if (typeof a === "string") return [renderAttrNameStatic(a)];
    // A string name stays `"…"` unless the author wrote it as `${"…"}` (nixfmt keeps that).
    const f = this.ctx.facts;
    const written = f !== undefined && a.span !== undefined && f.afterInterpolationOpen(a.span.start.offset);
    if (a.type === "Str" && !hasComments(a) && !written) return yield this.str(a);
    return yield this.interp(a);
  }

  private attrPath(path: readonly AttrName[], dotFirst: boolean): Req {
    let s = "";
    for (let i = 0; i < path.length; i++) {
      const a = path[i] as AttrName;
      if (typeof a !== "string") return this.attrPathG(path, dotFirst);
      s += i > 0 || dotFirst ? `.${renderAttrNameStatic(a)}` : renderAttrNameStatic(a);
    }
    return [s];
  }

  private *attrPathG(path: readonly AttrName[], dotFirst: boolean): Gen {
    const out: Doc = [];
    for (let i = 0; i < path.length; i++) {
      if (i > 0 || dotFirst) out.push(".");
      out.push(cat(yield this.attrName(path[i] as AttrName)));
    }
    return out;
  }

  // --- bindings --------------------------------------------------------------------------------

  /** A binding item with its comments, blank line and trailing comment. */
  private bindingItem(b: Binding, first: boolean): Req {
    if (b.type === "Assign" && b.comments === undefined && b.trailing === undefined) {
      const flat = this.leafBinding(b.path, b.value);
      if (flat !== null) return this.blankItem(b, first) ? [EMPTYLINE, flat] : [flat];
    }
    return this.bindingItemG(b, first);
  }

  /** An empty list or set the author wrote over two lines (`{\n}`): it prints that way. */
  private brokenEmpty(e: Expr): boolean {
    const f = this.ctx.facts;
    return f !== undefined && (e.type === "Attrs" || e.type === "List") && f.bracketsBroken(e);
  }

  /**
   * A node's leading comments, with the blank lines the source has between them (parsed code;
   * generated comments follow each other directly).
   */
  private leadingComments(node: NodeBase, cs: readonly Comment[] | undefined): Doc {
    const f = this.ctx.facts;
    if (f === undefined || node.span === undefined || cs === undefined || cs.length === 0) {
      return commentDocs(cs, f !== undefined);
    }
    return this.commentsAt(node.span.start.offset, cs);
  }

  /**
   * Parsed code: comments that end before the token at `offset`, laid out as in the source: blank
   * lines between them kept, and a first comment that sat at the end of the previous token's line
   * marked to go back there (see {@link TRAILING_MARK}).
   */
  private commentsAt(offset: number, cs: readonly Comment[], total = cs.length): Doc {
    // `cs` are the first of the `total` comments that end before the token at `offset`.
    const info = this.ctx.facts?.commentInfo(offset, total) ?? null;
    if (info === null) return commentDocs(cs, true);
    const out: Doc = [];
    for (let i = 0; i < cs.length; i++) {
      const c = cs[i] as Comment;
      const ci = info[i] as { blank: boolean; sameLine: boolean };
      if (i > 0 && ci.blank) out.push(EMPTYLINE);
      if (i === 0 && ci.sameLine && c.kind === "line") {
        out.push(comment(`${TRAILING_MARK}#${c.text.trimEnd()}`), HARDLINE);
      } else out.push(...commentDoc(c, true));
    }
    return out;
  }

  /**
   * Parsed code: the leading comments of `x` that were written before the token preceding it (an
   * operator, `else`), which the parser hands to the next expression; and `x` with only the
   * comments written right before it. Null when there are none.
   */
  private commentsBeforeToken(x: Expr): { before: readonly Comment[]; rest: Expr } | null {
    const f = this.ctx.facts;
    const cs = x.comments;
    if (f === undefined || cs === undefined || cs.length === 0 || x.span === undefined || x.trailing !== undefined) return null;
    // Comments inside an empty list or set are the node's own, whatever precedes it.
    const inner = this.splitInner(x)?.inner.length ?? 0;
    const own = cs.length - inner;
    const after = f.commentBlanks(x.span.start.offset)?.length ?? 0;
    if (after >= own) return null;
    const { comments: _c, ...bare } = x;
    const kept = cs.slice(own - after);
    const rest = (kept.length > 0 ? { ...bare, comments: kept } : bare) as Expr;
    return { before: cs.slice(0, own - after), rest };
  }

  /**
   * Parsed code: whether the node's first comment sits on the line of the token before it (it is
   * printed there; a blank line after it is printed by `commentsAt` or after the comments).
   */
  private firstCommentTrailing(e: Expr): boolean {
    const f = this.ctx.facts;
    const n = e.comments?.length ?? 0;
    if (f === undefined || e.span === undefined || n === 0) return false;
    return f.commentInfo(e.span.start.offset, n)?.[0]?.sameLine === true;
  }

  /** Parsed code: whether a blank line precedes the node (before its comments, if any). */
  private blankBeforeNode(e: NodeBase): boolean {
    const f = this.ctx.facts;
    return f !== undefined && e.span !== undefined && f.blankBeforeLeading(e.span.start.offset);
  }

  /** Parsed code: whether a blank line precedes the token after `e` that closes it (`}` of `${`, `)`). */
  private blankBeforeCloser(e: Expr): boolean {
    const f = this.ctx.facts;
    return f !== undefined && e.span !== undefined && f.blankBeforeNext(e.span.end.offset);
  }

  /** Whether the source has a blank line between a node's leading comments and the node. */
  private blankAfterComments(e: NodeBase): boolean {
    const f = this.ctx.facts;
    return f !== undefined && e.span !== undefined && f.blankAfterComments(e.span.start.offset);
  }

  /** Whether the source has a blank line before the closing bracket of a node. */
  private blankBeforeClose(e: NodeBase): boolean {
    const f = this.ctx.facts;
    return f !== undefined && e.span !== undefined && f.blankBefore(e.span.end.offset - 1);
  }

  /**
   * Parsed code: the comments written after a container's last item, before its closing token
   * (`}`, `]`, `in`), which the parser hangs on that item (as its trailing comment or after its
   * leading ones). nixfmt prints them on their own lines before the closing token. Returns the
   * item without them, the comments as block items (blank lines as in the source) and whether a
   * blank line precedes the closing token; null when there are none.
   */
  private danglingAfterLast<T extends NodeBase>(item: T): { item: T; lines: BlockItem[]; blankClose: boolean } | null {
    const f = this.ctx.facts;
    if (f === undefined || item.span === undefined) return null;
    const next = f.commentsBeforeNext(item.span.end.offset);
    if (next === null) return null;
    // A first comment on the item's line is its own trailing comment (the parser took it so).
    const own = (next.infos[0] as CommentInfo).sameLine ? 1 : 0;
    const infos = next.infos.slice(own);
    const n = infos.length;
    if (n === 0) return null;
    let rest: T;
    let dangling: readonly Comment[];
    const cs = item.comments ?? [];
    if (own === 0 && n === 1 && item.trailing !== undefined) {
      const { trailing: tr, ...bare } = item;
      rest = bare as unknown as T;
      dangling = [tr];
    } else {
      if (cs.length < n) return null;
      const kept = cs.slice(0, cs.length - n);
      const { comments: _c, ...bare } = item;
      rest = (kept.length > 0 ? { ...bare, comments: kept } : bare) as unknown as T;
      dangling = cs.slice(cs.length - n);
    }
    const lines: BlockItem[] = [];
    for (let i = 0; i < n; i++) {
      const doc = commentDoc(dangling[i] as Comment, true);
      lines.push({ blank: (infos[i] as CommentInfo).blank, item: this.block(doc) });
    }
    return { item: rest, lines, blankClose: f.blankAfterComments(next.at) };
  }

  /** Whether a blank line goes before an item: as recorded, or (first items) as in the source. */
  private blankItem(b: NodeBase, first: boolean): boolean {
    const f = this.ctx.facts;
    if (f !== undefined && b.span !== undefined) return f.blankBeforeLeading(b.span.start.offset);
    return !first && b.blankBefore === true;
  }

  /**
   * `name = leaf;` pre-rendered as one text when it is certain to be laid out flat: a binding item
   * starts its own line (or sits in a set that is flat anyway) and width excludes indentation, so
   * fitting is independent of where the set is. Strings and paths never break at all.
   */
  private leafBinding(path: readonly AttrName[], value: Expr): string | null {
    if (hasComments(value)) return null;
    const v = this.leaf(value);
    if (v === null || this.brokenEmpty(value)) return null;
    let lhs = "";
    for (let i = 0; i < path.length; i++) {
      const a = path[i] as AttrName;
      if (typeof a !== "string") return null;
      lhs += i === 0 ? renderAttrNameStatic(a) : `.${renderAttrNameStatic(a)}`;
    }
    const text = `${lhs} = ${v};`;
    // Strings and paths never break, but only a simple name keeps them on the `=` line.
    const simple = path.length <= 4 && path.every((a) => isBareName(a as string));
    const unbreakable = value.type === "Str" || value.type === "Path" || value.type === "IndStr";
    return (unbreakable && simple) || text.length < this.ctx.width ? text : null;
  }

  private *bindingItemG(b: Binding, first: boolean): Gen {
    const blank = this.blankItem(b, first);
    if (
      b.type === "Assign" &&
      b.comments === undefined &&
      b.trailing === undefined &&
      willExpandAsValue(b.value) &&
      b.path.length <= 4 &&
      b.path.every((a) => typeof a === "string" && isBareName(a))
    ) {
      // `name = {` … `};`: the value is a block already; no layout pass is needed.
      const v = asBlockOrText(yield this.termWide(b.value));
      if (v !== null && typeof v !== "string") {
        const blk = wrapBlock(`${(b.path as readonly string[]).join(".")} = `, v, ";");
        return blank ? [EMPTYLINE, blk] : [blk];
      }
    }
    const item: Doc = [...this.leadingComments(b, b.comments)];
    if (b.comments !== undefined && b.comments.length > 0 && this.blankAfterComments(b)) item.push(EMPTYLINE);
    const d =
      b.type === "Assign"
        ? yield this.assign(b.path, b.value)
        : yield this.inherit(b.from, b.names, this.ctx.facts?.inheritBroken(b) ?? false, b.gaps);
    item.push(itemDoc(d), ...trailingDoc(b.trailing, this.ctx.facts !== undefined));
    const blk = this.block(item);
    return blank ? [EMPTYLINE, blk] : [blk];
  }

  /** An item that starts its own line, laid out now (see `renderBlock`). */
  private block(item: Doc): string | BlockE {
    const direct = asBlockOrText(item);
    if (direct !== null) return direct;
    return renderBlock(item, { width: this.ctx.width, indent: 2 }) as string | BlockE;
  }

  private *assign(path: readonly AttrName[], value: Expr): Gen {
    const lhs = yield this.attrPath(path, false);
    const simpleLhs = path.length <= 4 && path.every((a) => typeof a === "string" && isBareName(a));
    const rhs = yield this.absorbRHS(value);
    const r: Doc = simpleLhs ? rhs : [BREAK, group(rhs, PRIORITY)];
    return [cat(lhs), nest([HARDSPACE, "=", cat(r)]), ";"];
  }

  private *inherit(from: Expr | undefined, names: readonly string[], broken = false, gaps?: readonly InheritGap[]): Gen {
    const verbatim = this.ctx.facts !== undefined;
    // A gap as nixfmt prints a token's comments: the trailing one after the token before it, then
    // a blank line and the comments on their own lines before the next token.
    const after = (i: number): Doc => trailingDoc(gaps?.[i]?.trailing, verbatim);
    const before = (i: number): Doc => {
      const g = gaps?.[i];
      if (g === undefined) return [];
      return [...(g.blankBefore === true ? [EMPTYLINE] : []), ...commentDocs(g.comments, verbatim)];
    };
    // `or` is a keyword-like name: nixpkgs writes `inherit "or"` (and older Nix needs the quotes),
    // and the AST cannot tell how the source spelled it, so it is always quoted here.
    const ids = names.map((n, i): Doc => [
      ...before(i),
      n === "or" ? '"or"' : renderAttrNameStatic(n),
      ...after(i + 1),
    ]);
    const few = names.length < 4 && !broken;
    const sep = few ? SPACE : HARDLINE;
    const nosep = few ? BREAK : HARDLINE;
    const semi: Doc = [...before(names.length), ";"];
    // With no names, nixfmt's layout gives `inherit ;` (the separators merge into one space).
    if (from === undefined) return ["inherit", ...after(0), sep, nest([...sepBy(sep, ids), nosep, ...semi])];
    // Comments before `(from)` are the keyword's: one on its line stays there (parsed code).
    const cs = from.comments;
    const body: Doc = [];
    if (cs !== undefined && cs.length > 0) {
      body.push(HARDLINE, ...this.leadingComments(from, cs));
      from = { ...from, comments: undefined } as Expr;
    }
    const src = yield this.pretty(paren(from));
    // A comment after `(from)` goes inside its group without the line break: text of a flat group
    // does not fix the indentation of the names that follow.
    const tail = after(0);
    body.push(group([SPACE, cat(src), ...tail.slice(0, -1)]), ...tail.slice(-1));
    body.push(sep, ...sepBy(sep, ids), nosep, ...semi);
    return ["inherit", nest(body)];
  }

  /** `absorbRHS`: the value of a binding or a formal's default. */
  private *absorbRHS(e: Expr): Gen {
    // An empty list or set with comments inside is absorbed like a non-empty one (nixfmt counts
    // the comments as items).
    const sp = this.splitInner(e);
    if (sp !== null && !hasComments(sp.rest)) return [nest([HARDSPACE, group(innerContainer(sp))])];
    if (
      (e.type === "Attrs" || e.type === "LegacyLet") &&
      !hasComments(e) &&
      e.bindings.length === 1 &&
      (e.bindings[0] as Binding).type === "Inherit"
    ) {
      return [nest([HARDSPACE, group(yield this.absorbExpr(false, e))])];
    }
    if (!hasComments(e)) {
      if (isAbsorbableExpr(e, this.ctx.facts)) return [nest([HARDSPACE, group(yield this.absorbExpr(true, e))])];
      switch (e.type) {
        case "Paren":
          return [nest([HARDSPACE, cat(yield this.absorbParen(e.expr))])];
        case "Str":
        case "IndStr":
        case "Path":
          return [nest([HARDSPACE, group(yield this.pretty(e))])];
        case "Apply":
          return [nest(yield this.app(false, [SPACE], false, e.fn, e.arg))];
        case "With":
          return [nest([group([SPACE, cat(yield this.pretty(e))])])];
        case "Binary": {
          if (e.op === "//" || e.op === "++" || e.op === "+") {
            const ops = this.flattenOp(e);
            const first = ops[0] as Expr;
            if (isAbsorbableTerm(first, this.ctx.facts) && !hasComments(first)) {
              return [HARDSPACE, cat(yield this.op(e, true))];
            }
            const last = ops[ops.length - 1] as Expr;
            // nixfmt's case 2 wants the operator without trivia: comments before it (which the
            // parser hands to `last`) make this an ordinary operator chain.
            if (ops.length === 2 && isAbsorbableTerm(last, this.ctx.facts) && (this.ctx.facts === undefined || !hasComments(last))) {
              const l = yield this.pretty(first);
              const r = yield this.termWide(last);
              return [
                nest([
                  group([
                    SPACE,
                    cat(l),
                    SPACE,
                    group([e.op, HARDSPACE, group(r, PRIORITY)], TRANSPARENT),
                  ]),
                ]),
              ];
            }
          }
          break;
        }
        default:
          if (isTerm(e)) return [nest([group([SPACE, cat(yield this.pretty(e))])])];
      }
    }
    return [nest([SPACE, group(yield this.pretty(e))])];
  }

  // --- sets and lists --------------------------------------------------------------------------

  private *set(kw: string | null, bindings: readonly Binding[], wide: boolean, node?: Attrs): Gen {
    const head: Doc = kw === null ? ["{"] : [kw, HARDSPACE, "{"];
    const broken = node !== undefined && (this.ctx.facts?.bracketsBroken(node) ?? false);
    if (bindings.length === 0) return [...head, broken ? HARDLINE : HARDSPACE, "}"];
    if (wide || bindings.length >= 2 || broken) {
      // Certain to expand: build the block directly (plain data in one go).
      if (kw === null && node !== undefined) {
        const fast = this.dataBlock(node);
        if (fast !== null) return [fast];
      }
      const blockItems: BlockItem[] = [];
      const dangling = this.danglingAfterLast(bindings[bindings.length - 1] as Binding);
      for (let i = 0; i < bindings.length; i++) {
        const b = dangling !== null && i === bindings.length - 1 ? dangling.item : (bindings[i] as Binding);
        const r = this.bindingItem(b, i === 0);
        const d = Array.isArray(r) ? r : yield r;
        blockItems.push(toBlockItem(d));
      }
      if (dangling !== null) blockItems.push(...dangling.lines);
      const blankClose = dangling !== null ? dangling.blankClose : node !== undefined && this.blankBeforeClose(node);
      return [bracketBlock(kw === null ? "{" : `${kw} {`, blockItems, "}", blankClose)];
    }
    const items: Doc = [];
    for (let i = 0; i < bindings.length; i++) {
      if (i > 0) items.push(HARDLINE);
      const r = this.bindingItem(bindings[i] as Binding, i === 0);
      items.push(cat(Array.isArray(r) ? r : yield r));
    }
    return [...head, SPACE, nest(items), SPACE, "}"];
  }

  private listGrouped(n: List): Req {
    if (n.items.length === 0) return ["[", this.ctx.facts?.bracketsBroken(n) ? HARDLINE : HARDSPACE, "]"];
    return this.list(n, HARDLINE, true);
  }

  private *list(n: List, sep: number, grouped = false): Gen {
    const broken = this.ctx.facts?.bracketsBroken(n) ?? false;
    if (n.items.length === 0) return ["[", broken ? HARDLINE : HARDSPACE, "]"];
    if (sep === HARDLINE && n.items.length >= 2) {
      const fast = this.dataBlock(n);
      if (fast !== null) return [fast];
    }
    const blocks: BlockItem[] = [];
    const dangling = sep === HARDLINE ? this.danglingAfterLast(n.items[n.items.length - 1] as Expr) : null;
    for (let i = 0; i < n.items.length; i++) {
      const whole = dangling !== null && i === n.items.length - 1 ? dangling.item : (n.items[i] as Expr);
      // An empty list or set with comments inside: those are its own, not the item's.
      const sp = this.splitInner(whole);
      const it = sp === null ? whole : sp.rest;
      const plain = it.comments === undefined && it.trailing === undefined && it.blankBefore === undefined;
      const node = plain ? it : stripTrivia(it);
      const r = sp !== null ? innerContainer(sp) : this.pretty(atSelectLevel(node));
      const d = Array.isArray(r) ? r : yield r;
      const item: Doc = plain ? [] : [...this.leadingComments(it, it.comments)];
      if (!plain && it.comments !== undefined && it.comments.length > 0 && this.blankAfterComments(it)) {
        item.push(EMPTYLINE);
      }
      item.push(itemDoc(d));
      if (!plain) item.push(...trailingDoc(it.trailing, this.ctx.facts !== undefined));
      blocks.push({ blank: this.blankItem(it, i === 0), item: this.block(item) });
    }
    if (dangling !== null) blocks.push(...dangling.lines);
    if (sep === HARDLINE && (n.items.length >= 2 || broken || dangling !== null)) {
      return [bracketBlock("[", blocks, "]", dangling !== null ? dangling.blankClose : this.blankBeforeClose(n))];
    }
    const items: Doc = [];
    for (let i = 0; i < blocks.length; i++) {
      const b = blocks[i] as BlockItem;
      if (i > 0) items.push(sep);
      if (b.blank && i > 0) items.push(EMPTYLINE);
      items.push(b.item);
    }
    const d: Doc = ["[", SPACE, nest(items), SPACE, "]"];
    return grouped ? [group(d)] : d;
  }

  // --- let, with, assert, if -------------------------------------------------------------------

  private *letIn(bindings: readonly Binding[], body: Expr): Gen {
    const items: Doc = [];
    const dangling = bindings.length > 0 ? this.danglingAfterLast(bindings[bindings.length - 1] as Binding) : null;
    for (let i = 0; i < bindings.length; i++) {
      const bd = dangling !== null && i === bindings.length - 1 ? dangling.item : (bindings[i] as Binding);
      items.push(HARDLINE, cat(yield this.bindingItem(bd, i === 0)));
    }
    // Comments written before `in` stay there, on their own lines.
    if (dangling !== null) for (const l of dangling.lines) items.push(HARDLINE, ...(l.blank ? [EMPTYLINE] : []), l.item);
    const b = yield this.pretty(body);
    const f = this.ctx.facts;
    const blank = body.span !== undefined && (f?.blankBefore(body.span.start.offset) ?? false);
    const blankIn =
      dangling !== null ? dangling.blankClose : body.span !== undefined && (f?.blankBeforePrevious(body.span.start.offset) ?? false);
    return [
      group(["let", nest(items)]),
      HARDLINE,
      ...(blankIn ? [EMPTYLINE] : []),
      group(["in", HARDLINE, ...(blank ? [EMPTYLINE] : []), cat(b)]),
    ];
  }

  private *withExpr(n: With, absorb: boolean): Gen {
    const env = yield this.pretty(n.env);
    if (absorb) {
      const body = yield this.termWide(n.body);
      return [
        group(
          [BREAK, "with", HARDSPACE, nest([group(env)]), ";", HARDSPACE, group(body, PRIORITY)],
          REGULAR,
        ),
      ];
    }
    const body = yield this.pretty(n.body);
    const blank = this.blankBeforeNode(n.body);
    return [group(["with", HARDSPACE, nest([group(env)]), ";"]), ...(blank ? [HARDLINE, EMPTYLINE] : [SPACE]), cat(body)];
  }

  private *assertExpr(cond: Expr, body: Expr): Gen {
    // Rendered as if `assert` were a function applied to the condition's own arguments.
    const args: Expr[] = [];
    let head: Expr = cond;
    while (head.type === "Apply" && !hasComments(head)) {
      args.push(head.arg);
      head = head.fn;
    }
    args.reverse();
    const condArgs = args.length === 0 ? [cond] : [asFunction(head), ...args.map(atSelectLevel)];
    const app = yield this.appParts(false, [], false, ["assert"], condArgs, false);
    // A comment on the `;` line is the `;`'s trailing comment (nixfmt): its space counts when the
    // condition is fitted on its line.
    let semi: Doc = [";"];
    let rest = body;
    if (this.firstCommentTrailing(body) && (body.comments as readonly Comment[])[0]?.kind === "line") {
      const cs = body.comments as readonly Comment[];
      semi = [";", ...trailingDoc(cs[0], true)];
      rest = { ...body, comments: cs.length > 1 ? cs.slice(1) : undefined } as Expr;
    }
    const b = yield this.pretty(rest);
    return [group([cat(app), ...semi, HARDLINE, ...(this.blankBeforeNode(body) ? [EMPTYLINE] : []), cat(b)])];
  }

  private *ifExpr(n: If): Gen {
    const out: Doc = [];
    let cur: Expr = n;
    let sep: number = SPACE;
    for (;;) {
      const fc = this.ctx.facts;
      if (cur !== n && cur.type === "If" && fc !== undefined && cur.span !== undefined && cur.trailing === undefined) {
        // Parsed code: comments or a blank line between `else` and `if` stay there, and the chain
        // goes on at the same level (nixfmt prints the `if` token's trivia after `else `).
        const at = cur.span.start.offset;
        if (cur.comments !== undefined && cur.comments.length > 0) {
          const first = fc.commentInfo(at, cur.comments.length)?.[0];
          out.push(first?.blank === true ? EMPTYLINE : HARDLINE, ...this.commentsAt(at, cur.comments));
          if (this.blankAfterComments(cur)) out.push(EMPTYLINE);
          const { comments: _c, ...bare } = cur;
          cur = bare as If;
        } else if (fc.blankBefore(at)) out.push(EMPTYLINE);
      }
      if (cur.type !== "If" || (cur !== n && hasComments(cur))) {
        out.push(SPACE, nest([group(yield this.pretty(cur))]));
        break;
      }
      const c = yield this.pretty(cur.cond);
      // Parsed code: comments written before `then` (the parser hands them to the branch) stay
      // there, which expands the condition (`if` / cond / `# c` / `then`; `cond # c` / `then`).
      const thenSplit = this.ctx.facts === undefined ? null : this.commentsBeforeToken(hoistLeadingComments(cur.then));
      const t = yield this.pretty(thenSplit === null ? cur.then : thenSplit.rest);
      // A blank line the author left before `then` is kept (nixfmt: trivia of the `then` token).
      const blankThen = this.ctx.facts !== undefined && cur.then.span !== undefined && this.ctx.facts.blankBeforePrevious(cur.then.span.start.offset);
      if (thenSplit === null) out.push(group(["if", SPACE, nest(c), blankThen ? EMPTYLINE : SPACE, "then"]));
      else {
        const at = (cur.then.span as NonNullable<Expr["span"]>).start.offset;
        const total = (hoistLeadingComments(cur.then).comments as readonly Comment[]).length;
        out.push(group(["if", SPACE, nest(c), HARDLINE, ...this.commentsAt(at, thenSplit.before, total), "then"]));
      }
      out.push(sep, nest([group(t)]));
      let next: Expr = this.ctx.facts === undefined ? cur.else : hoistLeadingComments(cur.else);
      // Parsed code: comments written before `else` (not between `else` and `if`) stay there,
      // on their own lines, and the chain goes on as `else if` (nixfmt keeps them on `else`).
      const f = this.ctx.facts;
      if (
        f !== undefined &&
        next.comments !== undefined &&
        next.comments.length > 0 &&
        next.trailing === undefined &&
        next.span !== undefined &&
        (f.commentBlanks(next.span.start.offset)?.length ?? 0) < next.comments.length
      ) {
        // The comments after `else` are those of the branch's first token; the rest came before.
        const after: number = f.commentBlanks(next.span.start.offset)?.length ?? 0;
        const before = next.comments.slice(0, next.comments.length - after);
        out.push(HARDLINE);
        if (f.blankBeforePrevious(next.span.start.offset)) out.push(EMPTYLINE);
        out.push(...this.commentsAt(next.span.start.offset, before, next.comments.length), "else", HARDSPACE);
        const { comments: _c, ...bare } = next;
        next = after > 0 ? { ...bare, comments: next.comments.slice(next.comments.length - after) } : bare;
      } else if (f !== undefined && next.span !== undefined && f.blankBeforePrevious(next.span.start.offset)) {
        // A blank line before `else` is kept.
        out.push(EMPTYLINE, "else", HARDSPACE);
      } else out.push(sep, "else", HARDSPACE);
      sep = HARDLINE;
      cur = next;
    }
    return [group(out)];
  }

  // --- lambdas ---------------------------------------------------------------------------------

  private *formals(p: FormalsParam, broken = false): Gen {
    let set: Doc;
    if (p.formals.length === 0 && !p.ellipsis) set = [group(["{", HARDSPACE, "}"])];
    else {
      const flat = canFlattenFormals(p) && !broken;
      const sep = flat ? SPACE : HARDLINE;
      const items: Doc[] = [];
      for (let i = 0; i < p.formals.length; i++) {
        const f = p.formals[i] as (typeof p.formals)[number];
        const isLast = i === p.formals.length - 1 && !p.ellipsis;
        const d: Doc = [];
        const fb = this.ctx.facts;
        if (i > 0 && fb !== undefined && f.span !== undefined && fb.blankBefore(f.span.start.offset)) d.push(EMPTYLINE);
        d.push(...commentDocs(f.comments, this.ctx.facts !== undefined));
        if (f.default === undefined) d.push(f.name);
        else {
          // A final URI would swallow the `,` that follows (a URI character): parenthesise.
          const rhs = yield this.absorbRHS(endsWithUri(f.default) ? paren(f.default) : f.default);
          d.push(group([f.name, HARDSPACE, nest(["?", cat(rhs)])]));
        }
        d.push(isLast ? trailing(",") : ",");
        items.push(d);
      }
      if (p.ellipsis) items.push(["...", ...trailingDoc(p.ellipsisTrailing, this.ctx.facts !== undefined)]);
      set = [group(["{", sep, nest(sepBy(sep, items)), sep, "}"])];
    }
    if (p.bind === undefined) return set;
    return p.bind.position === "before" ? [p.bind.name, "@", ...set] : [...set, "@", p.bind.name];
  }

  private *lambda(n: Lambda): Gen {
    if (n.param.type === "IdentParam") {
      const out: Doc = [BREAK, n.param.name, ":"];
      let body: Expr = n.body;
      let depth = 1;
      while (
        body.type === "Lambda" &&
        body.param.type === "IdentParam" &&
        (!hasComments(body) || (this.ctx.facts !== undefined && body.trailing === undefined))
      ) {
        // Parsed code: a comment before a later parameter stays there (nixfmt keeps the chain,
        // the comment's line breaks expand it).
        if (hasComments(body)) {
          out.push(HARDLINE, ...this.leadingComments(body, body.comments));
          if (this.blankAfterComments(body)) out.push(EMPTYLINE);
          out.push(body.param.name, ":");
        }
        else out.push(HARDSPACE, body.param.name, ":");
        body = body.body;
        depth++;
      }
      if (isAbsorbableExpr(body, this.ctx.facts) && !hasComments(body)) {
        out.push(HARDSPACE, group(yield this.absorbExpr(false, body), PRIORITY));
      } else {
        // A blank line after a comment on the `:` line is printed after that comment (withComments).
        if (this.blankBeforeNode(body) && !this.firstCommentTrailing(body)) out.push(HARDLINE, EMPTYLINE, cat(yield this.pretty(body)));
        else out.push(depth <= 2 ? SPACE : HARDLINE, cat(yield this.pretty(body)));
      }
      return [group(out, REGULAR)];
    }
    const p = n.param;
    const facts = this.ctx.facts;
    const broken = facts?.formalsBroken(n) ?? false;
    const param = yield this.formals(p, broken);
    const body = n.body;
    if (facts !== undefined && facts.bodyOnNextLine(n)) {
      // A blank line after the body's comments is printed with them, not before them.
      const blank = this.blankBeforeNode(body);
      return [cat(param), ":", HARDLINE, ...(blank ? [EMPTYLINE] : []), cat(yield this.pretty(body))];
    }
    if (p.bind === undefined && canFlattenFormals(p) && !broken && isAbsorbableExpr(body, this.ctx.facts) && !hasComments(body)) {
      return [cat(param), ":", HARDSPACE, group(yield this.pretty(body), PRIORITY)];
    }
    if (isAbsorbableTerm(body, this.ctx.facts) && !hasComments(body)) {
      return [cat(param), ":", SPACE, group(yield this.termWide(body))];
    }
    return [cat(param), ":", SPACE, cat(yield this.pretty(body))];
  }

  // --- application -----------------------------------------------------------------------------

  private *app(indentFunction: boolean, pre: Doc, hasPost: boolean, fn: Expr, arg: Expr, commented = false): Gen {
    const args: Expr[] = [arg];
    let head: Expr = fn;
    while (head.type === "Apply" && !hasComments(head)) {
      args.push(head.arg);
      head = head.fn;
    }
    args.reverse();
    const simple = !commented && isSimple({ type: "Apply", fn, arg });
    const fnDoc = yield this.pretty(asFunction(head));
    return yield this.appParts(indentFunction, pre, hasPost, fnDoc, args.map(atSelectLevel), simple);
  }

  /** `prettyApp` over a spine: the function's document and the (already parenthesised) arguments. */
  private *appParts(
    indentFunction: boolean,
    pre: Doc,
    hasPost: boolean,
    fnDoc: Doc,
    args: Expr[],
    simple: boolean,
  ): Gen {
    const post: Doc = hasPost ? [BREAK] : [];
    const last = args[args.length - 1] as Expr;
    const inner = args.slice(0, -1);
    const head: Doc = indentFunction ? [nest([group([BREAK, cat(fnDoc)])])] : fnDoc;
    // Decide pairings from the outermost application inwards (as pattern matching does).
    const lastTwoLists =
      inner.length >= 1 && last.type === "List" && (inner[inner.length - 1] as Expr).type === "List";
    const spineArgs = lastTwoLists ? inner.slice(0, -1) : inner;
    const kinds: ("sel" | "pair" | "one")[] = new Array<"sel" | "pair" | "one">(spineArgs.length);
    for (let j = spineArgs.length - 1; j >= 0; j--) {
      const a = spineArgs[j] as Expr;
      if (a.type === "Select") kinds[j] = "sel";
      else if (j >= 1 && a.type === "List" && (spineArgs[j - 1] as Expr).type === "List") {
        kinds[j] = "pair";
        kinds[j - 1] = "one"; // consumed by the pair
        j--;
      } else kinds[j] = "one";
    }
    let acc: Doc = head;
    for (let j = 0; j < spineArgs.length; j++) {
      const a = spineArgs[j] as Expr;
      const k = kinds[j];
      if (k === "pair") continue; // handled with its partner below
      if (j + 1 < spineArgs.length && kinds[j + 1] === "pair") {
        const b = spineArgs[j + 1] as Expr;
        const da = yield this.absorbInner(a);
        const db = yield this.absorbInner(b);
        acc = [
          group(
            [group(acc, TRANSPARENT), nest([group([SPACE, group(da), SPACE, group(db)], REGULAR)])],
            TRANSPARENT,
          ),
        ];
        j++;
        continue;
      }
      const [lead, da] = splitLead(yield this.absorbInner(a));
      acc =
        k === "sel"
          ? [group(acc, TRANSPARENT), SPACE, nest([...lead, group(da, REGULAR)])]
          : [group(acc, TRANSPARENT), SPACE, nest([...lead, group(da, PRIORITY)])];
    }
    if (lastTwoLists) {
      const l1 = inner[inner.length - 1] as Expr;
      const d1 = yield this.absorbInner(l1);
      const d2 = yield this.absorbInner(last);
      return [
        group(
          [
            ...pre,
            group(acc, TRANSPARENT),
            SPACE,
            nest([group(d1)]),
            SPACE,
            nest([group(d2)]),
            ...post,
          ],
          REGULAR,
        ),
      ];
    }
    const renderedF: Doc = [...pre, group(acc, TRANSPARENT)];
    const lastDoc = yield this.absorbLast(last);
    if (simple) {
      const flat = unexpand(renderedF, Infinity);
      if (flat !== null) return [group([cat(flat), HARDSPACE, cat(lastDoc)], REGULAR)];
    }
    return [group([...renderedF, SPACE, cat(lastDoc), ...post], REGULAR)];
  }

  private *absorbInner(a: Expr): Gen {
    if (a.type === "List" && !hasComments(a) && a.items.length > 0 && a.items.length <= 6 && a.items.every(isSimple)) {
      return yield this.list(a, SPACE);
    }
    return yield this.pretty(a);
  }

  private *absorbLast(a: Expr): Gen {
    if (hasComments(a)) return [group([nest(yield this.pretty(a))], REGULAR)];
    if (isAbsorbableTerm(a, this.ctx.facts)) return [group([nest(yield this.term(a))], PRIORITY)];
    if (a.type === "Paren") {
      // Comments inside the parentheses go inside (nixfmt's absorbParen), absorbed all the same.
      const inner = a.expr;
      if (hasComments(inner)) return yield this.absorbParen(inner);
      if (
        inner.type === "Lambda" &&
        inner.param.type === "IdentParam" &&
        isAbsorbableTerm(inner.body, this.ctx.facts) &&
        !hasComments(inner.body)
      ) {
        const b = yield this.termWide(inner.body);
        return [group([nest(["(", inner.param.name, ":", HARDSPACE, cat(b), ")"])], PRIORITY)];
      }
      if (
        inner.type === "Apply" &&
        inner.fn.type === "Var" &&
        !hasComments(inner.fn) &&
        isAbsorbableTerm(inner.arg, this.ctx.facts) &&
        !hasComments(inner.arg)
      ) {
        const b = yield this.termWide(inner.arg);
        return [group([nest(["(", inner.fn.name, HARDSPACE, cat(b), ")"])], PRIORITY)];
      }
      return yield this.absorbParen(inner);
    }
    return [group([nest(yield this.pretty(a))], REGULAR)];
  }

  private *absorbParen(e: Expr): Gen {
    const d = yield this.pretty(e);
    // A blank line before `)` stays (nixfmt moves the trivia of `)` into the body).
    const body: Doc = this.blankBeforeCloser(e) ? [cat(d), EMPTYLINE] : d;
    return [group([nest(["(", BREAK, group([nest(body)], REGULAR), BREAK, ")"])], PRIORITY)];
  }

  // --- parentheses, selection, operators -------------------------------------------------------

  private *parenTerm(n: Paren): Gen {
    const inner = yield this.parenInner(n.expr);
    // A blank line before `)` stays, as in `absorbParen`.
    return [group(["(", nest(this.blankBeforeCloser(n.expr) ? [...inner, EMPTYLINE] : inner), ")"])];
  }

  /** What goes between `(` and `)`, or between `${` and `}` alone on a string line. */
  private *parenInner(e: Expr): Gen {
    if (!hasComments(e) && isAbsorbableExpr(e, this.ctx.facts)) return [group(yield this.absorbExpr(false, e))];
    if (e.type === "Apply" && !hasComments(e)) return yield this.app(true, [], true, e.fn, e.arg);
    if (e.type === "Select" && !hasComments(e)) {
      const d = yield this.pretty(e);
      return isAbsorbableTerm(e.expr, this.ctx.facts) ? [BREAK, group(d), BREAK] : [group(d), BREAK];
    }
    return [BREAK, group(yield this.pretty(e)), BREAK];
  }

  /**
   * One line of a string, as nixfmt prints it: an interpolation alone on its line (after spaces)
   * is laid out like parentheses; otherwise what follows the line's leading whitespace is offset
   * by it, so that its continuation lines line up with the string's text.
   */
  private *strLine(line: readonly (string | Expr)[]): Gen {
    const first = line[0];
    const lone =
      line.length === 1 && typeof first !== "string"
        ? (first as Expr)
        : line.length === 2 && typeof first === "string" && /^ *$/.test(first) && typeof line[1] !== "string"
          ? (line[1] as Expr)
          : null;
    if (lone !== null && !hasComments(lone) && !this.blankBeforeCloser(lone)) {
      const pre = typeof first === "string" ? first : "";
      const d = group(["${", nest(yield this.parenInner(lone)), "}"]);
      return pre === "" ? [d] : [pre, offset(pre.length, [d])];
    }
    const out: Doc = [];
    for (const piece of line) {
      if (typeof piece === "string") out.push(piece);
      else out.push(cat(yield this.interp(piece)));
    }
    const ind = typeof first === "string" ? /^\s*/.exec(first)![0].length : 0;
    return ind === 0 || out.length === 1 ? out : [out[0] as DocE, offset(ind, out.slice(1))];
  }

  private *select(n: Select): Gen {
    const base = asSelectBase(n.expr);
    const b = yield this.pretty(base);
    let sep: Doc;
    if (base.type === "Int" || base.type === "Float") sep = [HARDSPACE];
    else if (base.type === "Var" || base.type === "CurPos" || base.type === "SearchPath") sep = [];
    else if (base.type === "Paren") sep = [SOFTBREAK];
    else sep = [BREAK];
    const path = yield this.attrPath(n.path, true);
    const out: Doc = [cat(b), ...sep, cat(path)];
    if (n.default !== undefined) {
      const d = yield this.pretty(atSelectLevel(n.default));
      out.push(SOFTSPACE, nest(["or", HARDSPACE, cat(d)]));
    }
    return out;
  }

  private *hasAttr(expr: Expr, path: readonly AttrName[]): Gen {
    const e = prec(expr) < PREC.hasAttr ? expr : paren(expr);
    const d = yield this.pretty(e);
    const p = yield this.attrPath(path, false);
    return [cat(d), SOFTSPACE, "?", HARDSPACE, cat(p)];
  }

  private *unary(op: "-" | "!", expr: Expr): Gen {
    const d = yield this.pretty(asUnaryOperand(op, expr));
    return [op, cat(d)];
  }

  /** Operands of a chain of the same operator (only through children that need no parentheses). */
  private flattenOp(e: Binary): Expr[] {
    const out: Expr[] = [];
    const todo: Expr[] = [e];
    while (todo.length > 0) {
      const x = todo.pop() as Expr;
      if (x !== e && (x.type !== "Binary" || x.op !== e.op || hasComments(x))) {
        out.push(x);
        continue;
      }
      const b = x as Binary;
      const l = asBinaryOperand(b, b.left, "left");
      const r = asBinaryOperand(b, b.right, "right");
      // Paren-wrapped children are leaves of the chain.
      todo.push(r, l);
    }
    return out;
  }

  private *binary(n: Binary): Gen {
    if ((n.op === "|>" || n.op === "<|") && !this.ctx.pipes) {
      throw new NixPrintError(`the pipe operator ${n.op} needs the \`pipes\` option`);
    }
    if (BINARY[n.op].assoc === "none") {
      const l = yield this.pretty(asBinaryOperand(n, n.left, "left"));
      const r = yield this.pretty(asBinaryOperand(n, n.right, "right"));
      return [cat(l), SOFTSPACE, n.op, HARDSPACE, cat(r)];
    }
    return yield this.op(n, false);
  }

  /** `prettyOp`: a flattened chain, each operator starting a line when broken. */
  private *op(n: Binary, forceFirstWide: boolean): Gen {
    const operands = this.flattenOp(n);
    const sep = (n.op === "|>" || n.op === "<|") && operands.length > 3 ? HARDLINE : SPACE;
    const out: Doc = [];
    for (let i = 0; i < operands.length; i++) {
      const x = operands[i] as Expr;
      if (i === 0) {
        if (forceFirstWide && isAbsorbableTerm(x, this.ctx.facts) && !hasComments(x)) out.push(cat(yield this.termWide(x)));
        else out.push(cat(yield this.pretty(x)));
        continue;
      }
      let d: Doc;
      const split = this.commentsBeforeToken(x);
      if (split !== null) {
        // Parsed code: comments written before the operator stay before it (`# c` / `|| x`).
        const at = (x.span as NonNullable<Expr["span"]>).start.offset;
        const total = (x.comments as readonly Comment[]).length;
        const docBefore = this.commentsAt(at, split.before, total);
        // A blank line before those comments is kept too (nixfmt: trivia of the operator).
        const lead = this.ctx.facts?.commentInfo(at, total)?.[0];
        if (lead !== undefined && lead.blank && !lead.sameLine) out.push(EMPTYLINE);
        out.push(sep, ...docBefore, n.op, nest([HARDSPACE, cat(yield this.pretty(split.rest))]));
        continue;
      }
      // A blank line before the operator is kept (nixfmt: trivia of the operator).
      const f = this.ctx.facts;
      if (f !== undefined && x.span !== undefined && f.blankBeforePrevious(x.span.start.offset)) out.push(EMPTYLINE);
      if (hasComments(x)) d = [HARDSPACE, cat(yield this.pretty(x))];
      else if (isAbsorbableTerm(x, this.ctx.facts)) d = [HARDSPACE, cat(yield this.pretty(x))];
      else if (x.type === "Binary") d = [group([SPACE, cat(yield this.pretty(x))])];
      else if (x.type === "Apply") d = [group([HARDSPACE, cat(yield this.app(false, [SPACE], false, x.fn, x.arg))])];
      else d = [HARDSPACE, cat(yield this.pretty(x))];
      out.push(sep, n.op, nest(d));
    }
    return [group(out, REGULAR)];
  }
}
