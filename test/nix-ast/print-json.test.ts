/**
 * printJson (what `nix-ast from-json` runs) writes Nix straight from JSON text: its text is exactly
 * print(fromJsonText(text)) (differential, random JSON text with the corners JSON.parse loses:
 * int/float spelling, big ints, duplicate keys, escapes, odd whitespace), and malformed or
 * unrepresentable text raises fromJsonText's error, path and position included.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromJsonText, JsonInputError, print, printJson } from "nix-ast";
import { fastJson } from "../../packages/nix-ast/src/print/json.js";

/** The outcome of a function: its value, or its error's class and message. */
function outcome(f: () => string): string {
  try {
    return `ok ${f()}`;
  } catch (e) {
    return `error ${(e as Error).name}: ${(e as Error).message}`;
  }
}

const same = (text: string, width?: number): void => {
  const opts = width === undefined ? {} : { width };
  expect(outcome(() => printJson(text, opts))).toBe(outcome(() => print(fromJsonText(text), opts)));
};

const ws = fc.constantFrom("", "", "", " ", "\n  ", "\t", "\r\n");
const key = fc.oneof(
  fc.constantFrom("a", "b", "name", "if", "or", "x.y", "b c", "é", "", "__proto__", "pkg-1", "a\\u0000", "\\ud800", "\\\"q", "k\\u00e9"),
  fc.string({ maxLength: 6 }).map((s) => JSON.stringify(s).slice(1, -1)),
);
const number = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }).map(String),
  fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n }).map(String),
  fc.constantFrom("-0", "0.0", "1.0", "-1.5", "1e2", "1E+2", "2.5e-3", "1e400", "-1e400", "5e-324", "9223372036854775807", "-9223372036854775808", "9007199254740993", "01", "1.", "-", ".5"),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
);
const string = fc.oneof(
  fc.string({ maxLength: 12 }).map((s) => JSON.stringify(s)),
  fc.constantFrom('"${x}"', '"a\\\\b"', '"\\u0024{"', '"$\\u007b"', '"\\u0000"', '"\\ud83d\\ude00"', '"\\udc00"', '"\\/\\b\\f\\n\\r\\t"', `"${"w".repeat(120)}"`, '"raw\ttab"', '"\\x"'),
);
const { json } = fc.letrec<{ json: string; list: string; set: string }>((tie) => ({
  json: fc.oneof({ depthSize: "small", withCrossShrink: true }, number, string, fc.constantFrom("true", "false", "null", "nul"), tie("list"), tie("set")),
  list: fc.tuple(ws, fc.array(fc.tuple(tie("json"), ws), { maxLength: 4 })).map(([w, xs]) => `[${w}${xs.map(([x, w2]) => x + w2).join(",")}]`),
  set: fc
    .tuple(ws, fc.array(fc.tuple(key, ws, tie("json")), { maxLength: 4 }))
    .map(([w, xs]) => `{${w}${xs.map(([k, w2, v]) => `"${k}"${w2}:${w2}${v}`).join(",")}}`),
}));

describe("printJson", () => {
  it("prints exactly print(fromJsonText(text)), or throws its error, for arbitrary JSON text", () => {
    fc.assert(fc.property(json, ws, fc.constantFrom(undefined, 100, 30, 12), (t, w, width) => same(w + t + w, width)), {
      numRuns: 4000,
    });
  });

  it("writes package-set-like documents without a tree, identical to the tree's text", () => {
    let direct = 0;
    const pkg = fc
      .tuple(fc.string({ maxLength: 8 }), fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }), fc.integer(), fc.boolean())
      .map(([v, deps, n, b]) => JSON.stringify({ version: v, deps, jobs: n, ok: b, meta: { d: `${v} \${x}` } }).replace(/"jobs":(-?\d+)/, '"jobs":$1.0'));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string({ maxLength: 10 }), pkg), { minLength: 2, maxLength: 6 }), fc.constantFrom(100, 40), (entries, width) => {
        const text = `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${v}`).join(",\n")}}`;
        same(text, width);
        if (fastJson(text, width) !== null) direct++;
      }),
      { numRuns: 500 },
    );
    // The differential means something only if the direct path itself ran often.
    expect(direct).toBeGreaterThan(250);
  });

  it("handles the corners left to the tree: duplicates, one-item lists, wide lines, deep nesting", () => {
    same('{"dup": 1, "x": [1], "dup": {"a": 2}}');
    same('{"a": {"dup": 1, "dup": 2}, "b": [[1], [2, 3], [[4]]]}');
    same(`{"k${"e".repeat(98)}": 12345, "quoted key": "${"v".repeat(99)}", "n": [-1, -2.5, -9223372036854775808, -0, -0.0]}`);
    let deep = '"leaf"';
    for (let i = 0; i < 200; i++) deep = `{"a": ${deep}, "b": [${i}, "x"]}`;
    same(deep);
    let lists = "1";
    for (let i = 0; i < 100; i++) lists = `[${lists}]`;
    same(`[${lists}, ${lists}]`);
  });

  it("refuses what fromJsonText refuses, with the same JSON path or position", () => {
    for (const text of ['{"a": [1, 2], "b": 9223372036854775808}', '["a", "\\u0000"]', '{"k": ["x", "\\udc00"]}', '{"x": -1e999, "y": 1}', '{"x": [1,}', '{"a": 1, "b": 2} x', '{"a": 1 "b": 2}']) {
      expect(() => printJson(text)).toThrow(JsonInputError);
      same(text);
    }
  });
});
