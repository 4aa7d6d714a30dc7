/**
 * Deep trees: printing never recurses on the JS stack (10,000 levels of every nesting shape), and
 * the output of moderately deep trees is still read back by Nix as the same tree.
 */
import { describe, expect, it } from "vitest";
import { print, type Binding, type Expr } from "nix-ast";
import { app, attrs, iff, lam, letIn, list, op, paren, sel, set, str, v, withE } from "./print-helpers.js";
import { nixParse } from "./print-helpers.js";

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

describe("moderately deep trees parse back to the same tree", () => {
  it("every shape at depth 200", { timeout: 120_000 }, () => {
    for (const [name, mk] of Object.entries(SHAPES)) {
      const e = mk(200);
      const out = print(e);
      // The reference: the same tree printed on one line with every node parenthesised is not
      // available here, so compare with a second print at a very large width (different layout).
      const wide = print(e, { width: 100_000 });
      expect(nixParse(out), name).toBe(nixParse(wide));
    }
  });
  it("wide set of many bindings", () => {
    const bs: Binding[] = [];
    for (let i = 0; i < 20_000; i++) bs.push(set(`k${i}`, str(`v${i}`)));
    const out = print(attrs(...bs));
    expect(out.split("\n").length).toBe(20_003);
  });
});
