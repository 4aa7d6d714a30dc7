/**
 * printValue writes plain data straight from the JS value: its text is exactly
 * print(fromValue(value)) (differential, random data, several widths), and values with no Nix form
 * raise fromValue's error, path included.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromValue, NixValueError, print, printValue } from "nix-ast";
import { arbitrary } from "nix-ast/testing";
import { valueText } from "../../packages/nix-ast/src/print/value.js";
import { dataHooks } from "../../packages/nix-ast/src/print/printer.js";

const same = (v: unknown, width?: number): void => {
  const opts = width === undefined ? {} : { width };
  expect(printValue(v, opts)).toBe(print(fromValue(v), opts));
};

/** Data shaped like generated package sets: wide sets of sets, lists of strings, some odd keys. */
const record = fc.record({
  pname: fc.string({ maxLength: 20 }),
  version: fc.string({ maxLength: 30 }),
  deps: fc.array(fc.oneof(fc.string({ maxLength: 30 }), fc.integer({ min: -5, max: 5 })), { maxLength: 3 }),
  meta: fc.dictionary(fc.oneof(fc.constantFrom("a", "b c", "if", "or", "x.y", "é"), fc.string({ maxLength: 6 })), arbitrary.value({ maxDepth: 2 }), { maxKeys: 3 }),
  flag: fc.oneof(fc.boolean(), fc.constant(null), fc.float({ noNaN: true, noDefaultInfinity: true }), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })),
  long: fc.constantFrom("x".repeat(120), "y".repeat(95), ""),
});

describe("printValue", () => {
  it("prints exactly print(fromValue(v)) for arbitrary values", () => {
    fc.assert(
      fc.property(arbitrary.value({ maxDepth: 4 }), fc.constantFrom(undefined, 100, 40, 20, 8), (v, width) => same(v, width)),
      { numRuns: 3000 },
    );
  });

  it("prints exactly print(fromValue(v)) for package-set-like data, mostly without a tree", () => {
    let direct = 0;
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 12 }), record, { minKeys: 2, maxKeys: 6 }), fc.constantFrom(100, 60, 30), (v, width) => {
        same(v, width);
        if (valueText(v, dataHooks(width)) !== null) direct++;
      }),
      { numRuns: 1500 },
    );
    // The differential means something only if the value path itself ran often.
    expect(direct).toBeGreaterThan(300);
  });

  it("handles the corners the data path leaves to the tree: one-item lists, wide lines, deep nesting", () => {
    same({ a: ["one"], b: [[1], [2, 3]] });
    same({ [`k${"e".repeat(98)}`]: 12345, "quoted key": "v".repeat(99) });
    same([-1, -2.5, 2n ** 63n * -1n, 0, -0]);
    let deep: unknown = "leaf";
    for (let i = 0; i < 200; i++) deep = { a: deep, b: [i, "x"] };
    same(deep);
  });

  it("converts and prints data of any depth without overflowing the stack", () => {
    let v: unknown = "leaf";
    for (let i = 0; i < 100_000; i++) v = [v, i];
    const e = fromValue(v);
    expect(e.type).toBe("List");
    // Printed text grows with the square of the depth (indentation): compare at a printable depth.
    let o: unknown = 1;
    for (let i = 0; i < 3000; i++) o = { a: o, b: [i, "x"] };
    same(o);
    const cyclic: { a: unknown[] } = { a: [] };
    let inner: unknown = cyclic;
    for (let i = 0; i < 500; i++) inner = { n: inner };
    cyclic.a.push(inner);
    expect(() => printValue(cyclic)).toThrow(/\$\.a\[0\](\.n){500}: the value contains a cycle/);
  });

  it("raises fromValue's errors, with the JSON path", () => {
    const cycle: { x: unknown[] } = { x: [] };
    cycle.x.push(1, cycle);
    const bad: [unknown, RegExp][] = [
      [{ a: 1, b: { c: "nul\0" } }, /\$\.b\.c: a NUL character/],
      [{ a: 1, "k\uD800": 2 }, /unpaired surrogate/],
      [{ a: 1, b: [1, Number.NaN] }, /\$\.b\[1\]: NaN has no Nix form/],
      [{ a: 1, b: [1, 2n ** 64n] }, /\$\.b\[1\]: .* does not fit/],
      [{ a: 1, b: undefined }, /\$\.b: undefined has no Nix form/],
      [{ a: 1, b: new Date(0) }, /\$\.b: a Date object has no Nix form/],
      [{ a: 1, b: () => 1 }, /\$\.b: a function has no Nix form/],
      [cycle, /\$\.x\[1\]: the value contains a cycle/],
    ];
    for (const [v, re] of bad) {
      expect(() => printValue(v)).toThrow(NixValueError);
      expect(() => printValue(v)).toThrow(re);
    }
  });

  it("keeps holes and non-plain values out of the data path", () => {
    // eslint-disable-next-line no-sparse-arrays
    const holey = [1, , 3];
    expect(() => printValue({ a: holey, b: 1 })).toThrow();
    expect(() => print(fromValue({ a: holey, b: 1 }))).toThrow();
  });
});
