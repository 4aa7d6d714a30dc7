import { describe, expect, it } from "vitest";
import { attrs, comment, format, int, parse, print } from "nix-ast";
import { canonical, nixEqualsBatch, normalize, parseNix, type ExpectedValue } from "nix-ast/testing";
import { requireNix } from "../require-tool.js";

// A line comment ends at CR as well as LF in Nix (`#[^\r\n]*`): comment text holding a CR must never
// leave the rest of its line as code. Found by the parser's fuzzing (`/* b\rlock before b */`).
describe("comments holding a carriage return", () => {
  const cases = [
    comment(int(1), "b\rlock before b", "block"),
    comment(int(1), "one\rtwo", "line"),
    attrs({ a: comment(int(1), "x\ry", "block") }),
  ];

  it.each(cases.map((c, i) => [i, c] as const))("case %i prints as a comment only", (_i, e) => {
    const out = print(e);
    expect(out).not.toMatch(/#[^\n]*\r/);
    // Only the value is code: re-parsing yields no stray tokens.
    expect(() => parse(out)).not.toThrow();
  });

  it("the formatter keeps such a block comment a comment", () => {
    const src = "{\n  /* b\rlock before b */\n  b = 1;\n}\n";
    const out = format(src);
    expect(() => parse(out)).not.toThrow();
    expect(format(out)).toBe(out);
  });

  it.skipIf(!requireNix("comments with CR read back by real Nix"))("real Nix reads the printed text as the same value", async () => {
    const outs = cases.map((c) => print(c));
    // The same tree (comments are not part of it) …
    const parsed = await parseNix(outs);
    expect(parsed.map(normalize)).toEqual(cases.map((c) => normalize(canonical(c))));
    // … and the same value.
    const expected: ExpectedValue[] = [1n, 1n, { a: 1n }];
    const results = await nixEqualsBatch(outs.map((source, i) => ({ source, expected: expected[i]! })));
    expect(results).toEqual(cases.map(() => ({ equal: true })));
  });
});
