/**
 * Escaping through real Nix: every printed string, indented string, attribute name and number
 * evaluates back to exactly the intended value.
 */
import { execFileSync } from "node:child_process";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  escapeStrText,
  format,
  parse,
  print,
  renderAttrName,
  renderFloat,
  renderString,
  NixPrintError,
  type Expr,
  type StrPart,
} from "nix-ast";
import { arbitrary, nixEqualsBatch } from "nix-ast/testing";
import { requireNix } from "../require-tool.js";
import { app, attrs, float, ind, int, line, list, op, sel, set, str, v, withComments } from "./print-helpers.js";

const hasNix = requireNix("escaping checked through real Nix");

function evalRaw(src: string): string {
  return execFileSync("nix-instantiate", ["--eval", "--strict", "--json", "-E", src], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  }).trim();
}

/** Values whose source forms are traps. */
const TEXTS: string[] = [
  "",
  "plain",
  "${",
  "''${",
  "\\",
  '"',
  "$",
  "$$",
  "$${",
  "$${x}",
  "a$",
  "$}",
  "{",
  "\r",
  "a\r\nb",
  "\t",
  "\ta\n\tb\n",
  "unicodé ✓ 😀",
  "''\\'''${",
  "'''${",
  "'${",
  "'",
  "a'",
  "''",
  "'''",
  "''''",
  "a''",
  "'\n",
  "''\n",
  "  a  ",
  "  a\n  b\n",
  "a\n  ",
  "a\n  b",
  "   ",
  " ",
  "\n",
  "\n\n",
  "a\n\nb\n",
  "  \na",
  "  \n  a",
  " x\n  y\n",
  "x\n \n y",
  "tab\tin\tline\n",
  "  \t indented tab\n",
  "\\n is not a newline",
  "ends with newline\n",
  "trailing spaces  \nnext  \n",
  "''$",
  "$'",
  "a\n\n",
  "x\n\t",
  "''\\",
  "\\''",
  // Only whitespace-only lines: Nix 2.8 would strip every space (regression).
  " \n",
  "  \n \n",
  " \n\n  \n",
  "\n \n",
  "\n  \n\n",
];

/** Parts with an interpolation of the string "I" in various positions. */
const I: Expr = str("I");
const INTERPS: StrPart[][] = [
  ["$", I],
  ["$$", I],
  ["a$", I, "$"],
  [I, "${"],
  ["'", I, "'"],
  ["''", I],
  ["  ", I, "\n  b\n"],
  ["x\n", "  ", I, "\n"],
  ["'", I],
  [I, "'"],
  ["$", I, "$", I],
  ["\n  ", I],
];
const expand = (ps: StrPart[]): string => ps.map((p) => (typeof p === "string" ? p : "I")).join("");

describe.skipIf(!hasNix)("escapeStrText through Nix", () => {
  // The printer's own escaper for text pieces of double-quoted strings, called directly: alone, and
  // right before an interpolation (where a final `$` must not start `$${`).
  const check = async (texts: readonly string[]) => {
    const cases = texts.flatMap((t) => [
      { source: `"${escapeStrText(t, false)}"`, expected: t },
      { source: `"${escapeStrText(t, true)}\${"I"}${escapeStrText(t, false)}"`, expected: `${t}I${t}` },
      { source: `"\${"I"}${escapeStrText(t, true)}\${"J"}"`, expected: `I${t}J` },
    ]);
    const results = await nixEqualsBatch(cases);
    const wrong = results.flatMap((r, i) => (r.equal ? [] : [`${cases[i]!.source}: ${r.reason}`]));
    expect(wrong).toEqual([]);
  };
  it("the trap texts", async () => {
    await check([...TEXTS, "$", "a$", "$$", "\\$", "${x}", "$\\"]);
  });
  it("arbitrary strings (troublesome pieces weighted in)", async () => {
    await check(fc.sample(arbitrary.nixString(), 500));
  });
  it("rejects NUL", () => {
    expect(() => escapeStrText("a\0", false)).toThrow(NixPrintError);
  });
});

describe.skipIf(!hasNix)("string escaping through Nix", () => {
  it("double-quoted strings evaluate to their value", () => {
    const out = print(list(...TEXTS.map((t) => str(t))));
    expect(JSON.parse(evalRaw(out))).toEqual(TEXTS);
  });
  it("indented strings evaluate to their value", () => {
    const out = print(list(...TEXTS.map((t) => ind(t))));
    expect(JSON.parse(evalRaw(out))).toEqual(TEXTS);
  });
  it("each indented string alone (top level and nested)", () => {
    for (const t of TEXTS) {
      expect(JSON.parse(evalRaw(print(ind(t)))), JSON.stringify(t)).toBe(t);
      const nested = print(attrs(set("a", attrs(set("b", ind(t)), set("c", int(1))))));
      expect(JSON.parse(evalRaw(`(${nested}).a.b`)), JSON.stringify(t)).toBe(t);
    }
  });
  it("interpolations next to dollars and quotes", () => {
    const vals = INTERPS.map(expand);
    expect(JSON.parse(evalRaw(print(list(...INTERPS.map((p) => str(...p))))))).toEqual(vals);
    expect(JSON.parse(evalRaw(print(list(...INTERPS.map((p) => ind(...p))))))).toEqual(vals);
  });
  it("renderString agrees with print", () => {
    for (const t of TEXTS) expect(`${renderString(t)}\n`).toBe(print(str(t)));
  });
  it("NUL is rejected", () => {
    expect(() => print(str("a\0b"))).toThrow(NixPrintError);
    expect(() => print(ind("a\0b"))).toThrow(NixPrintError);
  });
});

describe.skipIf(!hasNix)("attribute names through Nix", () => {
  const KEYS = ["a", "a.b", "${x}", '"', "\\", "foo bar", "", "or", "if", "1", "é", "$", "a$", "\n", "a-b'c", "__curPos", "rec", "true"];
  it("keys evaluate to the intended names", () => {
    const out = print(attrs(...KEYS.map((k, i) => set(k, int(i)))));
    const got = JSON.parse(evalRaw(out)) as Record<string, number>;
    expect(Object.keys(got).sort()).toEqual([...KEYS].sort());
    for (const [i, k] of KEYS.entries()) expect(got[k]).toBe(i);
  });
  it("renderAttrName quotes only when needed", () => {
    expect(renderAttrName("foo-bar")).toBe("foo-bar");
    expect(renderAttrName("or")).toBe("or");
    expect(renderAttrName("a.b")).toBe('"a.b"');
    expect(renderAttrName("${x}")).toBe('"\\${x}"');
    expect(renderAttrName("let")).toBe('"let"');
  });
});

describe.skipIf(!hasNix)("numbers through Nix", () => {
  const FLOATS = [0, 1, 0.5, 0.1, 1.5, 100, 1e21, 1.5e21, 5e-7, 1e-300, 123456789.123, 2 ** 53, 1.7976931348623157e308, 2.2250738585072014e-308, -1, -0.1, -1e-7, Math.PI];
  it("floats round-trip exactly", () => {
    const checks = FLOATS.map((f) => `(builtins.fromJSON ${JSON.stringify(JSON.stringify(f))} == ${print(float(f)).trim()})`);
    const src = `[ ${checks.join(" ")} ]`;
    expect(JSON.parse(evalRaw(src))).toEqual(FLOATS.map(() => true));
    // and they are floats, not ints
    expect(evalRaw(`builtins.isFloat ${print(float(1)).trim()}`)).toBe("true");
  });
  it("floats have a dot", () => {
    expect(renderFloat(1)).toBe("1.0");
    expect(renderFloat(5e-7)).toBe("5.0e-7");
    expect(renderFloat(1.5e21)).toBe("1.5e+21");
    expect(renderFloat(-2)).toBe("-2.0");
  });
  it("-0.0 evaluates to a negative zero", () => {
    expect(evalRaw(`let z = ${print(float(-0)).trim()}; in [ (z == 0) (builtins.toJSON z) ]`)).toBe('[true,"-0"]');
  });
  it("non-finite floats are rejected", () => {
    for (const f of [NaN, Infinity, -Infinity]) expect(() => print(float(f))).toThrow(NixPrintError);
  });
  it("subnormal floats, which have no Nix 2.8 literal, print as an exact product", () => {
    const subs = [5e-324, -5e-324, 2.225073858507201e-308, 1.5e-310, -3.7e-320];
    expect(print(float(5e-324))).toBe("(1.0 * 2.2227587494850775e-162 * 2.2227587494850775e-162)\n");
    // Compared inside Nix, bit for bit: the same value read from JSON, and its sign.
    const src = `[ ${subs.map((x) => `(${print(float(x)).trim()} == builtins.fromJSON "${x}")`).join(" ")} ]`;
    expect(evalRaw(src)).toBe(JSON.stringify(subs.map(() => true)));
  });
  it("numbers without a literal are laid out as the parentheses their text reads back as", () => {
    // Long enough to break: after `=` the parentheses are absorbed (`= (` … `);`), in a list the
    // product breaks inside them, a selection's base takes no space; a comment stays with it.
    const long = "a".repeat(40);
    const specials = [float(5e-324), float(-4.9406564584e-314), float(-0), int(-9223372036854775808n)];
    const trees: Expr[] = specials.flatMap((x) => [
      attrs(set(long, x)),
      attrs(set(long, list(x, x))),
      app(v("f"), x),
      sel(x, "y"),
      op("*", x, x),
      withComments(x, [line(" c")]),
      // A subtree shared by two parents, reached first through either.
      ((y) => list(app(v("g"), y), y))(op("+", x, v("a"))),
      ((y) => list(y, app(v("g"), y)))(op("+", x, v("a"))),
    ]);
    for (const t of trees) {
      const text = print(t);
      // The text reads back to a tree that prints to the same text, and is nixfmt's layout of it.
      expect(print(parse(text))).toBe(text);
      expect(format(text)).toBe(text);
    }
    expect(print(attrs(set(long, float(4.9406564584e-314))))).toBe(
      `{\n  ${long} = (\n    10000000000.0 * 2.2227587494850775e-162 * 2.2227587494850775e-162\n  );\n}\n`,
    );
    expect(print(sel(float(-0), "y"))).toBe("(-1.0 * 0.0).y\n");
  });
  it("int64 bounds", () => {
    expect(evalRaw(print(int(9223372036854775807n)))).toBe("9223372036854775807");
    expect(evalRaw(print(int(-9223372036854775808n)))).toBe("-9223372036854775808");
    expect(evalRaw(print(list(int(-9223372036854775808n), int(-5))))).toBe("[-9223372036854775808,-5]");
  });
});
