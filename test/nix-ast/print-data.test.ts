/**
 * The plain-data fast path gives exactly the layout of the general path (differential, random data
 * trees), and the printed data evaluates to the data.
 */
import { execFileSync } from "node:child_process";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { print, type Binding, type Expr } from "nix-ast";
import { layout } from "../../packages/nix-ast/src/print/doc.js";
import { buildDoc } from "../../packages/nix-ast/src/print/driver.js";
import { requireNix } from "../require-tool.js";

const hasNix = requireNix("the data fast path's evaluation through real Nix");

const printWith = (e: Expr, fast: boolean, width = 100): string =>
  `${layout(buildDoc(e, { pipes: false, width, dataFastPath: fast }), { width, indent: 2 })}\n`;

const name = fc.oneof(
  fc.constantFrom("a", "b", "pname", "version", "or", "foo-bar", "a.b", "if", "", "x y", "k'"),
  fc.string({ maxLength: 12 }),
);
const leaf: fc.Arbitrary<Expr> = fc.oneof(
  fc.string({ maxLength: 40 }).map((s): Expr => ({ type: "Str", parts: [s.replace(/\0/g, "")] })),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((value): Expr => ({ type: "Int", value })),
  fc.constantFrom<Expr>({ type: "Var", name: "true" }, { type: "Var", name: "null" }),
  fc.constantFrom<Expr>({ type: "Str", parts: ["x".repeat(120)] }, { type: "Var", name: "y".repeat(110) }),
);
const { tree } = fc.letrec<{ tree: Expr }>((tie) => ({
  tree: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.array(tie("tree"), { maxLength: 4 }).map((items): Expr => ({ type: "List", items })),
    fc
      .array(fc.tuple(fc.array(name, { minLength: 1, maxLength: 5 }), tie("tree"), fc.boolean()), { maxLength: 4 })
      .map((bs): Expr => ({
        type: "Attrs",
        rec: false,
        bindings: bs.map(
          ([path, value, blank]): Binding => ({
            type: "Assign",
            path: path as [string, ...string[]],
            value,
            ...(blank ? { blankBefore: true } : {}),
          }),
        ),
      })),
  ),
}));

describe("plain-data fast path", () => {
  it("matches the general path", () => {
    fc.assert(
      fc.property(tree, fc.constantFrom(100, 40, 20), (e, width) => {
        expect(printWith(e, true, width)).toBe(printWith(e, false, width));
      }),
      { numRuns: 1500 },
    );
  });
  it("print() (whole-output data path) and data nested in code match the general path", () => {
    const call = (e: Expr): Expr => ({ type: "Apply", fn: { type: "Var", name: "f" }, arg: e });
    fc.assert(
      fc.property(tree, tree, fc.constantFrom(100, 40, 20), (e, d, width) => {
        expect(print(e, { width })).toBe(printWith(e, false, width));
        // Data blocks embedded at several indentations, next to code that is not data.
        const mixed: Expr = {
          type: "Let",
          bindings: [
            { type: "Assign", path: ["x"], value: { type: "Attrs", rec: false, bindings: [{ type: "Assign", path: ["y"], value: e }, { type: "Assign", path: ["z"], value: call(d) }] } },
            { type: "Assign", path: ["w"], value: { type: "List", items: [call(e), d, { type: "Attrs", rec: false, bindings: [{ type: "Assign", path: ["v"], value: d }, { type: "Assign", path: ["u"], value: call(e) }] }] } },
          ],
          body: { type: "Var", name: "x" },
        };
        expect(printWith(mixed, true, width)).toBe(printWith(mixed, false, width));
      }),
      { numRuns: 800 },
    );
  });
  it.skipIf(!hasNix)("evaluates to the data", () => {
    const data = {
      s: 'q"uote ${x} $',
      n: [1, -2, 3],
      nested: { a: { b: ["x", "y"], c: {} }, "odd key": [] },
    };
    const toAst = (x: unknown): Expr => {
      if (typeof x === "string") return { type: "Str", parts: [x] };
      if (typeof x === "number") return { type: "Int", value: BigInt(x) };
      if (Array.isArray(x)) return { type: "List", items: x.map(toAst) };
      return {
        type: "Attrs",
        rec: false,
        bindings: Object.entries(x as object).map(([k, y]): Binding => ({ type: "Assign", path: [k], value: toAst(y) })),
      };
    };
    const out = printWith(toAst(data), true);
    const json = execFileSync("nix-instantiate", ["--eval", "--strict", "--json", "-E", out], { encoding: "utf8" });
    expect(JSON.parse(json)).toEqual(data);
  });
});
