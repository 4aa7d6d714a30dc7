/**
 * Operator precedence and associativity, from the Nix manual and `parser.y` (docs/nix-facts.md, "Operators"). Lower binds
 * tighter. Shared by the printer (to place parentheses) and the parser.
 *
 * @module
 */
import type { BinaryOp, Expr } from "./nodes.js";

/** Associativity of an operator level. */
export type Assoc = "left" | "right" | "none";

/** Precedence levels: 1 select … 15 pipes; atoms are 0, the keyword forms 16. */
export const PREC = {
  atom: 0,
  select: 1,
  apply: 2,
  negate: 3,
  hasAttr: 4,
  concat: 5,
  mul: 6,
  add: 7,
  not: 8,
  update: 9,
  compare: 10,
  equal: 11,
  and: 12,
  or: 13,
  impl: 14,
  pipe: 15,
  /** `if`, `let`, `with`, `assert`, lambdas: they extend as far right as possible. */
  keyword: 16,
} as const;

/** Level and associativity of each binary operator. */
export const BINARY: Readonly<Record<BinaryOp, { readonly prec: number; readonly assoc: Assoc }>> =
  {
    "++": { prec: PREC.concat, assoc: "right" },
    "*": { prec: PREC.mul, assoc: "left" },
    "/": { prec: PREC.mul, assoc: "left" },
    "+": { prec: PREC.add, assoc: "left" },
    "-": { prec: PREC.add, assoc: "left" },
    "//": { prec: PREC.update, assoc: "right" },
    "<": { prec: PREC.compare, assoc: "none" },
    "<=": { prec: PREC.compare, assoc: "none" },
    ">": { prec: PREC.compare, assoc: "none" },
    ">=": { prec: PREC.compare, assoc: "none" },
    "==": { prec: PREC.equal, assoc: "none" },
    "!=": { prec: PREC.equal, assoc: "none" },
    "&&": { prec: PREC.and, assoc: "left" },
    "||": { prec: PREC.or, assoc: "left" },
    "->": { prec: PREC.impl, assoc: "right" },
    "|>": { prec: PREC.pipe, assoc: "left" },
    "<|": { prec: PREC.pipe, assoc: "right" },
  };

/** The precedence level of an expression as it would be printed without added parentheses. */
export function precedenceOf(e: Expr): number {
  switch (e.type) {
    case "Binary":
      return BINARY[e.op].prec;
    case "Unary":
      return e.op === "-" ? PREC.negate : PREC.not;
    case "HasAttr":
      return PREC.hasAttr;
    case "Apply":
      return PREC.apply;
    case "Select":
      return PREC.select;
    case "Let":
    case "With":
    case "Assert":
    case "If":
    case "Lambda":
      return PREC.keyword;
    case "Int":
    case "Float":
      // A negative literal prints as unary minus.
      return (e.type === "Int" ? e.value < 0n : e.value < 0 || Object.is(e.value, -0))
        ? PREC.negate
        : PREC.atom;
    default:
      return PREC.atom;
  }
}
