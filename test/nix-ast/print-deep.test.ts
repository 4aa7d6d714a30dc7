/**
 * Deep trees: printing never recurses on the JS stack (10,000 levels of every nesting shape), and
 * the output of moderately deep trees is still read back by Nix as the same tree. Precedence: every
 * operator inside every operator, on either side, printed and read back by Nix, compared with the
 * fully parenthesised form derived here from the tree (not from the printer).
 */
import { describe, expect, it } from "vitest";
import { BINARY_OPS, print, type Binding, type Expr } from "nix-ast";
import { canonical, normalize, parseNix } from "nix-ast/testing";
import { requireNix } from "../require-tool.js";
import { app, attrs, has, iff, lam, letIn, list, neg, not, op, paren, sel, set, str, v, withE } from "./print-helpers.js";

const hasNix = requireNix("the printer's deep trees and precedence read back by real Nix");

const nestN = (n: number, seed: Expr, f: (e: Expr) => Expr): Expr => {
  let e = seed;
  for (let i = 0; i < n; i++) e = f(e);
  return e;
};

const SHAPES: Record<string, (n: number) => Expr> = {
  lists: (n) => nestN(n, v("x"), (e) => list(e)),
  lambdas: (n) => nestN(n, v("x"), (e) => lam("x", e)),
  leftPlus: (n) => nestN(n, v("a"), (e) => op("+", e, v("a"))),
  rightUpdate: (n) => nestN(n, v("a"), (e) => op("//", v("a"), e)),
  mixedOps: (n) => nestN(n, v("a"), (e) => op(n % 2 ? "*" : "+", e, v("a"))),
  attrs: (n) => nestN(n, v("x"), (e) => attrs(set("a", e))),
  lets: (n) => nestN(n, v("x"), (e) => letIn([set("a", v("y"))], e)),
  applications: (n) => nestN(n, v("x"), (e) => app(v("f"), e)),
  argSpine: (n) => nestN(n, v("f"), (e) => app(e, v("x"))),
  elseIf: (n) => nestN(n, v("x"), (e) => iff(v("c"), v("a"), e)),
  withs: (n) => nestN(n, v("x"), (e) => withE(v("p"), e)),
  selects: (n) => nestN(n, v("x"), (e) => sel(e, "a")),
  parens: (n) => nestN(n, v("x"), (e) => paren(e)),
  interpolations: (n) => nestN(n, v("x"), (e) => str("a", e)),
  bindingsDeep: (n) => nestN(n, v("x"), (e) => attrs(set("a", e), set("b", list(v("c"), v("d"))))),
};

describe("deep trees do not overflow the stack", () => {
  for (const [name, mk] of Object.entries(SHAPES)) {
    // A set nested in a set nested … indents every level: 10,000 levels would be a string longer
    // than V8 allows (the layout is quadratic in size by nature), so that one shape stops at 3,000.
    const depth = name === "bindingsDeep" ? 3_000 : 10_000;
    it(`${name} × ${depth}`, () => {
      const out = print(mk(depth));
      expect(out.endsWith("\n")).toBe(true);
      expect(out.length).toBeGreaterThan(10_000);
    });
  }
});

describe.skipIf(!hasNix)("moderately deep trees parse back to the same tree", () => {
  it("every shape at depth 200", { timeout: 120_000 }, async () => {
    // The reference is canonical(), the testing kit's rendering of the tree in Nix's --parse form,
    // which shares no code with the printer.
    const shapes = Object.entries(SHAPES).map(([name, mk]) => ({ name, e: mk(200) }));
    const theirs = await parseNix(shapes.map(({ e }) => print(e)));
    shapes.forEach(({ name, e }, i) => {
      expect(normalize(theirs[i]!), name).toBe(normalize(canonical(e)));
    });
  });
  it("wide set of many bindings", () => {
    const bs: Binding[] = [];
    for (let i = 0; i < 20_000; i++) bs.push(set(`k${i}`, str(`v${i}`)));
    const out = print(attrs(...bs));
    expect(out.split("\n").length).toBe(20_003);
  });
});

// --- precedence, against Nix directly -----------------------------------------------------------

/**
 * How Nix 2.8's `--parse` prints a tree of variables, operators, applications and `?`, fully
 * parenthesised (docs/testing.md lists these forms). Written here from the tree alone.
 */
function nixForm(e: Expr): string {
  const call = callParts(e);
  if (call !== null) return `(${call.join(" ")})`;
  switch (e.type) {
    case "Var":
      return e.name;
    case "Unary":
      return `(! ${nixForm(e.expr)})`;
    case "HasAttr":
      return `((${nixForm(e.expr)}) ? ${e.path.join(".")})`;
    case "Binary": {
      const l = nixForm(e.left);
      const r = nixForm(e.right);
      switch (e.op) {
        case "<=":
          return `(! (__lessThan ${r} ${l}))`;
        case ">=":
          return `(! (__lessThan ${l} ${r}))`;
        default:
          return `(${l} ${e.op} ${r})`;
      }
    }
    default:
      throw new Error(`nixForm: ${e.type} is not part of the precedence trees`);
  }
}

/**
 * The function and arguments of the nodes Nix makes calls of (`-` `*` `/` `<` `>`, unary `-`,
 * application), else null. Nix's parser appends an argument to a call it applies (`(a - b) c` is
 * `__sub a b c`), and parentheses make no node, so `(f a) b` is `f a b` too.
 */
function callParts(e: Expr): string[] | null {
  switch (e.type) {
    case "Apply":
      return [...(callParts(e.fn) ?? [nixForm(e.fn)]), nixForm(e.arg)];
    case "Unary":
      return e.op === "-" ? ["__sub", "0", nixForm(e.expr)] : null;
    case "Binary": {
      const fn = { "-": "__sub", "*": "__mul", "/": "__div", "<": "__lessThan", ">": "__lessThan" }[e.op as string];
      if (fn === undefined) return null;
      const [l, r] = [nixForm(e.left), nixForm(e.right)];
      return e.op === ">" ? [fn, r, l] : [fn, l, r];
    }
    default:
      return null;
  }
}

const OPS = BINARY_OPS.filter((o) => o !== "|>" && o !== "<|");
/** Every operator form with two holes (a unary one ignores its second). */
const FORMS: { name: string; mk: (a: Expr, b: Expr) => Expr }[] = [
  ...OPS.map((o) => ({ name: o, mk: (a: Expr, b: Expr) => op(o, a, b) })),
  { name: "neg", mk: (a: Expr) => neg(a) },
  { name: "not", mk: (a: Expr) => not(a) },
  { name: "apply", mk: (a: Expr, b: Expr) => app(a, b) },
  { name: "?", mk: (a: Expr) => has(a, "k") },
];

describe.skipIf(!hasNix)("precedence and associativity of every operator, on both sides", () => {
  it(`each of ${FORMS.length} forms inside each other, left and right, and in chains of three`, async () => {
    const trees: { name: string; e: Expr }[] = [];
    for (const outer of FORMS) {
      for (const inner of FORMS) {
        trees.push({ name: `${outer.name}(${inner.name}, c)`, e: outer.mk(inner.mk(v("a"), v("b")), v("c")) });
        trees.push({ name: `${outer.name}(c, ${inner.name})`, e: outer.mk(v("c"), inner.mk(v("a"), v("b"))) });
        // Three levels: associativity of a chain whose middle differs.
        trees.push({
          name: `${outer.name}(${inner.name}(a, ${outer.name}), d)`,
          e: outer.mk(inner.mk(v("a"), outer.mk(v("b"), v("c"))), v("d")),
        });
      }
    }
    const printed = trees.map(({ e }) => print(e));
    const theirs = await parseNix(printed);
    const squash = (t: string) => t.replace(/\s+/g, " ").trim();
    const wrong = trees.flatMap(({ name, e }, i) => {
      const want = nixForm(e);
      return squash(theirs[i]!) === want ? [] : [`${name}: printed ${JSON.stringify(printed[i])}, Nix read ${squash(theirs[i]!)}, meant ${want}`];
    });
    expect(wrong).toEqual([]);
    expect(trees.length).toBe(FORMS.length * FORMS.length * 3);
  });
});
