/**
 * Classification of expressions as nixfmt's layout rules see them (`Pretty.hs`: `isAbsorbable`,
 * `isAbsorbableExpr`, `isSimple`, terms), all iterative or bounded.
 *
 * @module
 */
import { spanEnd, spanStart, type Comment, type Expr, type FormalsParam, type IndStr, type NodeBase } from "../ast/nodes.js";
import { isLanguageAnnotation } from "../ast/nodes.js";
import { PREC, precedenceOf } from "../ast/precedence.js";
import { isBareAttrName, INT64_MIN } from "../ast/lexical.js";
import type { LayoutHints } from "./hints.js";

export const MIN_INT = INT64_MIN;

/** Whether a number node prints as unary minus on a literal. */
export function isNegativeLiteral(e: Expr): boolean {
  if (e.type === "Int") return e.value < 0n && e.value !== MIN_INT;
  if (e.type === "Float") return e.value < 0;
  return false;
}

/** Precedence as printed: the two literal-less numbers print as parenthesised atoms. */
export function prec(e: Expr): number {
  if (e.type === "Int" && e.value === MIN_INT) return PREC.atom;
  if (e.type === "Float" && Object.is(e.value, -0)) return PREC.atom;
  return precedenceOf(e);
}

/** nixfmt "terms": atoms, strings, lists, sets, selections, parentheses. */
export function isTerm(e: Expr): boolean {
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

export function hasComments(n: NodeBase): boolean {
  const cs = n.comments;
  if (n.trailing !== undefined) return true;
  if (cs === undefined || cs.length === 0) return false;
  // A language annotation alone before a string (`/* lua */ ''…''`) is printed inline with it
  // (Printer.annotated): it does not count. Before anything else it is a comment like others.
  const t = (n as { type?: string }).type;
  return cs.length > 1 || (t !== "Str" && t !== "IndStr") || !isLanguageAnnotation(cs[0] as Comment);
}

export { isLanguageAnnotation };

export function isMultilineIndStr(e: IndStr): boolean {
  return e.parts.some((p) => typeof p === "string" && p.includes("\n"));
}

/** Terms that may start on the current line and expand below it (nixfmt `isAbsorbable`). */
export function isAbsorbable(e: Expr, facts?: LayoutHints): boolean {
  let cur = e;
  for (;;) {
    switch (cur.type) {
      case "IndStr":
        return isMultilineIndStr(cur);
      case "Attrs":
      case "LegacyLet":
        // An empty set or list the author broke open absorbs too (it prints expanded), and so
        // does one holding only comments (Pretty.hs `isAbsorbable`: `hasOnlyComments items`).
        return (
          cur.bindings.length > 0 ||
          (facts !== undefined && cur.type === "Attrs" && (facts.bracketsBroken(cur) || commentsInside(cur, facts)))
        );
      case "List":
        return cur.items.length > 0 || (facts !== undefined && (facts.bracketsBroken(cur) || commentsInside(cur, facts)));
      case "Paren":
        if (hasComments(cur.expr) || cur.beforeClose !== undefined || !isTerm(cur.expr)) return false;
        cur = cur.expr;
        continue;
      default:
        return false;
    }
  }
}

/** Parsed code: whether comments are written inside the (empty) brackets of `e`, before its closing one. */
function commentsInside(e: Expr, facts: LayoutHints): boolean {
  if (e.span === undefined || e.comments === undefined || e.comments.length === 0) return false;
  const end = spanEnd(e.span) - 1;
  return facts.commentsBeforeNext(end)?.at === end;
}

export function isAbsorbableTerm(e: Expr, facts?: LayoutHints): boolean {
  return isTerm(e) && isAbsorbable(e, facts);
}

/** Whether a set pattern may stay on one line: at most two formals, none with a default (nor, with `comments`, with comments). */
export function canFlattenFormals(p: FormalsParam, comments = true): boolean {
  if (p.formals.length > 2 || (comments && p.ellipsisComments !== undefined && p.ellipsisComments.length > 0)) return false;
  return p.formals.every(
    (f) => f.default === undefined && (!comments || f.comments === undefined || f.comments.length === 0),
  );
}

/** Parsed code: whether the node's first comment sits on the line of the token before it. */
export function firstCommentOnPreviousLine(facts: LayoutHints | undefined, e: Expr): boolean {
  const n = e.comments?.length ?? 0;
  if (facts === undefined || e.span === undefined || n === 0) return false;
  return facts.commentInfo(spanStart(e.span), n)?.[0]?.sameLine === true;
}

/** nixfmt `isAbsorbableExpr`, iterative over lambda chains. */
export function isAbsorbableExpr(e: Expr, facts?: LayoutHints): boolean {
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
    if (facts !== undefined) {
      // The author's line breaks: a broken-open pattern, or the body on the line after the `:`.
      if (facts.formalsBroken(cur) || facts.bodyOnNextLine(cur)) return false;
      // Comments on the braces (Pretty.hs `canFlattenAttrs`: `hasTrivia bclose`; and the `{`'s own
      // in `isAbsorbableExpr`): `{ self } # c` then `: {` was absorbed, broke the pattern open,
      // and was not absorbed the next time (found by the property over edited real files, seed 715).
      const t = facts.patternTrivia(cur);
      if (t !== null && (t.open.leading.length > 0 || t.first.trailing.length > 0 || t.close.leading.length > 0 || t.next.trailing.length > 0)) {
        return false;
      }
      // A comment on the `:`'s line puts the body on the next line (`{ self }: /* c */ {` prints
      // `# c` there), where the next pass reads it as written so: not absorbed then either (seed 715).
      if (firstCommentOnPreviousLine(facts, cur.body)) return false;
    }
    cur = cur.body;
  }
}

/** "Simple" expressions (nixfmt `isSimple`): short, comment-free, at most two arguments. */
export function isSimple(e: Expr): boolean {
  return simpleWithin(e, 64);
}

/** `isSimple` with a depth budget: anything nested deeper than that is not simple anyway. */
export function simpleWithin(e: Expr, budget: number): boolean {
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
      // A base printed in parentheses (`(./a).b`, `(f x).b`) is as simple as written so: nixfmt's
      // `isSimple` looks through parentheses (the property over edited real files, seed 750).
      return (
        e.default === undefined &&
        e.path.every((n) => typeof n === "string" && isBareAttrName(n)) &&
        simpleWithin(e.expr, budget - 1)
      );
    case "Paren":
      return e.beforeClose === undefined && simpleWithin(e.expr, budget - 1);
    case "Apply":
      if (e.fn.type === "Apply" && e.fn.fn.type === "Apply") return false;
      return simpleWithin(e.fn, budget - 1) && simpleWithin(e.arg, budget - 1);
    default:
      return false;
  }
}

/** Whether `e` can stand as the base of a selection without parentheses. */
export function selectNeedsNoParens(e: Expr): boolean {
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
