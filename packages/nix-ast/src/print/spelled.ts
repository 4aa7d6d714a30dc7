/**
 * Numbers without a Nix literal: the int64 minimum, the float `-0` and subnormal floats print as
 * the expressions that compute them (`(-9223372036854775807 - 1)`, `(-1.0 * 0.0)`,
 * `(k * 2^-537 * 2^-537)`, see escape.ts). Their text reads back as parentheses around operators,
 * so they are laid out as those parentheses are: broken inside when too long, absorbed after `=`,
 * a selection's base without a space. The printer meets such a number and signals
 * {@link RESPELL}; the driver then prints the tree with every one of them replaced by the tree its
 * text parses to ({@link spellNumbers}). Trees without them pay nothing.
 *
 * @module
 */
import type { Binding, Expr, Float, Int } from "../ast/nodes.js";
import { mapChildren } from "../builders/scope.js";
import { MIN_INT } from "./classify.js";
import { isSubnormal, subnormalFactors } from "./escape.js";

/** Thrown by the printer on a number without a literal (caught by the print driver). */
export const RESPELL: unique symbol = Symbol("respell");

/** Whether a number node has no literal and prints as an expression. */
export function hasNoLiteral(e: Int | Float): boolean {
  if (e.type === "Int") return e.value === MIN_INT;
  return Object.is(e.value, -0) || isSubnormal(e.value);
}

const float = (value: number): Expr => ({ type: "Float", value });
const neg = (expr: Expr): Expr => ({ type: "Unary", op: "-", expr });
const times = (left: Expr, right: Expr): Expr => ({ type: "Binary", op: "*", left, right });

/** The tree a number's printed text parses to (the node's comments move to it), or null. */
function spelled(e: Expr): Expr | null {
  if ((e.type !== "Int" && e.type !== "Float") || !hasNoLiteral(e)) return null;
  let out: Expr;
  if (e.type === "Int") {
    out = { type: "Paren", expr: { type: "Binary", op: "-", left: neg({ type: "Int", value: -(MIN_INT + 1n) }), right: { type: "Int", value: 1n } } };
  } else if (Object.is(e.value, -0)) {
    out = { type: "Paren", expr: times(neg(float(1)), float(0)) };
  } else {
    const { k, scale } = subnormalFactors(Math.abs(e.value));
    const product: Expr = { type: "Paren", expr: times(times(float(k), float(scale)), float(scale)) };
    out = e.value < 0 ? neg(product) : product;
  }
  const { type: _t, value: _v, ...base } = e;
  return { ...out, ...base } as Expr;
}

/**
 * `root` with every number that has no literal replaced by the tree its text parses to, sharing
 * all unchanged subtrees. Iterative: as deep as the printer goes.
 */
export function spellNumbers(root: Expr): Expr {
  // Post-order (children before their parents, a shared subtree once), without recursion: a node
  // is pushed, then pushed again as left (`true`) once its children are on the stack above it.
  const done = new Map<Expr, Expr>();
  const seen = new Set<Expr>();
  const nodes: Expr[] = [root];
  const left: boolean[] = [false];
  while (nodes.length > 0) {
    const n = nodes.pop() as Expr;
    if (left.pop() === true) {
      const m = spelled(n) ?? mapChildren(n, (c) => done.get(c) ?? c);
      if (m !== n) done.set(n, m);
    } else if (!seen.has(n)) {
      seen.add(n);
      nodes.push(n);
      left.push(true);
      mapChildren(n, (c) => (nodes.push(c), left.push(false), c));
    }
  }
  return done.get(root) ?? root;
}

/** {@link spellNumbers} for an entry of a set or list (a binding or an expression). */
export function spellEntry(entry: Binding | Expr): Binding | Expr {
  if (entry.type !== "Assign" && entry.type !== "Inherit") return spellNumbers(entry);
  const holder = spellNumbers({ type: "Attrs", rec: false, bindings: [entry] });
  return (holder as { bindings: readonly Binding[] }).bindings[0] as Binding;
}
