/**
 * Printer golden cases: an AST, a hand-written source with the same meaning (checked with
 * `nix-instantiate --parse`), and the expected RFC 166 output in `golden/<name>.nix`.
 */
import type { Expr } from "nix-ast";
import * as h from "./print-helpers.js";

const {
  v, int, float, str, ind, path, list, attrs, rec, set, dotted, inherit, app, sel, has, lam, flam,
  formal, op, neg, not, paren, letIn, iff, withE, assertE, line, block, doc, withComments,
} = h;

export interface GoldenCase {
  readonly name: string;
  readonly ast: Expr;
  /** The same expression written by hand; both must parse to the same tree. */
  readonly ref: string;
  readonly width?: number;
}

const long = (n: string) => `${n}-a-rather-long-name-that-takes-up-space`;
const pkg = (name: string) =>
  attrs(
    set("pname", str(name)),
    set("version", str("1.0.0")),
    set("src", app(v("fetchurl"), attrs(set("url", str(`https://example.org/${name}.tar.gz`)), set("hash", str("sha256-AAAA"))))),
    set("buildInputs", list(v("zlib"), v("openssl"))),
    set("doCheck", v("true")),
    set("meta", attrs(set("license", sel(v("lib"), "licenses.mit")))),
  );

export const CASES: GoldenCase[] = [
  // --- lists
  { name: "list-empty", ast: list(), ref: "[ ]" },
  { name: "list-one", ast: list(int(1)), ref: "[ 1 ]" },
  { name: "list-many", ast: list(int(1), str("two"), v("three")), ref: '[ 1 "two" three ]' },
  {
    name: "list-parens",
    ast: list(app(v("f"), v("x")), int(-1), neg(v("x")), lam("x", v("x")), sel(v("a"), "b"), float(-2.5)),
    ref: "[ (f x) (-1) (-x) (x: x) a.b (-2.5) ]",
  },
  { name: "list-nested", ast: list(list(int(1)), list(int(2), int(3))), ref: "[ [ 1 ] [ 2 3 ] ]" },
  // --- attribute sets
  { name: "attrs-empty", ast: attrs(), ref: "{ }" },
  { name: "attrs-one", ast: attrs(set("a", int(1))), ref: "{ a = 1; }" },
  { name: "attrs-rec", ast: rec(set("a", int(1)), set("b", v("a"))), ref: "rec { a = 1; b = a; }" },
  {
    name: "attrs-nested",
    ast: attrs(set("a", attrs(set("b", int(1)))), dotted("c.d.e", int(2)), set("f", attrs())),
    ref: "{ a = { b = 1; }; c.d.e = 2; f = { }; }",
  },
  {
    name: "attrs-names",
    ast: attrs(
      set("foo-bar", int(1)),
      set("a.b", int(2)),
      set("1x", int(3)),
      set("or", int(4)),
      set("if", int(5)),
      set(["x", str("y", v("z"))], int(6)),
      set([v("dyn")], int(7)),
      set(["${x}"], int(8)),
      set("", int(9)),
    ),
    ref: '{ foo-bar = 1; "a.b" = 2; "1x" = 3; or = 4; "if" = 5; x."y${z}" = 6; ${dyn} = 7; "\\${x}" = 8; "" = 9; }',
  },
  {
    name: "binding-absorb",
    ast: attrs(
      set("a", app(v("f"), attrs(set("x", int(1)), set("y", int(2))))),
      set("b", lam("x", attrs(set("y", v("x")), set("z", int(2))))),
      set("c", list(v("p"), v("q"))),
      set("d", withE(v("pkgs"), list(v("hello"), v("git")))),
      set("e", app(sel(v("lib"), "mkIf"), v("cond"), attrs(set("x", int(1))))),
    ),
    ref: "{ a = f { x = 1; y = 2; }; b = x: { y = x; z = 2; }; c = [ p q ]; d = with pkgs; [ hello git ]; e = lib.mkIf cond { x = 1; }; }",
  },
  {
    name: "binding-long",
    ast: attrs(
      set(long("value"), app(v("someFunction"), v(long("arg1")), v(long("arg2")))),
      set("cond", iff(op("==", v("x"), int(1)), str(long("yes")), str(long("no")))),
      set("l", letIn([set("y", int(1))], v("y"))),
    ),
    ref: `{ ${long("value")} = someFunction ${long("arg1")} ${long("arg2")}; cond = if x == 1 then "${long("yes")}" else "${long("no")}"; l = let y = 1; in y; }`,
  },
  {
    name: "inherit",
    ast: attrs(
      inherit(["a", "b"]),
      inherit(["c", "d", "e", "f"]),
      inherit(["x", "y"], v("pkgs")),
      inherit(["p", "q", "r", "s", "t"], sel(v("lib"), "trivial")),
      inherit(["\"odd\" name"]),
    ),
    ref: '{ inherit a b; inherit c d e f; inherit (pkgs) x y; inherit (lib.trivial) p q r s t; inherit "\\"odd\\" name"; }',
  },
  // --- let, if, with, assert
  { name: "let-empty", ast: letIn([], int(1)), ref: "let in 1" },
  {
    name: "let-nested",
    ast: letIn([set("a", letIn([set("b", int(1))], v("b")))], letIn([set("c", v("a"))], attrs(set("d", v("c")), set("e", int(2))))),
    ref: "let a = let b = 1; in b; in let c = a; in { d = c; e = 2; }",
  },
  {
    name: "if-chain",
    ast: iff(op("==", v("x"), int(1)), str("one"), iff(op("==", v("x"), int(2)), str("two"), iff(v("big"), list(int(1), int(2)), str("many")))),
    ref: 'if x == 1 then "one" else if x == 2 then "two" else if big then [ 1 2 ] else "many"',
  },
  { name: "if-short", ast: attrs(set("a", iff(v("c"), int(1), int(2)))), ref: "{ a = if c then 1 else 2; }" },
  {
    name: "if-long-cond",
    ast: iff(op("&&", v(long("condition1")), op("||", v(long("condition2")), v(long("condition3")))), int(1), int(2)),
    ref: `if ${long("condition1")} && (${long("condition2")} || ${long("condition3")}) then 1 else 2`,
  },
  {
    name: "with-assert",
    ast: withE(v("lib"), assertE(op("!=", v("x"), v("null")), attrs(set("a", v("x")), set("b", withE(v("pkgs"), list(v("git"))))))),
    ref: "with lib; assert x != null; { a = x; b = with pkgs; [ git ]; }",
  },
  // --- lambdas
  { name: "lambda-ident", ast: lam("x", lam("y", op("+", v("x"), v("y")))), ref: "x: y: x + y" },
  { name: "lambda-formals-short", ast: flam(["a", "b"], op("+", v("a"), v("b"))), ref: "{ a, b }: a + b" },
  { name: "lambda-formals-empty", ast: flam([], int(1)), ref: "{ }: 1" },
  { name: "lambda-formals-ellipsis", ast: flam([], int(1), { ellipsis: true }), ref: "{ ... }: 1" },
  {
    name: "lambda-formals-long",
    ast: flam(["lib", "stdenv", formal("fetchurl"), formal("withFoo", v("false")), formal("extra", list(int(1), int(2)))], attrs(set("a", int(1))), { ellipsis: true }),
    ref: "{ lib, stdenv, fetchurl, withFoo ? false, extra ? [ 1 2 ], ... }: { a = 1; }",
  },
  {
    name: "lambda-formals-at",
    ast: list(
      flam(["a"], v("args"), { bind: { name: "args", position: "before" } }),
      flam(["a", "b", "c"], v("args"), { bind: { name: "args", position: "after" }, ellipsis: true }),
    ),
    ref: "[ (args@{ a }: args) ({ a, b, c, ... }@args: args) ]",
  },
  {
    name: "lambda-module",
    ast: flam(["config", "lib", "pkgs"], letIn([set("cfg", sel(v("config"), "services.foo"))], attrs(set("options", attrs()), set("config", app(sel(v("lib"), "mkIf"), sel(v("cfg"), "enable"), attrs(set("x", int(1))))))), { ellipsis: true }),
    ref: "{ config, lib, pkgs, ... }: let cfg = config.services.foo; in { options = { }; config = lib.mkIf cfg.enable { x = 1; }; }",
  },
  { name: "lambda-absorb-set", ast: flam(["a", "b"], attrs(set("x", v("a")), set("y", v("b")))), ref: "{ a, b }: { x = a; y = b; }" },
  // --- application
  { name: "app-short", ast: app(v("f"), v("a"), str("b"), int(3)), ref: 'f a "b" 3' },
  { name: "app-mkderivation", ast: app(sel(v("stdenv"), "mkDerivation"), paren(lam("finalAttrs", pkg("hello")))), ref: `stdenv.mkDerivation (finalAttrs: { pname = "hello"; version = "1.0.0"; src = fetchurl { url = "https://example.org/hello.tar.gz"; hash = "sha256-AAAA"; }; buildInputs = [ zlib openssl ]; doCheck = true; meta = { license = lib.licenses.mit; }; })` },
  { name: "app-last-set", ast: app(v("callPackage"), path("./foo.nix"), attrs(set("a", int(1)), set("b", int(2)))), ref: "callPackage ./foo.nix { a = 1; b = 2; }" },
  {
    name: "app-long",
    ast: app(v("someFunction"), v(long("argument1")), v(long("argument2")), v(long("argument3"))),
    ref: `someFunction ${long("argument1")} ${long("argument2")} ${long("argument3")}`,
  },
  { name: "app-nested-parens", ast: app(v("f"), app(v("g"), v("x")), neg(int(1)), int(-1), float(1.5)), ref: "f (g x) (-1) (-1) 1.5" },
  {
    name: "app-replace-strings",
    ast: app(sel(v("builtins"), "replaceStrings"), list(str("@"), str(":")), list(str("-"), str("-")), v("name")),
    ref: 'builtins.replaceStrings [ "@" ":" ] [ "-" "-" ] name',
  },
  {
    name: "app-paren-last",
    ast: app(v("map"), paren(lam("x", op("+", v("x"), int(1)))), paren(app(v("filter"), v(long("predicate")), v(long("someLongListName"))))),
    ref: `map (x: x + 1) (filter ${long("predicate")} ${long("someLongListName")})`,
  },
  // --- operators
  {
    name: "op-assoc",
    ast: list(
      op("-", v("a"), op("-", v("b"), v("c"))),
      op("-", op("-", v("a"), v("b")), v("c")),
      op("++", op("++", v("a"), v("b")), v("c")),
      op("++", v("a"), op("++", v("b"), v("c"))),
      op("//", op("//", v("a"), v("b")), v("c")),
      op("<", op("<", v("a"), v("b")), v("c")),
      op("==", op("==", v("a"), v("b")), v("c")),
      op("->", op("->", v("a"), v("b")), v("c")),
      op("*", op("+", v("a"), v("b")), v("c")),
      op("+", v("a"), op("*", v("b"), v("c"))),
      op("-", v("a"), int(-1)),
      neg(neg(v("x"))),
      neg(int(-1)),
      not(not(v("x"))),
      not(op("==", v("a"), v("b"))),
      op("+", v("a"), paren(lam("x", v("x")))),
      op("+", v("a"), lam("x", v("x"))),
      op("/", path("./a"), path("./b")),
      op("*", v("a"), path("/b")),
      has(op("+", v("a"), v("b")), "c"),
      neg(has(v("a"), "b")),
      op("&&", has(v("a"), "b"), not(v("c"))),
    ),
    ref: "[ (a - (b - c)) (a - b - c) ((a ++ b) ++ c) (a ++ b ++ c) ((a // b) // c) ((a < b) < c) ((a == b) == c) ((a -> b) -> c) ((a + b) * c) (a + b * c) (a - -1) (-(-x)) (-(-1)) (!!x) (!(a == b)) (a + (x: x)) (a + (x: x)) (./a / ./b) (a * /b) ((a + b) ? c) (-(a ? b)) (a ? b && !c) ]",
  },
  {
    name: "op-chain-long",
    ast: attrs(
      set("buildInputs", op("++", list(v("a"), v("b")), op("++", app(sel(v("lib"), "optionals"), v("withFoo"), list(v("foo"), v("bar"))), list(v("c"))))),
      set("flags", op("||", op("||", v(long("cond1")), v(long("cond2"))), v(long("cond3")))),
      set("u", op("//", v("base"), attrs(set("x", int(1)), set("y", int(2))))),
    ),
    ref: `{ buildInputs = [ a b ] ++ lib.optionals withFoo [ foo bar ] ++ [ c ]; flags = ${long("cond1")} || ${long("cond2")} || ${long("cond3")}; u = base // { x = 1; y = 2; }; }`,
  },
  // --- selection
  {
    name: "select",
    ast: list(
      sel(v("a"), "b.c"),
      sel(sel(v("a"), "b"), "c"),
      sel(v("a"), "b", sel(v("c"), "d")),
      sel(v("a"), "b", app(v("f"), v("x"))),
      sel(app(v("f"), v("x")), "y"),
      sel(int(1), "a"),
      sel(float(1.5), "a"),
      sel(int(-1), "a"),
      sel(path("./a"), "b"),
      sel(attrs(set("a", int(1))), "a"),
      sel(v("a"), ["or", str("x y"), v("k")]),
      sel(sel(v("a"), "b", v("c")), "d"),
    ),
    ref: '[ a.b.c (a.b).c (a.b or c.d) (a.b or (f x)) (f x).y (1).a (1.5).a (-1).a (./a).b ({ a = 1; }).a a.or."x y".${k} (a.b or c).d ]',
  },
  // --- numbers
  {
    name: "numbers",
    ast: list(int(0), int(42), int(-7), int(9223372036854775807n), int(-9223372036854775808n), float(1), float(0.5), float(1.5e21), float(5e-7), float(-0.25), float(123456789.123)),
    ref: "[ 0 42 (-7) 9223372036854775807 (-9223372036854775807 - 1) 1.0 0.5 1.5e21 5.0e-7 (-0.25) 123456789.123 ]",
  },
  // --- strings
  {
    name: "strings",
    ast: list(str("plain"), str('q"uote\\back'), str("dollar ${ and $", v("x"), " $$ ${x}"), str("tab\tnl\ncr\r"), str("unicodé ✓")),
    ref: '[ "plain" "q\\"uote\\\\back" "dollar \\${ and \\$${x} $$ \\${x}" "tab\\tnl\\ncr\\r" "unicodé ✓" ]',
  },
  {
    name: "indented-strings",
    ast: attrs(
      set("script", ind("echo hello\nif [ -f ", v("x"), " ]; then\n  cat ${HOME}/''quoted''\nfi\n")),
      set("one", ind("single line")),
      set("noNl", ind("a\nb")),
    ),
    ref: "{ script = ''\n  echo hello\n  if [ -f ${x} ]; then\n    cat ''${HOME}/'''quoted'''\n  fi\n''; one = ''single line''; noNl = ''\n  a\n  b''; }",
  },
  {
    name: "string-interp-absorb",
    ast: app(v("writeShellScript"), str("name"), ind("exec ", sel(v("pkg"), "out"), "/bin/x \"$@\"\n")),
    ref: "writeShellScript \"name\" ''\n  exec ${pkg.out}/bin/x \"$@\"\n''",
  },
  // --- paths
  {
    name: "paths",
    ast: list(path("./a"), path("../b/c.nix"), path("/abs"), path("~/home"), path("./", v("x"), ".nix"), { type: "SearchPath", path: "nixpkgs/lib" }),
    ref: "[ ./a ../b/c.nix /abs ~/home ./${x}.nix <nixpkgs/lib> ]",
  },
  // --- comments
  {
    name: "comments",
    ast: withComments(
      attrs(
        set("a", int(1), { comments: [line(" leading")], trailing: line(" trailing") }),
        set("b", int(2), { blankBefore: true, comments: [doc("Documentation of b.\n\nMore.")] }),
        set("c", list(withComments(int(1), [line(" item")]), withComments(int(2), [], line(" two")), withComments(int(3), [], undefined, true))),
        set("d", int(4), { comments: [block("single block")] }),
      ),
      [line(" file header")],
    ),
    ref: "{ a = 1; b = 2; c = [ 1 2 3 ]; d = 4; }",
  },
  {
    name: "comments-formals",
    ast: flam([formal("a", undefined, [line(" the a")]), formal("b", int(1))], v("a"), { ellipsis: true }),
    ref: "{ a, b ? 1, ... }: a",
  },
  {
    name: "comments-expr",
    ast: app(v("f"), withComments(v("x"), [line(" arg")]), v("y")),
    ref: "f x y",
  },
  {
    name: "package",
    ast: flam(["lib", "stdenv", "fetchurl", "zlib", "openssl"], app(sel(v("stdenv"), "mkDerivation"), paren(lam("finalAttrs", pkg("hello"))))),
    ref: `{ lib, stdenv, fetchurl, zlib, openssl }: stdenv.mkDerivation (finalAttrs: { pname = "hello"; version = "1.0.0"; src = fetchurl { url = "https://example.org/hello.tar.gz"; hash = "sha256-AAAA"; }; buildInputs = [ zlib openssl ]; doCheck = true; meta = { license = lib.licenses.mit; }; })`,
  },
  { name: "width-40", ast: app(v("f"), v(long("a")), v("b")), ref: `f ${long("a")} b`, width: 40 },
  { name: "legacy-let", ast: { type: "LegacyLet", bindings: [set("a", int(1)), set("body", v("a"))] }, ref: "let { a = 1; body = a; }" },
  { name: "paren-node", ast: paren(paren(v("x"))), ref: "((x))" },
  // --- regressions found by the Structure property
  {
    // A line comment ends its line: the enclosing one-item lists must expand.
    name: "comment-in-flat-list",
    ast: list(list(withComments({ type: "Uri", value: "https://example.org/x" }, [], line(" "))), list(attrs(set("a", v("b"), { trailing: line("c") })))),
    ref: "[ [ https://example.org/x ] [ { a = b; } ] ]",
  },
  {
    // `,` is a URI character: a URI default (or one ending the default) is parenthesised.
    name: "formals-uri-default",
    ast: flam([formal("b", { type: "Uri", value: "https://example.org/x" }), formal("c", app(v("f"), { type: "Uri", value: "https://example.org/y" })), formal("d", sel(v("a"), "b", { type: "Uri", value: "https://example.org/z" }))], v("b")),
    ref: "{ b ? (https://example.org/x), c ? (f https://example.org/y), d ? (a.b or https://example.org/z) }: b",
  },
  {
    // `-` is a path character: `-./a` would be one path.
    name: "negate-path",
    ast: list(neg(path("./a")), neg(path("a/b")), neg(path("../.")), neg(path("/a")), op("-", v("x"), neg(path("./a"))), neg(app(path("./a"), v("y")))),
    ref: "[ (-(./a)) (-(a/b)) (-(../.)) (-(/a)) (x - -(./a)) (-(./a y)) ]",
  },
  {
    // An application after an operator: one space (`a &&  f x` before the fix).
    name: "op-apply-space",
    ast: list(
      op("&&", v("a"), app(v("f"), v("x"))),
      op("++", v("xs"), app(sel(v("lib"), "optional"), v("c"), str("s"))),
      op("&&", op("&&", v(long("a")), app(v("isLocalHost"), sel(v("i"), "email.host"))), app(v("g"), v(long("b")))),
    ),
    ref: `[ (a && f x) (xs ++ lib.optional c "s") (${long("a")} && isLocalHost i.email.host && g ${long("b")}) ]`,
  },
  { name: "curpos-uri", ast: list({ type: "CurPos" }, { type: "Uri", value: "https://example.org/x" }), ref: "[ __curPos https://example.org/x ]" },
];
