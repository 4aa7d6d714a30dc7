/**
 * Parenthesisation: where precedence, associativity or lexing needs parentheses, and only there
 * (the Nix grammar's precedence table, docs/printer.md).
 *
 * @module
 */
import type { Binary, Expr, Paren} from "../ast/nodes.js";
import { BINARY, PREC } from "../ast/precedence.js";
import { prec, hasComments, selectNeedsNoParens } from "./classify.js";

/** Wraps `e` in a synthetic Paren, moving its comments outside the parentheses. */
export function paren(e: Expr): Paren {
  if (!hasComments(e) && e.blankBefore === undefined) return { type: "Paren", expr: e };
  const { comments, trailing: tr, blankBefore, ...inner } = e;
  const out: { -readonly [K in keyof Paren]: Paren[K] } = { type: "Paren", expr: inner as Expr };
  if (comments !== undefined) out.comments = comments;
  if (tr !== undefined) out.trailing = tr;
  if (blankBefore !== undefined) out.blankBefore = blankBefore;
  return out;
}

/** `e` as an application argument, list element or `or` default: select level. */
export function atSelectLevel(e: Expr): Expr {
  return prec(e) <= PREC.select ? e : paren(e);
}

/** `e` as the function of an application. */
export function asFunction(e: Expr): Expr {
  return prec(e) <= PREC.apply ? e : paren(e);
}

export function asSelectBase(e: Expr): Expr {
  return selectNeedsNoParens(e) ? e : paren(e);
}

export function asBinaryOperand(parent: Binary, e: Expr, side: "left" | "right"): Expr {
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

export function asUnaryOperand(op: "-" | "!", e: Expr): Expr {
  const c = prec(e);
  // Nix has no `--` token: `--x` is `-(-x)` (nixfmt prints it so, test `operator-after-operator`).
  if (op === "-") return c <= PREC.negate && !startsWithPath(e) ? e : paren(e);
  return c <= PREC.not ? e : paren(e);
}

/**
 * Whether `e` may print ending with a URI (its rightmost operand, argument, body, `or` default…).
 * Over-approximating is harmless: the caller only adds parentheses.
 */
export function endsWithUri(e: Expr): boolean {
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
export function startsWithPath(e: Expr): boolean {
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
