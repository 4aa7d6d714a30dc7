/**
 * Parentheses, selection, `?`, unary and binary operators (nixfmt `Pretty.hs`: `prettyOp`,
 * `instance Pretty Expression` for `Operation`, `MemberCheck`, `Negation`, `Inversion`;
 * standard.md "Operators").
 *
 * @module
 */
import { spanStart, type AttrName, type Binary, type Comment, type Expr, type InterpolationComments, type Paren, type Select } from "../ast/nodes.js";
import { BINARY, PREC } from "../ast/precedence.js";
import { NixPrintError } from "../errors.js";
import { BREAK, EMPTYLINE, group, HARDLINE, HARDSPACE, leadingCommentsOf, nest, REGULAR, SOFTBREAK, SOFTSPACE, SPACE, cat, type Doc } from "./doc.js";
import { prec, hasComments, isAbsorbableTerm, isAbsorbableExpr } from "./classify.js";
import { paren, atSelectLevel, asSelectBase, asBinaryOperand, asUnaryOperand } from "./parens.js";
import { commentDoc, commentsAt, commentsBeforeToken, commentsBeforeTokenOf, trailingDoc} from "./comments.js";
import { attrPath } from "./strings.js";
import { app, closeTrailing, closeTrivia } from "./functions.js";
import type { Printer, Gen } from "./printer.js";

export function* parenTerm(pr: Printer, written: Paren): Gen {
  const n = closeTrailing(pr, written);
  const inner = yield parenInner(pr, n.expr);
  // Comments or a blank line before `)` stay, as in `absorbParen`.
  return [group(["(", nest([...inner, ...closeTrivia(pr, n)]), ")"])];
}

/** What goes between `(` and `)`, or between `${` and `}` alone on a string line. */
export function* parenInner(pr: Printer, e: Expr): Gen {
  if (!hasComments(e) && isAbsorbableExpr(e, pr.ctx.hints)) return [group(yield pr.absorbExpr(false, e))];
  if (e.type === "Apply" && !hasComments(e)) return yield app(pr, true, [], true, e.fn, e.arg);
  if (e.type === "Select" && !hasComments(e)) {
    const d = yield pr.pretty(e);
    return isAbsorbableTerm(e.expr, pr.ctx.hints) ? [BREAK, group(d), BREAK] : [group(d), BREAK];
  }
  return [BREAK, group(yield pr.pretty(e)), BREAK];
}

/**
 * One line of a string, as nixfmt prints it: an interpolation alone on its line (after spaces)
 * is laid out like parentheses; otherwise what follows the line's leading whitespace is offset
 * by it, so that its continuation lines line up with the string's text.
 */
export function* select(pr: Printer, n: Select): Gen {
  const base = asSelectBase(n.expr);
  const b = yield pr.pretty(base);
  let sep: Doc;
  if (base.type === "Int" || base.type === "Float") sep = [HARDSPACE];
  else if (base.type === "Var" || base.type === "CurPos" || base.type === "SearchPath") sep = [];
  else if (base.type === "Paren") sep = [SOFTBREAK];
  else sep = [BREAK];
  const path = yield attrPath(pr, n.path, true, n.pathComments);
  const out: Doc = [cat(b), ...sep, cat(path)];
  if (n.default !== undefined) {
    // Parsed code: comments written before `or` (the parser hands them to the default) stay
    // there, one on the path's line as its trailing comment; one after `or` on its line is the
    // keyword's trailing comment, and the default goes on the next line (Pretty.hs `prettyTerm
    // (Selection …)`: `softline <> nest (pretty kw <> hardspace <> pretty def)`).
    const split = commentsBeforeTokenOf(pr, n.default, true);
    const def = split === null ? n.default : split.rest;
    const d = yield pr.pretty(atSelectLevel(def));
    // A blank line before `or` (its trivia) stays too.
    const span = n.default.span;
    const before: Doc =
      split === null || split.before.length === 0 || span === undefined
        ? pr.ctx.hints !== undefined && span !== undefined && split === null && pr.ctx.hints.blankBeforePrevious(span.start.offset)
          ? [EMPTYLINE]
          : []
        : [HARDLINE, ...commentsAt(pr, span.start.offset, split.before, (n.default.comments as readonly Comment[]).length)];
    const kw: Doc = split?.up ? ["or", ...trailingDoc(split.up, true)] : ["or"];
    out.push(SOFTSPACE, nest([...before, ...kw, HARDSPACE, cat(d)]));
  }
  return out;
}

export function* hasAttr(pr: Printer, expr: Expr, path: readonly AttrName[], closes?: InterpolationComments): Gen {
  const e = prec(expr) < PREC.hasAttr ? expr : paren(expr);
  const d = yield pr.pretty(e);
  const p = yield attrPath(pr, path, false, closes);
  return [cat(d), SOFTSPACE, "?", HARDSPACE, cat(p)];
}

export function* unary(pr: Printer, op: "-" | "!", expr: Expr): Gen {
  const d = yield pr.pretty(asUnaryOperand(op, expr));
  // Parsed code: comments the operand's document starts with (from inside it, as a trailing
  // comment of an application's function) go before the operator: printed after it, they would be
  // read back as written after it, which the parser lifts before it, and move on the next pass.
  const split = pr.ctx.hints === undefined ? null : leadingCommentsOf(d);
  return split === null ? [op, cat(d)] : [cat(split.lead), op, cat(split.rest)];
}

/** Operands of a chain of the same operator (only through children that need no parentheses). */
export function flattenOp(pr: Printer, e: Binary): Expr[] {
  const out: Expr[] = [];
  const todo: Expr[] = [e];
  while (todo.length > 0) {
    let x = todo.pop() as Expr;
    // Comments before a later operand of the chain (the parser gives them to the rest of the
    // chain, `# c` / `++ b ++ c`) are that operand's: nixfmt flattens the chain all the same.
    if (x !== e && x.type === "Binary" && x.op === e.op && x.trailing === undefined && x.comments !== undefined && x.comments.length > 0) {
      const { comments, ...bare } = x;
      const left = x.left;
      x = { ...bare, left: { ...left, comments: [...comments, ...(left.comments ?? [])] } } as Binary;
    }
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

export function* binary(pr: Printer, n: Binary): Gen {
  if ((n.op === "|>" || n.op === "<|") && !pr.ctx.pipes) {
    throw new NixPrintError(`the pipe operator ${n.op} needs the \`pipes\` option`);
  }
  if (BINARY[n.op].assoc === "none") {
    const l = yield pr.pretty(asBinaryOperand(n, n.left, "left"));
    const right = asBinaryOperand(n, n.right, "right");
    // Parsed code: comments written before the operator stay before it, on their own lines: the
    // operator's leading trivia starts with a hardline (Pretty.hs `instance Pretty Trivia`; these
    // operators print `pretty op`, without `moveTrailingCommentUp`, so one after it stays after it).
    const split = commentsBeforeToken(pr, right, false);
    if (split !== null && right.span !== undefined) {
      const before = commentsAt(pr, spanStart(right.span), split.before, (right.comments as readonly Comment[]).length);
      const r = yield pr.pretty(split.rest);
      // Comments that print as nothing (an empty trailing `#`) leave no line break: the next pass,
      // which no longer sees them, must lay the operator out the same way.
      if (before.length === 0) return [cat(l), SOFTSPACE, n.op, HARDSPACE, cat(r)];
      return [cat(l), SOFTSPACE, HARDLINE, ...before, n.op, HARDSPACE, cat(r)];
    }
    const r = yield pr.pretty(right);
    return [cat(l), SOFTSPACE, n.op, HARDSPACE, cat(r)];
  }
  return yield op(pr, n, false);
}

/** `prettyOp`: a flattened chain, each operator starting a line when broken. */
export function* op(pr: Printer, n: Binary, forceFirstWide: boolean): Gen {
  const operands = flattenOp(pr, n);
  const sep = (n.op === "|>" || n.op === "<|") && operands.length > 3 ? HARDLINE : SPACE;
  const out: Doc = [];
  for (let i = 0; i < operands.length; i++) {
    const x = operands[i] as Expr;
    if (i === 0) {
      if (forceFirstWide && isAbsorbableTerm(x, pr.ctx.hints) && !hasComments(x)) out.push(cat(yield pr.termWide(x)));
      else out.push(cat(yield pr.pretty(x)));
      continue;
    }
    let d: Doc;
    const split = commentsBeforeToken(pr, x, true);
    if (split !== null) {
      // Parsed code: comments written before the operator stay before it (`# c` / `|| x`), and
      // one after it on its line goes there too (Pretty.hs `prettyOperation`: `moveTrailingCommentUp`).
      const at = spanStart(x.span as NonNullable<Expr["span"]>);
      const total = (x.comments as readonly Comment[]).length;
      const docBefore = commentsAt(pr, at, split.before, total);
      if (split.up !== null) docBefore.push(...commentDoc(split.up, true));
      // A blank line before those comments is kept too (nixfmt: trivia of the operator).
      const lead = pr.ctx.hints?.commentInfo(at, total)?.[0];
      if (lead !== undefined && lead.blank && !lead.sameLine) out.push(EMPTYLINE);
      out.push(sep, ...docBefore, n.op, nest([HARDSPACE, cat(yield pr.pretty(split.rest))]));
      continue;
    }
    // A blank line before the operator is kept (nixfmt: trivia of the operator).
    const f = pr.ctx.hints;
    if (f !== undefined && x.span !== undefined && f.blankBeforePrevious(spanStart(x.span))) out.push(EMPTYLINE);
    if (hasComments(x)) d = [HARDSPACE, cat(yield pr.pretty(x))];
    else if (isAbsorbableTerm(x, pr.ctx.hints)) d = [HARDSPACE, cat(yield pr.pretty(x))];
    else if (x.type === "Binary") d = [group([SPACE, cat(yield pr.pretty(x))])];
    else if (x.type === "Apply") d = [group([HARDSPACE, cat(yield app(pr, false, [SPACE], false, x.fn, x.arg))])];
    else d = [HARDSPACE, cat(yield pr.pretty(x))];
    out.push(sep, n.op, nest(d));
  }
  return [group(out, REGULAR)];
}
