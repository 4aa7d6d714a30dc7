/**
 * AST → document, following RFC 166 as implemented by nixfmt (`Pretty.hs`): which constructs absorb
 * their last child, which groups are priority groups, where lines may break.
 *
 * Depth safety: every descent into a child node goes through the driver (`driver.ts`), never
 * through the JS call stack. A rendering function is a generator that `yield`s the work for a child
 * (another generator, or an already built document for leaves) and receives the child's document.
 * Helpers that loop over chains (lambda chains, `else if`, operator chains, application spines) are
 * iterative.
 *
 * @module
 */
import { spanEnd, spanStart, mergeTextParts, type Attrs, type Binding, type Comment, type Expr, type IndStr, type List, type NodeBase, type Span } from "../ast/nodes.js";
import { EMPTYLINE, group, HARDLINE, cat, renderBlock, linesBlock, asBlockOrText, type BlockE, type Doc } from "./doc.js";
import { dataText, isDataRoot, type DataHooks } from "./data.js";
import { renderUFloat } from "./escape.js";
import { hasComments, isAbsorbableTerm } from "./classify.js";
import { atSelectLevel } from "./parens.js";
import { itemDoc } from "./doc-utils.js";
import { renderAttrNameStatic, renderIntLiteral, leafText } from "./leaves.js";
import { hasNoLiteral, RESPELL } from "./spelled.js";
import { parenCommentUp, commentDocs, trailingDoc, innerContainer, splitInner, leadingComments, firstCommentTrailing, blankBeforeNode, blankAfterComments, danglingAfterLast, leftChild } from "./comments.js";
import { closesOf, str, rawStrText, indStr, path } from "./strings.js";
import { bindingItem, set, legacyLet, listGrouped, list } from "./bindings.js";
import { letIn, withExpr, assertExpr, ifExpr } from "./keywords.js";
import { lambda, app } from "./functions.js";
import { parenTerm, select, hasAttr, unary, binary } from "./operators.js";
import type { LayoutHints } from "./hints.js";


/** Work for the driver: a generator to run, or a finished document. */
export type Req = Gen | Doc;
/** A rendering step: yields child work, receives child documents, returns its own document. */
export type Gen = Generator<Req, Doc, Doc>;

/** Printer settings that influence the tree walk. */
export interface PrintContext {
  /** Whether the pipe operators `|>` and `<|` may be printed. */
  readonly pipes: boolean;
  /** The layout width, used to pre-render items that are certain to fit on their line. */
  readonly width: number;
  /** Columns per indentation level; default 2 (the plain-data fast path runs only then). */
  readonly indent?: number;
  /** Set to false to disable the plain-data fast path (for differential testing). */
  readonly dataFastPath?: boolean;
  /** The source's layout facts, when printing parsed code (the formatter). */
  readonly hints?: LayoutHints;
}

/**
 * The whole output (without final newline) when `e` is plain data that expands at the top level, or
 * null: generated data skips documents and layout entirely.
 */
export function printData(e: Expr, ctx: PrintContext): string | null {
  if (!dataPathOn(ctx) || !isDataRoot(e)) return null;
  return dataText(e, dataHooks(ctx.width), new WeakSet());
}

/** Whether the plain-data fast path may run: it writes RFC 166's two columns. */
function dataPathOn(ctx: PrintContext): boolean {
  return ctx.dataFastPath !== false && (ctx.indent ?? 2) === 2;
}

/** What the data path takes from the printer (see data.ts). */
export function dataHooks(width: number): DataHooks {
  return { leaf: leafText, name: renderAttrNameStatic, width };
}

/** The tree walk: dispatch over node kinds, and what every construct family shares. */
export class Printer {
  private readonly hooks: DataHooks;
  /** Sets and lists that the data path found not to be plain data (never retried; see data.ts). */
  private readonly nonData = new WeakSet<object>();
  /**
   * Parsed code: for a token with a blank line before it, the end of the node that prints that line
   * (the first, outermost, to ask: see {@link takeBlank}).
   */
  private readonly blankOwners = new Map<number, number>();
  /**
   * Parsed code: an item's trailing comment (the value), to be printed joined to the comments after
   * it on its line, which the next item holds, the first of them the key (`foldTrailing`).
   */
  readonly trailingBefore = new WeakMap<Comment, Comment>();
  /**
   * Parsed code: the source span of parentheses that parenCommentUp gave the comment after their
   * `(`; they have none of their own, as the source has no such comment before them to look up.
   */
  readonly movedParens = new WeakMap<NodeBase, Span>();
  /**
   * Expressions whose first token has comments that another node holds (an enclosing expression
   * starting with the same token, or absorbParen's moved comment): an application among them is
   * not "simple", as with comments of its own.
   */
  readonly firstTokenTrivia = new WeakSet<NodeBase>();

  /** Marks `e` and the expressions it starts with (its first token's) in {@link firstTokenTrivia}. */
  markFirstToken(e: Expr): void {
    for (let x: Expr | null = e; x !== null; x = leftChild(x)) this.firstTokenTrivia.add(x);
  }
  /**
   * `rootStart`: where the printed expression starts (parsed code), a token whose blank lines before
   * it are not kept.
   */
  constructor(
    readonly ctx: PrintContext,
    private readonly rootStart = -1,
  ) {
    this.hooks = dataHooks(ctx.width);
  }

  /** The plain-data block of a set or list that its context expands, or null. */

  dataBlock(n: Attrs | List): BlockE | null {
    if (!dataPathOn(this.ctx)) return null;
    const t = dataText(n, this.hooks, this.nonData);
    return t === null ? null : linesBlock(t);
  }

  /** See {@link entryText}: the item as `set` and `list` lay out a plain binding or element. */

  *entry(e: Binding | Expr): Gen {
    if (e.type === "Assign" || e.type === "Inherit") {
      const r = bindingItem(this, e, true);
      return Array.isArray(r) ? r : yield r;
    }
    const r = this.pretty(atSelectLevel(e));
    return [this.block([itemDoc(Array.isArray(r) ? r : yield r)])];
  }

  *top(e: Expr): Gen {
    // Parsed code: the comments after the expression stay after it (nixfmt's `Whole`: final
    // trivia on their own lines), a first one on the expression's last line stays there.
    const final = danglingAfterLast(this, e);
    if (final === null) return [group(yield this.pretty(e))];
    // Those comments share the top group with the expression (Pretty.hs `instance Pretty Whole`),
    // and a set has no group of its own (`prettySet`): their line breaks expand it.
    const item = final.item;
    const body = item.type === "Attrs" && item.bindings.length > 0 ? yield this.termWide(item) : yield this.pretty(item);
    const out: Doc = [group(body)];
    for (const l of final.lines) out.push(HARDLINE, ...(l.blank ? [EMPTYLINE] : []), l.item);
    return out;
  }

  /**
   * Work for `pretty e`: a finished document for comment-free leaves, else a generator. This is the
   * single dispatch over node kinds.
   */

  pretty(e: Expr): Req {
    if (this.ctx.hints !== undefined) {
      if (e.type === "Paren") e = parenCommentUp(this, e);
      // Parsed code: a blank line before the node's first token is that token's trivia, printed
      // before it (Pretty.hs `instance Pretty Trivia`: an `EmptyLine`), wherever it is.
      // Only the outermost node starting at that token prints it.
      if (!hasComments(e) && this.takeBlank(e)) return this.afterBlank(e);
    }
    return this.prettyHere(e);
  }

  *afterBlank(e: Expr): Gen {
    return [EMPTYLINE, cat(yield this.prettyHere(e))];
  }

  /**
   * Parsed code: whether the node prints the blank line before its first token (the caller prints
   * it, before the node). Of the nodes that start there, the first to ask (the outermost: parents
   * are printed before their children) does, each time its document is built.
   */
  takeBlank(e: NodeBase): boolean {
    return e.span !== undefined && this.takeBlankOf(spanStart(e.span), spanEnd(e.span));
  }

  /** {@link takeBlank} for the node from `at` to `end`. */
  takeBlankOf(at: number, end: number): boolean {
    const f = this.ctx.hints;
    if (f === undefined) return false;
    const owner = this.blankOwners.get(at);
    if (owner !== undefined) return owner === end;
    // (With comments before the token, the blank lines among them are printed with them.)
    if (!this.blankAt(at)) return false;
    this.blankOwners.set(at, end);
    return true;
  }

  /**
   * Parsed code: whether a blank line, and no comment, is written right before the token at `at`
   * (blank lines that start the file are not kept).
   */
  blankAt(at: number): boolean {
    const f = this.ctx.hints;
    return f !== undefined && at !== this.rootStart && f.blankBefore(at) && f.commentBlanks(at) === null;
  }

  /** Parsed code: the blank line before the node's first token is printed by its container (an item's). */
  claimBlank(e: NodeBase): void {
    if (e.span !== undefined && !this.blankOwners.has(spanStart(e.span))) this.blankOwners.set(spanStart(e.span), -1);
  }

  /** {@link pretty} without the blank line before the node. */
  private prettyHere(e: Expr): Req {
    if (hasComments(e)) return this.withComments(e);
    if (e.comments !== undefined && e.comments.length > 0) return this.annotated(e);
    const t = this.leaf(e);
    if (t !== null && !this.brokenEmpty(e)) return [t];
    return this.bare(e);
  }

  /**
   * Parsed code: the comments written inside an empty list or set (`{\n  # c\n}`), which the
   * parser puts last among the node's comments; they are those before its closing bracket.
   */

  leaf(node: Expr): string | null {
    // A one-line `''…''` printed as `"…"` is a string leaf for the layout too, as nixfmt converts
    // it while parsing (else the second pass, which reads `"…"`, lays it out differently).
    const e: Expr = node.type === "IndStr" && this.isQuotedIndStr(node) ? { type: "Str", parts: node.parts, span: node.span } : node;
    if (e.type === "Str" && this.ctx.hints !== undefined && e.span !== undefined) {
      const parts = mergeTextParts(e.parts);
      if (parts.length === 1 && typeof parts[0] === "string") {
        const raw = rawStrText(this, e, parts)?.[0];
        if (raw !== undefined) return `"${raw}"`;
      }
    }
    // Parsed code: a number is written as the author wrote it (`.4`, `1.50`, `01`), as nixfmt keeps tokens.
    if (e.type === "Float" && e.value >= 0 && !Object.is(e.value, -0) && this.ctx.hints !== undefined && e.span !== undefined) {
      const t = this.ctx.hints.text(spanStart(e.span), spanEnd(e.span));
      if (/^[0-9]*\.[0-9]*([eE][+-]?[0-9]+)?$/.test(t) && Number(t) === e.value) return t;
    }
    if (e.type === "Int" && e.value >= 0n && this.ctx.hints !== undefined && e.span !== undefined) {
      const t = this.ctx.hints.text(spanStart(e.span), spanEnd(e.span));
      if (/^[0-9]+$/.test(t) && BigInt(t) === e.value) return t;
    }
    // (A number without a literal is no leaf: leafText gives null, and bare() signals it.)
    return leafText(e);
  }

  /** A node led by a language annotation only: the annotation and the node, on one line. */
  *annotated(e: Expr): Gen {
    const { comments, ...rest } = e;
    const d = yield this.pretty(rest as Expr);
    return [...commentDocs(comments, true), cat(d)];
  }

  /** `listSep`: a list is laid out with this separator (an inner argument's `renderList line`). */
  *withComments(whole: Expr, wide = false, listSep?: number): Gen {
    const split = splitInner(this, whole);
    const e = split === null ? whole : split.rest;
    const { comments, trailing: tr, ...bareNode } = e;
    // Parentheses given the comment after their `(` get their span back once it is printed.
    const moved = e.span === undefined ? this.movedParens.get(e) : undefined;
    const rest = moved === undefined ? bareNode : { ...bareNode, span: moved };
    // Comments before an expression are its first token's for nixfmt, so no application that
    // starts with that token is "simple" (`isSimple` wants tokens without trivia): the left
    // operand of `# c` / `f a b == x` breaks as `f a b` does after it (the property over edited
    // real files, seed 740).
    if (comments !== undefined && comments.length > 0) this.markFirstToken(rest as Expr);
    // An application whose first token carries comments is not "simple" for nixfmt (its `isSimple`
    // wants trivia-free tokens), so its last argument may go to the next line.
    const d =
      split !== null
        ? innerContainer(split, this)
        : rest.type === "Apply" && ((comments !== undefined && comments.length > 0) || this.firstTokenTrivia.has(e))
          ? yield app(this, false, [], false, rest.fn, rest.arg, true)
          : listSep !== undefined && rest.type === "List"
            ? yield list(this, rest as List, listSep, true)
            : wide && rest.type === "Attrs"
            ? yield set(this, rest.rec ? "rec" : null, rest.bindings, true, rest as Attrs)
            : yield this.bare(rest as Expr);
    const out: Doc = [];
    if (comments !== undefined && comments.length > 0) {
      // A blank line before the comments is theirs too (nixfmt: trivia of the first token).
      out.push(blankBeforeNode(this, e) && !firstCommentTrailing(this, e) ? EMPTYLINE : HARDLINE);
      out.push(...leadingComments(this, e, comments));
      if (blankAfterComments(this, e)) out.push(EMPTYLINE);
    }
    // nixfmt moves leading comments out of the enclosing group (Predoc's fixup), so they do not
    // force a set after them to expand: the set gets a group of its own.
    out.push(e.type === "Attrs" && this.ctx.hints !== undefined ? group(d) : cat(d), ...trailingDoc(tr, this.ctx.hints !== undefined));
    return out;
  }

  // A plain switch: this runs once per node, and a pattern-matching chain cost a quarter of format().

  /** Parsed code: a one-line `''…''` nixfmt writes `"…"` (the hint says when, from its source). */
  isQuotedIndStr(e: IndStr): e is IndStr & { span: NonNullable<IndStr["span"]> } {
    return e.span !== undefined && this.ctx.hints?.strSegments(spanStart(e.span)) != null;
  }

  bare(e: Expr): Req {
    switch (e.type) {
      case "Int":
        if (hasNoLiteral(e)) throw RESPELL;
        return e.value < 0n ? ["-", renderIntLiteral(e.value)] : [e.value.toString()];
      case "Float":
        if (hasNoLiteral(e)) throw RESPELL;
        return e.value < 0 ? ["-", renderUFloat(-e.value)] : [renderUFloat(e.value)];
      case "Str":
        return str(this, e);
      case "IndStr":
        if (this.isQuotedIndStr(e)) return str(this, { ...e, type: "Str" });
        return indStr(this, e);
      case "Path":
        return path(this, e.parts, closesOf(e));
      case "SearchPath":
        return [`<${e.path}>`];
      case "Uri":
        return [e.value];
      case "Var":
        return [e.name];
      case "CurPos":
        return ["__curPos"];
      case "Attrs":
        return set(this, e.rec ? "rec" : null, e.bindings, false, e);
      case "LegacyLet":
        return legacyLet(this, e, false);
      case "List":
        return listGrouped(this, e);
      case "Let":
        return letIn(this, e);
      case "With":
        return withExpr(this, e, false);
      case "Assert":
        return assertExpr(this, e.cond, e.body);
      case "If":
        return ifExpr(this, e);
      case "Lambda":
        return lambda(this, e);
      case "Apply":
        return app(this, false, [], false, e.fn, e.arg, this.firstTokenTrivia.has(e));
      case "Select":
        return select(this, e);
      case "HasAttr":
        return hasAttr(this, e.expr, e.path, e.pathComments);
      case "Unary":
        return unary(this, e.op, e.expr);
      case "Binary":
        return binary(this, e);
      case "Paren":
        return parenTerm(this, e);
      default: {
        const never: never = e;
        throw new Error(`unknown node ${(never as Expr).type}`);
      }
    }
  }

  /** `prettyTerm`: like `pretty` but a list is not wrapped in its own group. */

  term(e: Expr): Req {
    if (e.type === "List" && !hasComments(e)) return list(this, e, HARDLINE);
    return this.pretty(e);
  }

  /** `prettyTermWide`: attribute sets force-expanded. */

  termWide(e: Expr): Req {
    // Parsed code: a set after its comments is force-expanded all the same (prettyTermWide).
    if (e.type === "Attrs" && hasComments(e) && e.trailing === undefined && this.ctx.hints !== undefined) return this.withComments(e, true);
    if (!hasComments(e)) {
      if (e.type === "Attrs") return set(this, e.rec ? "rec" : null, e.bindings, true, e);
      if (e.type === "LegacyLet") return legacyLet(this, e, true);
    }
    return this.term(e);
  }

  /** `absorbExpr`. */

  absorbExpr(wide: boolean, e: Expr): Req {
    if (isAbsorbableTerm(e, this.ctx.hints)) return wide ? this.termWide(e) : this.term(e);
    if (e.type === "With" && !hasComments(e) && isAbsorbableTerm(e.body, this.ctx.hints)) {
      return withExpr(this, e, true);
    }
    return this.pretty(e);
  }

  brokenEmpty(e: Expr): boolean {
    const f = this.ctx.hints;
    return f !== undefined && (e.type === "Attrs" || e.type === "List") && f.bracketsBroken(e);
  }

  /**
   * A node's leading comments, with the blank lines the source has between them (parsed code;
   * generated comments follow each other directly).
   */

  block(item: Doc): string | BlockE {
    const direct = asBlockOrText(item);
    if (direct !== null) return direct;
    return renderBlock(item, { width: this.ctx.width, indent: this.ctx.indent ?? 2 }) as string | BlockE;
  }
}
