/**
 * The canonical renderer against real Nix 2.8, on hand-written sources: for each case the source
 * is written by hand, the AST built by hand, and `canonical(ast)` must equal what
 * `nix-instantiate --parse` prints for the source (after `normalize`, and byte for byte where Nix's
 * own order is known). Runs without the printer.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { AttrName, Binding, Expr, FormalsParam, StrPart } from "nix-ast";
import {
  arbitrary,
  canonical,
  CanonicalError,
  formatNixFloat,
  normalize,
  parseNix,
} from "nix-ast/testing";
import { requireNix } from "../require-tool.js";

// Tiny local constructors: object literals, no dependency on the builders.
const int = (v: number | bigint): Expr => ({ type: "Int", value: BigInt(v) });
const float = (value: number): Expr => ({ type: "Float", value });
const str = (...parts: StrPart[]): Expr => ({ type: "Str", parts });
const ind = (...parts: StrPart[]): Expr => ({ type: "IndStr", parts });
const path = (...parts: StrPart[]): Expr => ({ type: "Path", parts });
const v = (name: string): Expr => ({ type: "Var", name });
const bin = (
  op: Extract<Expr, { type: "Binary" }>["op"],
  left: Expr,
  right: Expr,
): Expr => ({
  type: "Binary",
  op,
  left,
  right,
});
const app = (fn: Expr, ...args: Expr[]): Expr =>
  args.reduce<Expr>((f, arg) => ({ type: "Apply", fn: f, arg }), fn);
const sel = (expr: Expr, p: [AttrName, ...AttrName[]], def?: Expr): Expr =>
  def
    ? { type: "Select", expr, path: p, default: def }
    : { type: "Select", expr, path: p };
const set = (...bindings: Binding[]): Expr => ({
  type: "Attrs",
  rec: false,
  bindings,
});
const rec = (...bindings: Binding[]): Expr => ({
  type: "Attrs",
  rec: true,
  bindings,
});
const bind = (
  p: AttrName | [AttrName, ...AttrName[]],
  value: Expr,
): Binding => ({
  type: "Assign",
  path: Array.isArray(p) ? (p as [AttrName, ...AttrName[]]) : [p],
  value,
});
const inherit = (names: string[], from?: Expr): Binding =>
  from ? { type: "Inherit", from, names } : { type: "Inherit", names };
const lam = (param: string | FormalsParam, body: Expr): Expr => ({
  type: "Lambda",
  param:
    typeof param === "string" ? { type: "IdentParam", name: param } : param,
  body,
});
const paren = (expr: Expr): Expr => ({ type: "Paren", expr });
const neg = (expr: Expr): Expr => ({ type: "Unary", op: "-", expr });
const not = (expr: Expr): Expr => ({ type: "Unary", op: "!", expr });

/** [source, AST, exact?]: exact means byte-equal to Nix's output (order known), not just normal. */
type Case = readonly [string, Expr, boolean?];

const CASES: readonly Case[] = [
  // An indented string whose only piece is a plain string is a static key (FC_SEED=-1405877834);
  // a double-quoted interpolation stays dynamic.
  ["{ ${''${\"a\"}''} = 1; b = 2; }", set(bind(ind(str("a")), int(1)), bind("b", int(2))), false],
  ["{ ${''${''a''}''} = 1; }", set(bind(ind(ind("a")), int(1))), false],
  ["{ ${\"${\"a\"}\"} = 1; }", set(bind(str(str("a")), int(1))), false],
  // literals
  ["0", int(0), true],
  ["42", int(42), true],
  ["9223372036854775807", int(9223372036854775807n), true],
  ["-5", int(-5), true],
  ["-9223372036854775807", int(-9223372036854775807n), true],
  ["(-9223372036854775807 - 1)", int(-9223372036854775808n), true],
  ["1.5", float(1.5), true],
  ["2.0", float(2), true],
  ["0.0", float(0), true],
  ["-0.0", neg(float(0)), true],
  ["(-1.0 * 0.0)", float(-0), true],
  ["(-1.0 * 0.0) x", app(float(-0), v("x")), true],
  ["-1.5", float(-1.5), true],
  ["123456789.123", float(123456789.123), true],
  ["1.0e21", float(1e21), true],
  ["1.0e-5", float(1e-5), true],
  ["0.0001", float(0.0001), true],
  ["100000.0", float(100000), true],
  ["1000000.0", float(1000000), true],
  ["1234565.0", float(1234565), true],
  ["1234575.0", float(1234575), true],
  ["1.7976931348623157e308", float(Number.MAX_VALUE), true],
  ["2.2250738585072014e-308", float(2.2250738585072014e-308), true],
  ["0.30000000000000004", float(0.1 + 0.2), true],
  ["0.000123456789", float(0.000123456789), true],
  ["9.999995", float(9.999995), true],
  ["999999.5", float(999999.5), true],
  // variables and specials
  ["x", v("x"), true],
  ["true", v("true"), true],
  ["a-b'", v("a-b'"), true],
  ["__curPos", { type: "CurPos" }, true],
  // strings
  ['""', str(), true],
  ['"abc"', str("abc"), true],
  ['"a" ', str("a", "", ""), true],
  ['"ab"', str("a", "b"), true],
  ['"x${y}z"', str("x", v("y"), "z"), true],
  ['"${x}"', str(v("x")), true],
  ['"${x}${y}"', str(v("x"), v("y")), true],
  ['"a${x}"', str("a", v("x")), true],
  ['"${x}a"', str(v("x"), "a"), true],
  ['"${"a"}"', str(str("a")), true],
  ['"${"a${b}"}"', str(str("a", v("b"))), true],
  [
    '"q\\"b\\\\s\\nn\\rr\\tt\\${i}$d $${ \\$${x} é 😀 \u00a0 \u0001"',
    str('q"b\\s\nn\rr\tt${i}$d $${ $', v("x"), " é 😀 \u00a0 \u0001"),
    true,
  ],
  // indented strings: the AST holds the stripped value
  ["''''", ind(), true],
  ["''\n  a\n   b\n''", ind("a\n b\n"), true],
  ["''a${x}b''", ind("a", v("x"), "b"), true],
  ["'' ${x} ''", ind(v("x"), " ")],
  ["''\n  ${x}\n  y\n''", ind(v("x"), "\ny\n")],
  ["''a$''", ind("a$")],
  ["''a'''b''", ind("a''b")],
  ["''a''${b''", ind("a${b")],
  ["''''\\'''${''", ind("'${")],
  ["''a''\\tb''\\nc''", ind("a\tb\nc")],
  ["''${x}''", ind(v("x")), true],
  ["''${\"a\"}''", ind(str("a")), true],
  ["''${''''}''", ind(ind()), true],
  ["''${(\"a\")}''", ind(paren(str("a"))), true],
  ["''${''a${x}''}''", ind(ind("a", v("x"))), true],
  ["''$${x}''", ind("$${x}")],
  ["''$''${x}''", ind("$${x}")],
  ["''''$${x}''", ind("$", v("x"))],
  ["''$\\${x}''", ind("$\\", v("x"))],
  // paths (the oracle runs in the current folder, as canonical assumes)
  ["./a", path("./a"), true],
  ["./.", path("./."), true],
  ["../a/b", path("../a/b"), true],
  ["a/b", path("a/b"), true],
  ["/a", path("/a"), true],
  ["/.", path("/."), true],
  ["/a/../b/./c", path("/a/../b/./c"), true],
  ["~/a", path("~/a"), true],
  ["~/a/../b", path("~/a/../b"), true],
  ["./${x}.nix", path("./", v("x"), ".nix"), true],
  ["/a${x}b", path("/a", v("x"), "b"), true],
  ["/${x}", path("/", v("x")), true],
  ["./a/${x}", path("./a/", v("x")), true],
  ["~/${x}", path("~/", v("x")), true],
  ["~/a/${x}", path("~/a/", v("x")), true],
  ["a/${x}b/c${y}", path("a/", v("x"), "b/c", v("y")), true],
  ["./${x}${y}", path("./", v("x"), v("y")), true],
  ["<nixpkgs>", { type: "SearchPath", path: "nixpkgs" }, true],
  ["<nixpkgs/lib>", { type: "SearchPath", path: "nixpkgs/lib" }, true],
  ["http://x.org/a?b=c", { type: "Uri", value: "http://x.org/a?b=c" }, true],
  ["x:x", { type: "Uri", value: "x:x" }, true],
  // operators
  ["a - b", bin("-", v("a"), v("b")), true],
  ["a * b", bin("*", v("a"), v("b")), true],
  ["a / b", bin("/", v("a"), v("b")), true],
  ["a < b", bin("<", v("a"), v("b")), true],
  ["a > b", bin(">", v("a"), v("b")), true],
  ["a <= b", bin("<=", v("a"), v("b")), true],
  ["a >= b", bin(">=", v("a"), v("b")), true],
  ["a + b + c", bin("+", bin("+", v("a"), v("b")), v("c")), true],
  ["a ++ b ++ c", bin("++", v("a"), bin("++", v("b"), v("c"))), true],
  ["a // b", bin("//", v("a"), v("b")), true],
  ["a == b", bin("==", v("a"), v("b")), true],
  ["a != b", bin("!=", v("a"), v("b")), true],
  [
    "a && b || c -> d",
    bin("->", bin("||", bin("&&", v("a"), v("b")), v("c")), v("d")),
    true,
  ],
  ["-x", neg(v("x")), true],
  ["- -1", neg(int(-1)), true],
  ["-(-x)", neg(paren(neg(v("x")))), true],
  ["!a", not(v("a")), true],
  ["!!a", not(not(v("a"))), true],
  ["a - -1", bin("-", v("a"), int(-1)), true],
  ['"x" + y', bin("+", str("x"), v("y")), true],
  ["(a)", paren(v("a")), true],
  ["((a + b))", paren(paren(bin("+", v("a"), v("b")))), true],
  // application (Nix appends to an existing call, even a desugared operator)
  ["f a b", app(v("f"), v("a"), v("b")), true],
  ["(f a) b", app(paren(app(v("f"), v("a"))), v("b")), true],
  ["f (a b)", app(v("f"), app(v("a"), v("b"))), true],
  ["(-x) y", app(paren(neg(v("x"))), v("y")), true],
  ["(-1) y", app(paren(int(-1)), v("y")), true],
  ["(a - b) c", app(paren(bin("-", v("a"), v("b"))), v("c")), true],
  ["(a > b) c", app(paren(bin(">", v("a"), v("b"))), v("c")), true],
  ["(a <= b) c", app(paren(bin("<=", v("a"), v("b"))), v("c")), true],
  [
    "(<nixpkgs>) x",
    app(paren({ type: "SearchPath", path: "nixpkgs" }), v("x")),
    true,
  ],
  ["__curPos 1", app({ type: "CurPos" }, int(1)), true],
  ["a.b c", app(sel(v("a"), ["b"]), v("c")), true],
  // select and has-attr
  ["a.b", sel(v("a"), ["b"]), true],
  ["a.b.c or d", sel(v("a"), ["b", "c"], v("d")), true],
  ["(a.b).c", sel(paren(sel(v("a"), ["b"])), ["c"]), true],
  ["(a.b or c).d", sel(paren(sel(v("a"), ["b"], v("c"))), ["d"]), true],
  ['a."b c"', sel(v("a"), ["b c"]), true],
  ['a."b c"', sel(v("a"), [str("b c")]), true],
  ["a.${b}", sel(v("a"), [v("b")]), true],
  ['a."${b}"', sel(v("a"), [str(v("b"))]), true],
  ['a."x${b}"', sel(v("a"), [str("x", v("b"))]), true],
  ['a.${"b"}', sel(v("a"), [str("b")]), true],
  ["a.or", sel(v("a"), ["or"]), true],
  ['a."if"', sel(v("a"), ["if"]), true],
  ['a."then"', sel(v("a"), ["then"]), true],
  ['a.""', sel(v("a"), [""]), true],
  ['a."é"', sel(v("a"), ["é"]), true],
  ['a."a$b"', sel(v("a"), ["a$b"]), true],
  ["a ? b.c", { type: "HasAttr", expr: v("a"), path: ["b", "c"] }, true],
  [
    'a ? "x y".${z}.or',
    { type: "HasAttr", expr: v("a"), path: ["x y", v("z"), "or"] },
    true,
  ],
  // attribute sets
  ["{}", set(), true],
  ["rec {}", rec(), true],
  ["{ b = x; a = y; }", set(bind("b", v("x")), bind("a", v("y"))), true],
  ["rec { a = 1; b = a; }", rec(bind("a", int(1)), bind("b", v("a"))), true],
  [
    '{ "b c" = 2; ${x} = 3; "${y}" = 4; "z${w}" = 5; or = 6; "if" = 7; "" = 8; "then" = 9; "a.b" = 10; "é" = 11; ${"s"} = 12; }',
    set(
      bind("b c", int(2)),
      bind(v("x"), int(3)),
      bind(str(v("y")), int(4)),
      bind(str("z", v("w")), int(5)),
      bind("or", int(6)),
      bind("if", int(7)),
      bind("", int(8)),
      bind(str("then"), int(9)),
      bind("a.b", int(10)),
      bind("é", int(11)),
      bind(str("s"), int(12)),
    ),
  ],
  [
    '{ inherit a "b"; inherit (c) d "e f"; }',
    set(inherit(["a", "b"]), inherit(["d", "e f"], v("c"))),
  ],
  [
    "{ a.b = 1; a.c = 2; }",
    set(bind(["a", "b"], int(1)), bind(["a", "c"], int(2))),
    true,
  ],
  [
    "{ a = { b = 1; }; a.c = 2; }",
    set(bind("a", set(bind("b", int(1)))), bind(["a", "c"], int(2))),
    true,
  ],
  [
    "{ a.b = 1; a = { c = 2; }; }",
    set(bind(["a", "b"], int(1)), bind("a", set(bind("c", int(2))))),
    true,
  ],
  [
    "{ a = rec { b = 1; }; a.c = 2; }",
    set(bind("a", rec(bind("b", int(1)))), bind(["a", "c"], int(2))),
    true,
  ],
  [
    "{ a.b = 1; a = { ${x} = 2; c = 3; }; }",
    set(
      bind(["a", "b"], int(1)),
      bind("a", set(bind(v("x"), int(2)), bind("c", int(3)))),
    ),
    true,
  ],
  [
    "{ a.${x} = 1; a.b = 2; }",
    set(bind(["a", v("x")], int(1)), bind(["a", "b"], int(2))),
    true,
  ],
  ["{ ${x}.a = 1; }", set(bind([v("x"), "a"], int(1))), true],
  ["{ a.${x}.c = 1; }", set(bind(["a", v("x"), "c"], int(1))), true],
  [
    "{ a = assert x; y; b = 1; }",
    set(
      bind("a", { type: "Assert", cond: v("x"), body: v("y") }),
      bind("b", int(1)),
    ),
  ],
  [
    "{ a = assert assert x; y; z; b = 1; }",
    set(
      bind("a", {
        type: "Assert",
        cond: { type: "Assert", cond: v("x"), body: v("y") },
        body: v("z"),
      }),
      bind("b", int(1)),
    ),
  ],
  [
    '{ "assert" = 1; "b" = 2; }',
    set(bind("assert", int(1)), bind("b", int(2))),
    true,
  ],
  // let
  ["let in 1", { type: "Let", bindings: [], body: int(1) }, true],
  [
    "let a = 1; in a",
    { type: "Let", bindings: [bind("a", int(1))], body: v("a") },
    true,
  ],
  [
    "let b = x; a = y; in a",
    {
      type: "Let",
      bindings: [bind("b", v("x")), bind("a", v("y"))],
      body: v("a"),
    },
  ],
  [
    "let inherit (x) a; in a",
    { type: "Let", bindings: [inherit(["a"], v("x"))], body: v("a") },
    true,
  ],
  [
    "let inherit a; in a",
    { type: "Let", bindings: [inherit(["a"])], body: v("a") },
    true,
  ],
  [
    "let a.b = 1; a.c = 2; in a",
    {
      type: "Let",
      bindings: [bind(["a", "b"], int(1)), bind(["a", "c"], int(2))],
      body: v("a"),
    },
    true,
  ],
  [
    'let "a b" = 1; in 1',
    { type: "Let", bindings: [bind("a b", int(1))], body: int(1) },
    true,
  ],
  [
    "let a = 1; in let b = 2; in b",
    {
      type: "Let",
      bindings: [bind("a", int(1))],
      body: { type: "Let", bindings: [bind("b", int(2))], body: v("b") },
    },
    true,
  ],
  [
    "let a.${x} = 1; in a",
    { type: "Let", bindings: [bind(["a", v("x")], int(1))], body: v("a") },
    true,
  ],
  [
    "let { a = 1; body = a; }",
    { type: "LegacyLet", bindings: [bind("a", int(1)), bind("body", v("a"))] },
    true,
  ],
  // with, assert, if
  ["with a; b", { type: "With", env: v("a"), body: v("b") }, true],
  ["assert a; b", { type: "Assert", cond: v("a"), body: v("b") }, true],
  [
    "if a then b else c",
    { type: "If", cond: v("a"), then: v("b"), else: v("c") },
    true,
  ],
  // lambdas
  ["x: x", lam("x", v("x")), true],
  ["x: y: x", lam("x", lam("y", v("x"))), true],
  [
    "x: (assert a; b)",
    lam("x", paren({ type: "Assert", cond: v("a"), body: v("b") })),
    true,
  ],
  [
    "{ a, b ? 1, ... }: a",
    lam(
      {
        type: "FormalsParam",
        formals: [{ name: "a" }, { name: "b", default: int(1) }],
        ellipsis: true,
      },
      v("a"),
    ),
  ],
  [
    "{ }: 1",
    lam({ type: "FormalsParam", formals: [], ellipsis: false }, int(1)),
    true,
  ],
  [
    "{ ... }: 1",
    lam({ type: "FormalsParam", formals: [], ellipsis: true }, int(1)),
    true,
  ],
  [
    "p@{ a, b }: a",
    lam(
      {
        type: "FormalsParam",
        formals: [{ name: "a" }, { name: "b" }],
        ellipsis: false,
        bind: { name: "p", position: "before" },
      },
      v("a"),
    ),
  ],
  [
    "{ a, ... }@p: a",
    lam(
      {
        type: "FormalsParam",
        formals: [{ name: "a" }],
        ellipsis: true,
        bind: { name: "p", position: "after" },
      },
      v("a"),
    ),
    true,
  ],
  [
    "{ zz, aa, mm ? 1, bb, x, y, z, c }: 1",
    lam(
      {
        type: "FormalsParam",
        formals: ["zz", "aa", "mm", "bb", "x", "y", "z", "c"].map((name) =>
          name === "mm" ? { name, default: int(1) } : { name },
        ),
        ellipsis: false,
      },
      int(1),
    ),
  ],
  [
    "{ b ? assert x; y, c }: 1",
    lam(
      {
        type: "FormalsParam",
        formals: [
          {
            name: "b",
            default: { type: "Assert", cond: v("x"), body: v("y") },
          },
          { name: "c" },
        ],
        ellipsis: false,
      },
      int(1),
    ),
  ],
  // lists
  ["[]", { type: "List", items: [] }, true],
  [
    "[ 1 (f x) [] (-1) ]",
    {
      type: "List",
      items: [
        int(1),
        app(v("f"), v("x")),
        { type: "List", items: [] },
        int(-1),
      ],
    },
    true,
  ],
  [
    "[ (assert a; b) ]",
    { type: "List", items: [{ type: "Assert", cond: v("a"), body: v("b") }] },
    true,
  ],
  // comments leave no trace
  [
    "# c\n[ /* b */ 1 /** d */ ]",
    {
      type: "List",
      items: [
        { type: "Int", value: 1n, comments: [{ kind: "block", text: " b " }] },
      ],
    },
    true,
  ],
];

const hasNix = requireNix("canonical renderer tests");

describe.skipIf(!hasNix)(
  "canonical(ast) equals nix-instantiate --parse",
  () => {
    it(`agrees on ${CASES.length} hand-written cases (one Nix process)`, async () => {
      const parsed = await parseNix(CASES.map(([src]) => src));
      const failures: string[] = [];
      CASES.forEach(([src, ast, exact], i) => {
        const nix = parsed[i] as string;
        const ours = canonical(ast);
        if (normalize(nix) !== normalize(ours) || (exact && nix !== ours)) {
          failures.push(
            `source: ${src}\n  nix:       ${nix}\n  canonical: ${ours}`,
          );
        }
      });
      expect(failures).toEqual([]);
    });
  },
);

describe("canonical without Nix", () => {
  it("prints floats like C++ %g", () => {
    expect(formatNixFloat(1.5)).toBe("1.5");
    expect(formatNixFloat(2)).toBe("2");
    expect(formatNixFloat(1e21)).toBe("1e+21");
    expect(formatNixFloat(123456789.123)).toBe("1.23457e+08");
    expect(formatNixFloat(1234565)).toBe("1.23456e+06");
    expect(formatNixFloat(1e-5)).toBe("1e-05");
    expect(formatNixFloat(0.0001)).toBe("0.0001");
    expect(formatNixFloat(5e-324)).toBe("4.94066e-324");
  });

  it("refuses what Nix 2.8 cannot parse", () => {
    expect(() => canonical(bin("|>", v("a"), v("f")))).toThrow(CanonicalError);
    expect(() => canonical(bin("<|", v("f"), v("a")))).toThrow(CanonicalError);
    expect(() => canonical(set(bind("a", int(1)), bind("a", int(2))))).toThrow(
      CanonicalError,
    );
    expect(() =>
      canonical({
        type: "Let",
        bindings: [bind(v("x"), int(1))],
        body: int(1),
      }),
    ).toThrow(/dynamic attributes not allowed in let/);
    expect(() =>
      canonical(set(inherit(["a"], v("x")), bind(["a", "b"], int(1)))),
    ).toThrow(CanonicalError);
  });

  it("normalizes binding order, formal order and string cuts", () => {
    expect(normalize("{ b = 1; a = 2; }")).toBe(normalize("{ a = 2; b = 1; }"));
    expect(normalize("({ b, a ? 1, ... }: a)")).toBe(
      normalize("({ a ? 1, b, ... }: a)"),
    );
    expect(normalize('("a" + "\\$")')).toBe('"a\\$"');
    expect(normalize('("" + x + " ")')).toBe('( x + " " )');
    expect(normalize('{ "${("a" + "b")}" = 1; }')).toBe("{ ab = 1 ; }");
    expect(normalize("((a + b) + c)")).not.toBe(normalize("(a + (b + c))"));
  });

  it("does not hide real differences", () => {
    const differ = (a: Expr, b: Expr) =>
      expect(normalize(canonical(a))).not.toBe(normalize(canonical(b)));
    differ(set(bind("a", int(1))), rec(bind("a", int(1))));
    differ(set(bind("a", int(1))), set(bind("a", int(2))));
    differ(set(bind("a", int(1))), set(bind("b", int(1))));
    differ(set(bind(v("x"), int(1))), set(bind("x", int(1))));
    differ(set(inherit(["a"])), set(bind("a", v("a"))));
    differ(
      { type: "List", items: [v("a"), v("b")] },
      { type: "List", items: [app(v("a"), v("b"))] },
    );
    differ(str("a", v("x")), str(v("x"), "a"));
    differ(str("a\n"), ind("a\n "));
    differ(bin("-", v("a"), v("b")), bin("-", v("b"), v("a")));
    differ(bin("<", v("a"), v("b")), bin(">", v("a"), v("b")));
    differ(sel(v("a"), ["b", "c"]), sel(paren(sel(v("a"), ["b"])), ["c"]));
    differ(app(v("f"), app(v("a"), v("b"))), app(v("f"), v("a"), v("b")));
    differ(
      {
        type: "Let",
        bindings: [
          bind("a", { type: "Assert", cond: v("x"), body: v("y") }),
          bind("b", int(1)),
        ],
        body: v("a"),
      },
      {
        type: "Let",
        bindings: [
          bind("a", { type: "Assert", cond: v("x"), body: v("y") }),
          bind("b", int(2)),
        ],
        body: v("a"),
      },
    );
    differ(
      lam(
        { type: "FormalsParam", formals: [{ name: "a" }], ellipsis: false },
        int(1),
      ),
      lam(
        { type: "FormalsParam", formals: [{ name: "a" }], ellipsis: true },
        int(1),
      ),
    );
    differ(
      lam(
        {
          type: "FormalsParam",
          formals: [{ name: "a", default: int(1) }, { name: "b" }],
          ellipsis: false,
        },
        int(1),
      ),
      lam(
        {
          type: "FormalsParam",
          formals: [{ name: "a" }, { name: "b", default: int(1) }],
          ellipsis: false,
        },
        int(1),
      ),
    );
  });

  it("keeps every int of random trees visible (a changed int changes the normal form)", () => {
    const bump = (e: unknown): { found: boolean; out: unknown } => {
      if (Array.isArray(e)) {
        const items = [...e];
        for (let i = 0; i < items.length; i++) {
          const r = bump(items[i]);
          if (r.found)
            return { found: true, out: Object.assign(items, { [i]: r.out }) };
        }
        return { found: false, out: e };
      }
      if (typeof e !== "object" || e === null) return { found: false, out: e };
      const o = e as Record<string, unknown>;
      if (
        o.type === "Int" &&
        typeof o.value === "bigint" &&
        o.value >= 0n &&
        o.value < 2n ** 62n
      ) {
        return { found: true, out: { ...o, value: o.value + 1n } };
      }
      for (const k of Object.keys(o)) {
        const r = bump(o[k]);
        if (r.found) return { found: true, out: { ...o, [k]: r.out } };
      }
      return { found: false, out: e };
    };
    let checked = 0;
    for (const e of fc.sample(arbitrary.expr({ maxDepth: 3 }), {
      numRuns: 1000,
    })) {
      const r = bump(e);
      if (!r.found) continue;
      checked++;
      expect(normalize(canonical(r.out as Expr))).not.toBe(
        normalize(canonical(e)),
      );
    }
    expect(checked).toBeGreaterThan(100);
  });
});
