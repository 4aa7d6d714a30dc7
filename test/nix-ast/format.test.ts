/**
 * The formatter: `format`, `nix-ast fmt` (through `runFmtCommand` and the real binary), the Prettier
 * plugin (through Prettier's own API), goldens (`format-golden/NAME.in.nix` → `NAME.out.nix`,
 * written from RFC 166 / nixfmt's behaviour) and the fixed-point check over nixpkgs' library.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as nodePath from "node:path";
import { fileURLToPath } from "node:url";
import * as prettier from "prettier";
import { describe, expect, it } from "vitest";
import { format, NixParseError, parse, print, sourceFacts, type Expr, type FormatOptions, type Lambda } from "nix-ast";
import { canonical, nixpkgsLib, normalize } from "nix-ast/testing";
import nixPlugin from "nix-ast/prettier";
import { runFmtCommand } from "../../packages/nix-ast/src/format/cli.js";
import { requireNix, requireResource } from "../require-tool.js";
import { nixParse } from "./print-helpers.js";
import { walk } from "../bench/lib-files.mjs";

const hasNix = requireNix("the formatter goldens' meaning check through real Nix");

const here = fileURLToPath(new URL(".", import.meta.url));
const root = nodePath.join(here, "../..");
const bin = nodePath.join(root, "packages/nix-ast/bin/nix-ast.js");

function scratch(files: Record<string, string>): string {
  const dir = mkdtempSync(nodePath.join(tmpdir(), "nix-ast-fmt-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(nodePath.join(dir, name), text);
  return dir;
}

function fakeIo(stdin = "") {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { stdin: () => stdin, stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t) },
    out: () => out.join(""),
    err: () => err.join(""),
  };
}


/** Each source formats to its expected text, which is a fixed point. */
function expectFormats(cases: readonly (readonly [string, string])[], options: FormatOptions = {}): void {
  for (const [src, want] of cases) {
    expect(format(src, options)).toBe(want);
    expect(format(want, options)).toBe(want);
  }
}
describe("format", () => {
  it("formats and ends with a newline", () => {
    expect(format("{a=1;b=[1 2];}")).toBe("{\n  a = 1;\n  b = [\n    1\n    2\n  ];\n}\n");
  });
  it("is a fixed point on its output", () => {
    const src = "let x=1; in { inherit x; y = x: x+1; }";
    const once = format(src);
    expect(format(once)).toBe(once);
  });
  it("throws NixParseError, with the file name, on invalid input", () => {
    expect(() => format("{ a = ; }", { file: "x.nix" })).toThrow(NixParseError);
    expect(() => format("{ a = ; }", { file: "x.nix" })).toThrow(/^x\.nix:1:7:/);
  });
  it("keeps number literals as written, integers too large for Nix included (as nixfmt)", () => {
    const src = "[\n  01\n  007\n  99999999999999999999\n  .50\n]\n";
    expect(format(src)).toBe(src);
    // `parse` refuses what Nix's lexer refuses; only the formatter lets it through.
    expect(() => parse(src)).toThrow(/invalid integer '99999999999999999999'/);
    expect(format("[ 01 ]", { strict: true })).toBe("[ 01 ]\n");
  });
  it("keeps comments inside an empty list or set that starts a larger expression inside it (found by the comments property, seed 705)", () => {
    // The parser used to lift them to the whole expression as leading comments: `in # c0` on the
    // first pass, `# c0` on a line of its own on the second; `x # c :` before a lambda's colon.
    expectFormats([
      ["let\n  a = 1; # !\nin\n{ /* c0 */ } - 1\n", "let\n  a = 1; # !\nin\n{\n  # c0\n}\n- 1\n"],
      ["x: [ /* c */ ] ++ y\n", "x:\n[\n  # c\n]\n++ y\n"],
      ["# lead\n{ /* c0 */ } // { /* b */ }\n", "# lead\n{\n  # c0\n}\n// {\n  # b\n}\n"],
    ]);
    // In the tree: the comment inside stays on the set, the one before it goes to the whole.
    const e = parse("# lead\n{ /* c0 */ } - 1") as Expr & { type: "Binary" };
    expect(e.comments).toEqual([{ kind: "line", text: " lead" }]);
    expect(e.left.comments).toEqual([{ kind: "block", text: " c0 " }]);
  });
  /** `src` formats to `want`, a fixed point, with and without --strict. */
  const plainAndStrict = (src: string, want: string): void => {
    for (const options of [{}, { strict: true }]) {
      expect(format(src, options)).toBe(want);
      expect(format(want, options)).toBe(want);
    }
  };

  /** Each of `srcs`, and `want` itself, formats to `want` with `options`. */
  const allFormatTo = (want: string, srcs: readonly string[], options: FormatOptions): void => {
    for (const src of [...srcs, want]) expect(format(src, options)).toBe(want);
  };

  it("keeps a blank line before the ']' of a short list of simple arguments, also with --strict (found by mutating nixfmt's test files)", () => {
    // With --strict the blank line is what keeps the brackets apart; it was dropped, so the next
    // pass joined the list: not a fixed point. Without --strict the line was lost all the same.
    plainAndStrict("(f [ ] [ true false\n\n  ])\n", "(f\n  [ ]\n  [\n    true\n    false\n\n  ]\n)\n");
  });

  it("keeps a blank line inside an empty set pattern after a name and '@', also with --strict (found by mutating nixfmt's test files)", () => {
    plainAndStrict("(a @ {\n\n}: _)\n", "(\n  a@{\n\n  }:\n  _\n)\n");
    expect(format("({\n\n} @ a: _)\n", { strict: true })).toBe(format("({\n\n} @ a: _)\n"));
  });

  it("does not absorb a function whose pattern's '}' has a comment after it (nixfmt's canFlattenAttrs; the property over edited real files, seed 715)", () => {
    // Absorbed after `outputs =`, the pattern broke open and the next pass no longer absorbed it.
    const want = "{\n  outputs =\n    {\n      self,\n    } # o1\n    :\n    {\n      x = 1;\n    };\n}\n";
    expect(format("{\n  outputs = { self } # o1\n: {\n    x = 1;\n  };\n}\n")).toBe(want);
    expect(format(want)).toBe(want);
    // Nor one with a comment after its `:` on that line: it puts the body on the next line, which
    // the next pass reads as written so (seed 715 again).
    const after = "{\n  outputs =\n    { self }: # c0\n    {\n      x = 1;\n    };\n}\n";
    expect(format("{\n  outputs = { self }: /* c0 */ {\n    x = 1;\n  };\n}\n")).toBe(after);
    expect(format(after)).toBe(after);
  });

  it("reads the comments on the last line inside '( … )' as the last token's trailing comment, joined (the property over edited real files, seed 716)", () => {
    // Two of them were the `)`'s: the body stayed after `:`, and `_ # e0 c1` then broke it off.
    const want = "(\n  a@{ }:\n  _ # e0 c1\n)\n";
    expect(format("(a@{ }: _/* e0 */ /* c1 */ )\n")).toBe(want);
    expect(format(want)).toBe(want);
    expect(format("(a: _/* e0 */ /* c1 */\n# own\n)\n")).toBe("(\n  a: _ # e0 c1\n  # own\n)\n");
  });

  it("moves a comment on the line of '(' into the parentheses also when a comment follows a '-' inside (found by the comments property, seed 717)", () => {
    const want = "f (\n  # c3\n  #\n  -a\n)\n";
    expect(format("f ( # c3\n  -\n  #\n  a\n)\n")).toBe(want);
    expect(format(want)).toBe(want);
  });

  it("puts a function's body below its pattern when the pattern is too wide for one line (the property over edited real files, seed 705)", () => {
    // nixfmt keeps `{` after `}:` though the pattern broke open; the next pass read the pattern as
    // written over several lines and moved the `{` below it: not a fixed point at narrow widths.
    const src = "{ config, options, ... }: {\n  config = {\n    result = true;\n  };\n}\n";
    const want = "{\n  config,\n  options,\n  ...\n}:\n{\n  config = {\n    result = true;\n  };\n}\n";
    for (const options of [{ width: 20 }, { width: 20, strict: true }]) allFormatTo(want, [src], options);
    // The tree printed without its source's layout alike; where the pattern fits, the body stays.
    expect(print(parse(src), { width: 20 })).toBe(want);
    expect(format(src)).toBe(src);
  });

  it("keeps a comment on the ':' line of a set pattern there when a blank line follows it (the property over edited real files, seed 721)", () => {
    // One comment went below the blank line, two (joined into one) stayed: not a fixed point.
    // nixfmt prints the `:`'s trailing comment, then the body with the blank line before it.
    expectFormats([
      ["{ lib, config }: /* o1 */  # c0\n\nstdenv: x\n", "{ lib, config }: # o1 c0\n\nstdenv: x\n"],
      ["{ lib }: # c0\n\nstdenv: x\n", "{ lib }: # c0\n\nstdenv: x\n"],
      ["{ lib }: # c0\n\n# own\n\n{ a = 1; }\n", "{ lib }: # c0\n\n# own\n\n{ a = 1; }\n"],
      ["{ lib }:\n\n# c0\n\n{ a = 1; }\n", "{ lib }:\n\n# c0\n\n{ a = 1; }\n"],
    ]);
  });

  it("lets an application break inside parentheses that a comment on the '(' line moved into (the property over edited real files, seed 721)", () => {
    // The moved comment is the first token's (nixfmt's absorbParen), so the call is not "simple"
    // and breaks when too wide, as it does when the comment is written on its own line.
    const srcs = ["f aaaa ( # c0\n  self.reverseList components\n)\n", "f aaaa (\n  # c0\n  self.reverseList components\n)\n"];
    allFormatTo("f aaaa (\n  # c0\n  self.reverseList\n    components\n)\n", srcs, { width: 20 });
    const tail = "f aaaa (\n  # c0\n  self.reverseList\n    components # t\n)\n";
    allFormatTo(tail, ["f aaaa ( # c0\n  self.reverseList components # t\n)\n"], { width: 20 });
    // Also a call that the expression inside only starts with (the left operand of `==`).
    allFormatTo("f aaaa (\n  # c0\n  gggg.hhhhhhhhh\n    bbbbbbbbbbbb == x\n)\n", ["f aaaa ( # c0\n  gggg.hhhhhhhhh bbbbbbbbbbbb == x\n)\n"], { width: 20 });
  });

  it("does not give the parentheses it adds around a path before '.' a blank line written after the path (the property over edited real files, seed 732)", () => {
    // `./a` blank `.nix` became `(./a` blank `).nix`, which the next pass read as written.
    expectFormats([
      ["f ./a\n\n.nix\n", "f (./a).nix\n"],
      ["[ (toString ./define-enable\n\n.nix) ]\n", "[\n  (toString (./define-enable).nix)\n]\n"],
      ["f a\n\n.nix\n", "f a.nix\n"],
    ]);
  });

  it("does not read an application as simple when comments before it are held by an expression it starts (the property over edited real files, seed 740)", () => {
    // After the first pass `# c0` is written before `intersectAttrs`, where the parser gives it to
    // the whole `==`: the call was laid out as simple (one line) the second time, not the first.
    allFormatTo("assert\n  # c0\n  intersectAttrs fArgs\n    hashSet == { };\nx\n", ["assert intersectAttrs /* c0 */ fArgs hashSet == { }; x\n"], { width: 20 });
  });

  it("puts a block comment of several lines that an operand of '-' or '!' starts with before the operator (the comments property, seed 742)", () => {
    // Printed after `-`, it was read back as written there, which the parser lifts before it.
    expectFormats([
      ["-\n#\nrec /* c0\n  d0 */\n{ }\n", "#\n/*\n  c0\n  d0\n*/\n-rec { }\n"],
      ["!\nrec /** doc\n  d0 */\n{ }\n", "/**\n  doc\n   d0\n*/\n!rec { }\n"],
    ]);
  });

  it("reads a selection from a base it puts in parentheses as simple, as it reads the parenthesised one (the property over edited real files, seed 750)", () => {
    // `callLibs ./generators` / `.nix` selects `nix` from the path: printed `(./generators).nix`,
    // which the next pass read as a simple argument and laid out otherwise.
    allFormatTo("callLibs (\n  ./generators\n).nix\n", ["callLibs ./generators\n.nix\n", "callLibs (./generators).nix\n"], { width: 20 });
  });

  it("does not take another comment's place for one the parser moved from inside an item (the property over edited real files, seed 758)", () => {
    // `# o2`, written before the `.nix` of the item, was printed as the trailing comment of `[`,
    // the place of `/* o0 */`, which the lookup found a few tokens back; the next pass moved it.
    expectFormats([["{\n  d = /* o0 */ [\n    ./bar # o2\n.nix\n    #\n  ];\n}\n", "{\n  d = # o0\n    [\n      # o2\n      (./bar).nix\n      #\n    ];\n}\n"]]);
  });

  it("joins comments on the line of 'inherit' into one trailing comment as the next pass reads it, with any indentation (the comments property, seed 765)", () => {
    // With --indent 8 the joined comment starts in the column of the names below and is shifted
    // off it (`inherit  # c1 c0`); the next pass, reading one comment there, did not shift it.
    for (const [indent, gap] of [[2, " "], [8, "  "]] as const) {
      const pad = " ".repeat(indent);
      const want = `{\n${pad}inherit${gap}# c1 c0\n${pad}${pad}a\n${pad}${pad};\n}\n`;
      allFormatTo(want, ["{\n  inherit /* c1 */ /* c0 */ a;\n}\n"], { indent });
    }
  });

  it("shifts a trailing comment off the column where the next line's text starts, as the next pass needs (the property over edited real files, seed 773)", () => {
    // `"` / `"  # c` / `  t`: printed `" # c`, in the column of `t`, the comment was read the next
    // time as the leading comment of `t` (nixfmt's convertTrivia) and moved.
    allFormatTo('[\n  "\n"  # c0 c\n  t\n]\n', ['[\n  "\n" /* c0 */ # c\n  t\n]\n', '[\n  "\n"  # c0 c\n  t\n]\n'], {});
    // Also a block comment, which the next pass reads as a line comment (seed 750, --indent 8).
    const pad = " ".repeat(8);
    allFormatTo(`{\n${pad}inherit  # Foo\n${pad}${pad}src\n${pad}${pad};\n}\n`, ["{\n  inherit /* Foo */ src;\n}\n"], { indent: 8 });
    // The mark is not a character a string can hold (a first try with U+0001 dropped it from one).
    allFormatTo('{\n  a = "\u0001"; # c\n}\n', [], {});
  });

  it("prints a comment moved up from the '{' of a pattern after 'with' as the keyword's trailing comment (the comments property, seed 773)", () => {
    // Written after `with ` on its line, it kept the nest from indenting the function below it,
    // which the next pass, reading `with`'s trailing comment, indented.
    allFormatTo('with # c0\n  {\n    ...\n  }:\n  "";\nx\n', ['with { # c0\n  ...\n}: ""; x\n'], {});
  });

  it("keeps comments in set patterns: before '...', between '@' and '{' (found by a comment-survival probe)", () => {
    const cases: [string, string][] = [
      ["{\n  # extra args\n  ...\n}:\npkgs\n", "{\n  # extra args\n  ...\n}:\npkgs\n"],
      ["{\n  pkgs,\n  # extra args\n  ...\n}:\npkgs\n", "{\n  pkgs,\n  # extra args\n  ...\n}:\npkgs\n"],
      ["a@{ /* c0 */ x, ... }: 0\n", "a@\n# c0\n{ x, ... }:\n0\n"],
      ["lib@{ # c0\n  ...\n}:\na\n", "lib@\n# c0\n{\n  ...\n}:\na\n"],
      ["{\n  ...\n  # c\n}:\nx\n", "{\n  ...\n  # c\n}:\nx\n"],
    ];
    expectFormats(cases);
    // The tree holds a comment before `...` in the pattern (not on the body).
    const l = parse("{\n  # extra\n  ...\n}:\nx\n") as Lambda;
    expect(l.param.type === "FormalsParam" && l.param.ellipsisComments).toEqual([{ kind: "line", text: " extra" }]);
    expect(l.body.comments).toBeUndefined();
  });
  it("reads trailing comments as nixfmt: only a line comment or a one-line block comment trails a token", () => {
    // A multi-line block comment after an item leads what follows; an empty `#` after a block
    // comment that starts its line is kept (nixfmt drops only an empty trailing one).
    const cases: [string, string][] = [
      ["[\n  a /* c\n d */\n  b\n]\n", "[\n  a\n  /*\n    c\n    d\n  */\n  b\n]\n"],
      ["[\n  1 /* c0\n  d0 */\n# x\n]\n", "[\n  1\n  /*\n    c0\n    d0\n  */\n  # x\n]\n"],
      ["[\n  a\n  /* c0 */ #\n  b\n]\n", "[\n  a\n  # c0\n  #\n  b\n]\n"],
      ["[\n  a # c0\n  b # \n]\n", "[\n  a # c0\n  b\n]\n"],
    ];
    expectFormats(cases);
  });
  it("reads the comments and blank lines after a path as after any item (found by the format-directive property, FC_SEED=20261208)", () => {
    // The lexer ends a path with a token of no width, which the layout facts took for the token
    // after the path: a comment on its own line after it was printed on the path's line, and an
    // enable directive so moved left its region open to the end of the file, the string closed
    // with the source's `''` after the printer had opened it with `"` (format threw). A string
    // right after a path lost its text as written (`"\a"` became `"a"`).
    expectFormats([
      ["[\n./a\n# c\n]", "[\n  ./a\n  # c\n]\n"],
      ["[\n/.\n/* c */\n]", "[\n  /.\n  # c\n]\n"],
      ["f ./a\n# c\n", "f ./a\n# c\n"],
      ["[ ./a # c\n]", "[\n  ./a # c\n]\n"],
      ['"${./a\n\n}"', '"${\n  ./a\n\n}"\n'],
      ["''${[\n/*nixfmt:disable*/\n/.\n/*nixfmt:enable*/\n]}''", '"${[\n/*nixfmt:disable*/\n/.\n/*nixfmt:enable*/\n]}"\n'],
      ['[./a"\\a"]', '[\n  ./a\n  "\\a"\n]\n'],
      ["[./a''\n  x''\\a\n'']", "[\n  ./a\n  ''\n    x''\\a\n  ''\n]\n"],
    ]);
  });
  it("keeps a lone comment before the ')' of inherit ( … ) on its own line when it is written so (found by the format-directive property, FC_SEED=101)", () => {
    // It was made the operand's trailing comment: an enable directive so moved left its region
    // open to the end of the file, and format threw on a string it had re-quoted.
    expectFormats([
      ["{b={inherit(x\n# c\n);};}", "{\n  b = {\n    inherit (x)\n      # c\n      ;\n  };\n}\n"],
      ["{b={inherit(x # c\n);};}", "{\n  b = {\n    inherit\n      (\n        x # c\n      )\n      ;\n  };\n}\n"],
      [
        "''${{a=[\n/*nixfmt:disable*/\n];b={inherit({}''''\n/*nixfmt:enable*/\n);};}}''",
        '"${{\n  a = [\n    # nixfmt:disable\n  ];\n  b = {\n    inherit ({ } "")\n      # nixfmt:enable\n      ;\n  };\n}}"\n',
      ],
    ]);
  });
  it("moves all the comments on the line of inherit's '(' before it, joined into one (found by the comment-survival property, FC_SEED=601)", () => {
    // Only the first was moved: the rest stayed after `(` (printed `(  # c0`), and the second
    // pass moved them too, so format was not idempotent.
    expectFormats([
      ["let\n  inherit ( /* c1 */ # c0\n      a) x;\nin x\n", "let\n  inherit\n    # c1 c0\n    (a)\n    x\n    ;\nin\nx\n"],
      ["{ inherit ( /* a */ /* b */\n x) y; }\n", "{\n  inherit\n    # a b\n    (x)\n    y\n    ;\n}\n"],
      ["{ inherit ( /**/ # c0\n x) y; }\n", "{\n  inherit\n    # c0\n    (x)\n    y\n    ;\n}\n"],
      // A comment on a line of its own after them stays inside the parentheses.
      ["{ inherit ( /* a */ # b\n # c\n x) y; }\n", "{\n  inherit\n    # a b\n    (\n      # c\n      x\n    )\n    y\n    ;\n}\n"],
    ]);
    // When the operand starts with a string and its language annotation, the source facts count
    // that annotation too: the lookup took the wrong comment for the one on the line of `(` and
    // moved a comment written on a line of its own before `(`.
    expectFormats([
      ["{inherit(\n/*1*/ # x\n/*2*/\"\".a);}", "{\n  inherit\n    (\n      # 1\n      # x\n      /* 2 */ \"\".a\n    )\n    ;\n}\n"],
      ["(\n/*1*/ # x\n/*2*/\"\".a)", "(\n  # 1\n  # x\n  /* 2 */ \"\".a\n)\n"],
      ["( /*1*/ # x\n/*2*/\"\".a)", "# 1 x\n(/* 2 */ \"\".a)\n"],
    ]);
  });
  it("keeps the comments on the line of with's ';' there, joined into one, with a blank line after them (as after assert's ';')", () => {
    // nixfmt's `prettyWith` prints `group (with … ;)`, the `;` with its trailing comment, then the
    // body. Several such comments were kept on the `;` line only without a blank line after them
    // (found by probing FC_SEED=601's shape: the second pass moved them); one was moved below
    // the blank line. A set body breaks, as in nixfmt's `with a; # comment` / `with b; …` test.
    expectFormats([
      ["with a; /*1*/ # x\n\nb", "with a; # 1 x\n\nb\n"],
      ["with a; # x\n\nb", "with a; # x\n\nb\n"],
      ["with a; /*1*/ # x\n\n# y\nb", "with a; # 1 x\n\n# y\nb\n"],
      ["with a; /*1*/ # x\n# y\n\nb", "with a; # 1 x\n# y\n\nb\n"],
      ["with a; # c\n{ b = 1; }", "with a; # c\n{\n  b = 1;\n}\n"],
      // The same after assert's `;`, where a one-line block comment was left to the body.
      ["assert a; /*1*/ # x\n\nb", "assert a; # 1 x\n\nb\n"],
      ["assert a; /*1*/ # x\n\n# y\nb", "assert a; # 1 x\n\n# y\nb\n"],
      ["assert a; /*1*/ { b = 1; }", "assert a; # 1\n{\n  b = 1;\n}\n"],
    ]);
  });
  /**
   * Every source made by writing up to three `pieces` before each operand in each context (an
   * enumeration, not random): each that parses must format to a fixed point that keeps every
   * comment (marked K1, K2, K3, KX) exactly once. Returns how many parsed.
   */
  function commentPlacements(contexts: readonly string[], operands: readonly string[], pieces: readonly string[], options: FormatOptions = {}): number {
    let runs: string[][] = [[]];
    const all: string[][] = [[]];
    for (let n = 1; n <= 3; n++) {
      runs = runs.flatMap((r) => pieces.map((p) => [...r, p]));
      all.push(...runs);
    }
    const marks = (t: string): string => (t.match(/K[123X]/g) ?? []).sort().join(" ");
    const bad: string[] = [];
    let checked = 0;
    for (const c of contexts)
      for (const o of operands)
        for (const r of all) {
          const src = c.replace("E", r.join("") + o);
          try {
            parse(src);
          } catch {
            continue;
          }
          checked++;
          const once = format(src, options);
          if (format(once, options) !== once) bad.push(`not a fixed point: ${JSON.stringify(src)} gave ${JSON.stringify(once)}`);
          else if (marks(once) !== marks(src)) bad.push(`comments changed: ${JSON.stringify(src)} gave ${JSON.stringify(once)}`);
        }
    expect(bad.slice(0, 10)).toEqual([]);
    return checked;
  }
  const placementContexts = ["[ E ]", "f E", "f a E", "{ a = E; }", "let x = E; in x", "x: E", "{ a ? E }: a", "{ a, b ? E }: a", "if c then E else d", "if E then a else b",
    "let a = 1; in E", "with a; E", "with E; a", "assert a; E", "assert E; a", "a + E", "E + a", "a // E", "a ? E", "!E", "(E)", "[ (E) ]", "f (E)", "{ a = (E); }",
    "{ inherit (E) x; }", '"${E}"', "a.${E}", "E.b", "E.b or c", "a.b or E", "E"];
  it("keeps every comment once, and a fixed point, wherever up to three are written before an operand that starts with a string", () => {
    // A one-line block comment, a line comment, a line break, and a block comment right before the
    // string (its language annotation) on the same line or the next. The bugs above showed in 207
    // of these sources.
    const n = commentPlacements(placementContexts, ['"".a', '"" + b', '"" b', '""', "''x''.a", '"" // { }'], [" /*K1*/", " # KX\n", "\n", " /*K2*/", "\n/*K3*/ "]);
    expect(n).toBeGreaterThan(20_000);
  });
  it("keeps every comment once, and a fixed point, wherever up to three are written before an operand, blank lines included", () => {
    // One-line and two-line block comments, a line comment, line breaks and blank lines. 61 of
    // these failed before the fixes that came with this test: several comments on the line of
    // `with` (the blank line after them), a one-line block comment on the line of assert's `;` (a
    // set body stayed flat, and broke on the second pass), and comments before a unary operand (a
    // blank line between them went on the second pass).
    const n = commentPlacements(placementContexts, ["a", "-a", "f a", "{ }", "[ ]", "a.b or c", "x: x", "(a)", "{ b = 1; }", "[ 1 ]", "''\n  x\n''", "a + b"], [" /*K1*/", " # KX\n", "\n", "\n\n", " /*K2\n*/ "]);
    expect(n).toBeGreaterThan(50_000);
  });
  it("keeps every comment once, and a fixed point, wherever up to three are written between tokens", () => {
    // After operands, before closing tokens and keywords. 9 of these failed before the `with`
    // fix above (comments before its `;` with a blank line between them).
    const between = ["[ a E ]", "[ a E b ]", "[ E ]", "{ E }", "{ a = b E; }", "{ a = b; E }", "{ a = b; E c = d; }", "{ a E = 1; }", "{ a = E 1; }", "f (a E)", "(a E)", "f a E b",
      "if a E then b else c", "if a then b E else c", "if a then b else E c", "let a = 1; E in b", "let a = 1; in E b", "a E + b", "a + E b", "a ? b E", "a ? E b", "-E a", "! E a",
      "{ a, b E }: a", "{ a E, b }: a", "{ a ? 1 E, b }: a", "{ ... E }: 1", "{ a, ... E }: 1", "a @ E { }: 1", "{ }@ E a: 1", "x: E x", "x E: x", "a.b E or c", "a.b or E c",
      "a E . b", "a . E b", "{ inherit a E; }", "{ inherit E a; }", "{ inherit (a) E b; }", '"${a E}"', "''${a E}''", "assert a E; b", "with a E; b", "rec E { }"];
    const n = commentPlacements(between, [""], [" /*K1*/", " # KX\n", "\n", "\n\n", " /*K2\n*/ "]);
    expect(n).toBeGreaterThan(6_000);
  });
  it("keeps a trailing comment off the column where the next line starts, with any --indent (else the next pass reads it as that line's comment)", () => {
    // nixfmt shifts the comment by a space only after a one-character line followed by a deeper
    // one, where it lines up with two-column indentation; with others it lines up elsewhere.
    expectFormats([
      ["f a # c\n a", "f a  # c\n    a\n"],
      ["f a /* c */ a", "f a  # c\n    a\n"],
      ["[ # c\n a ]", "[\n    # c\n    a\n]\n"],
      ["f a # c\n\n a", "f a # c\n\n    a\n"],
    ], { indent: 4 });
    expectFormats([
      ['if  # c\n # d\n /* e */"".a then a else b', 'if  # c\n   # d\n   /* e */ ""\n   .a\nthen\n   a\nelse\n   b\n'],
      // After a one-character line nixfmt's two spaces would line it up: three.
      ['f  # c\n /* d */ /* e */"".a', 'f   # c\n   # d\n   /* e */ "".a\n'],
    ], { indent: 3 });
    // Two columns: unchanged, nixfmt's layout.
    expectFormats([["f a # c\n a", "f a # c\n  a\n"], ["x # c\n+ y", "x # c\n+ y\n"]]);
  });
  it("indents a set that an indented string's lone interpolation opens by that line's leading spaces, whether it breaks for width or was written broken (Pretty.hs: offset)", () => {
    // A set written broken was laid out as a block at the string's own indentation, so the
    // second pass moved what the first had put there (nixpkgs' lib/derivations.nix at width 60).
    const want = "x: ''\n  a\n      ${f {\n        m = false;\n      } d}\n''\n";
    expectFormats([
      ["x: ''\n  a\n      ${f { m = false; } d}\n''", want],
      ["x: ''\n  a\n      ${f {\n m = false; } d}\n''", want],
    ], { width: 20 });
    expectFormats([["x: ''\n  a\n      ${f {\n m = false; } d}\n''", want]]);
  });
  it("keeps every comment once, and a fixed point, with other indentations (--indent 3 and 4)", () => {
    // 2,757 of 69,108 placements were not fixed points with --indent 4 before the change above.
    for (const indent of [3, 4]) {
      const n = commentPlacements(placementContexts, ["a", "f a", "{ b = 1; }", "[ 1 ]", "x: x", "a + b", '"".a'], [" /*K1*/", " # KX\n", "\n"], { indent });
      expect(n).toBeGreaterThan(5_000);
    }
  });
  it("joins the comments on a line into one trailing comment: an operator's (moved before it), an item's (convertTrailing)", () => {
    // Found by the comment-survival probe: the second comment used to stay after the operator,
    // and the next pass moved it again.
    expectFormats([
      ["#\n<nixpkgs>\n++ /* c0 */ /* c1 */ 0\n", "#\n<nixpkgs>\n# c0 c1\n++ 0\n"],
      ["a ++ /* c0 */ # c1\n 0\n", "a\n# c0 c1\n++ 0\n"],
      ["a // /* c0 */ /* c1 */ { b = 1; }\n", "a\n# c0 c1\n// {\n  b = 1;\n}\n"],
      ["a ++ /**/ /* */ 0\n", "a ++ 0\n"],
      ["a ++ # c0\n 0\n", "a\n# c0\n++ 0\n"],
    ]);
    // The same join after an item's trailing comment, wherever the next item follows.
    expectFormats([
      ["[\n  1 /* x */ # y\n  2\n]\n", "[\n  1 # x y\n  2\n]\n"],
      ["[\n  (-6) /* c3 */ # O1\n /* c0\n  d0 */\n  9\n]\n", "[\n  (-6) # c3 O1\n  /*\n    c0\n    d0\n  */\n  9\n]\n"],
      ["{\n  a = 1; /* x */ /* y */\n  # z\n  b = 2;\n}\n", "{\n  a = 1; # x y\n  # z\n  b = 2;\n}\n"],
      ["{\n  a = 1; # x\n  # z\n  b = 2;\n}\n", "{\n  a = 1; # x\n  # z\n  b = 2;\n}\n"],
      ["[\n  1 /* x */ # y\n\n  # z\n  2\n]\n", "[\n  1 # x y\n\n  # z\n  2\n]\n"],
      ["let\n  a = 1\n  ; /* c2 */ # c0 # c1\n\n  #\n  b = 2;\nin a\n", "let\n  a = 1; # c2 c0 # c1\n\n  #\n  b = 2;\nin\na\n"],
    ]);
  });
  it("places comments before a quoted or ${…} attribute name as before a plain one, after the path (found by the comment-survival probe)", () => {
    // They used to go into the name's first interpolation, on the line of `${`, which the next
    // pass read as another place; a block comment before a quoted name, taken for a language
    // annotation, printed its internal mark.
    expectFormats([
      ["x.a /* c0 */ .b\n", "x.a.b # c0\n"],
      ["0.0 /* c0 */ .\"${k}\"\n", "0.0 .\"${k}\" # c0\n"],
      ["x # c2\n? ${\"a\"}\n", "x ? ${\"a\"} # c2\n"],
      ["x. /* c */ ${a}\n", "x.${a} # c\n"],
      ["x ? /* c0 */ \"b\".a\n", "x ? \"b\".a # c0\n"],
    ]);
    expect(format("{ a = /* sh */ \"x\"; }\n")).toBe("{ a = /* sh */ \"x\"; }\n");
    // After `inherit` it is the string's language annotation (nixfmt's lexer: never a trailing
    // comment), also on a line of its own: read as the keyword's trailing comment on its line, it
    // moved between passes (the comments property, seed 731). So before a list item.
    expectFormats([
      ["{ inherit /* c0 */ \"1a\"; }\n", "{ inherit /* c0 */ \"1a\"; }\n"],
      ["{\n  inherit\n    /* c0 */ \"1a\"\n    ;\n}\n", "{\n  inherit\n    /* c0 */ \"1a\"\n    ;\n}\n"],
      ["[ a /* lua */ \"s\" ]\n", "[\n  a\n  /* lua */ \"s\"\n]\n"],
    ]);
  });
  it("keeps the comments of a let with no bindings before 'in', one on the line of 'let' after it (found by the comment-survival probe)", () => {
    expectFormats([
      ["(\n    let # c0\n    in\n    a\n)\n", "(\n  let # c0\n  in\n  a\n)\n"],
      ["let\n  # c\nin\na\n", "let\n  # c\nin\na\n"],
      ["let /* c0 */ # c1\n  # c2\n\n  # c4\nin\n# c3\na\n", "let # c0 c1\n  # c2\n\n  # c4\nin\n# c3\na\n"],
      ["let # x\n\nin\n# y\n-a\n", "let # x\n\nin\n# y\n-a\n"],
    ]);
  });
  it("keeps a comment written inside a formal's default, before its path, after the comma (it was dropped)", () => {
    expectFormats([
      ["{ a ? x # c0\n .b, c }: a\n", "{\n  a ? x.b, # c0\n  c,\n}:\na\n"],
      ["{ a ? 1 # c0\n ? b }: a\n", "{\n  a ?\n    1 ? b, # c0\n}:\na\n"],
      ["{ a ? 1 # c0\n ? b, # c1\n c }: a\n", "{\n  a ?\n    1 ? b # c0\n  , # c1\n  c,\n}:\na\n"],
    ]);
    // One that cannot trail (a multi-line block comment) goes before the default, never after the
    // comma, where its second line would be read as code.
    const out = format("{ a ? 1\n /* c2\n  d2 */\n ? b, c }: a\n");
    expect(out).toMatch(/a \?\n {4}\/\*\n {6}c2\n/);
    expect(format(out)).toBe(out);
  });
  it("keeps comments written after the '(' of inherit ( … ) inside, as in any parentheses, one on the line of '(' going before it", () => {
    expectFormats([
      ["{ inherit (self /* c1 */ { }) A; }\n", "{\n  inherit\n    (\n      # c1\n      self { }\n    )\n    A\n    ;\n}\n"],
      ["{ inherit (\n # c1\n f x) A; }\n", "{\n  inherit\n    (\n      # c1\n      f x\n    )\n    A\n    ;\n}\n"],
      ["{ inherit ( # c1\n f x) A; }\n", "{\n  inherit\n    # c1\n    (f x)\n    A\n    ;\n}\n"],
      ["{ inherit # b\n ( # c1\n # c2\n f x) A; }\n", "{\n  inherit # b\n    # c1\n    (\n      # c2\n      f x\n    )\n    A\n    ;\n}\n"],
      // A language annotation there stays with its string (found by the comment-survival probe).
      ["{ inherit (/*lua*/ \"\") a; }\n", "{ inherit (/* lua */ \"\") a; }\n"],
      ["{ inherit ( # c\n /*lua*/ \"\") a; }\n", "{\n  inherit\n    # c\n    (/* lua */ \"\")\n    a\n    ;\n}\n"],
      ["{ inherit /*a*/ # u\n (/*lua*/ \"\" s) x; }\n", "{\n  inherit # a u\n    (/* lua */ \"\" s)\n    x\n    ;\n}\n"],
      ["{ inherit # b\n ( # c1\n # c2\n /*lua*/ \"\" x) A; }\n", "{\n  inherit # b\n    # c1\n    (\n      # c2\n      /* lua */ \"\" x\n    )\n    A\n    ;\n}\n"],
      // Before an operand that starts with '!' or '-', all go before the '(' on lines of their own.
      ["{ inherit ( #-\n! # a\n x < y) b; }\n", "{\n  inherit\n    #-\n    # a\n    (!x < y)\n    b\n    ;\n}\n"],
    ]);
  });
  it("puts comments a unary operand starts with before the operator, where the second pass reads them (found by the comment-survival probe)", () => {
    expectFormats([
      // The trailing comment of an application's function is printed before the application.
      ["! # c0\nf # c1\nx\n", "# c0\n# c1\n!f x\n"],
      ["- f # c1\n  x\n", "# c1\n-f x\n"],
      ["[ (\"\" ++ - 0.0 # c0\n  y) ]\n", "[\n  (\n    \"\"\n    ++\n      # c0\n      -0.0 y\n  )\n]\n"],
      // Not a language annotation, which stays before its string.
      ["(-/*lua*/\"\")\n", "(-/* lua */ \"\")\n"],
      // Comments after 'else' and after the '-' of its branch: those after '-' are counted apart.
      ["if a then b else # c\n- # e\nd\n", "if a then\n  b\n# c\nelse\n  # e\n  -d\n"],
    ]);
  });
  it("moves the comment after the '(' of a parenthesised function before the whole application, as nixfmt's prettyApp (found by the comment-survival probe)", () => {
    expectFormats([
      // It does not expand the call.
      ["{ x = (/*1*/ f) [] {}; }\n", "{\n  x =\n    # 1\n    (f) [ ] { };\n}\n"],
      // Several on the line make one, as a trailing comment; a line comment's text is stripped.
      ["(/* a */ /* b */ f x) y\n", "# a b\n(f x) y\n"],
      ["(#0\nx) a\n", "# 0\n(x) a\n"],
      // A language annotation stays with its string.
      ["(/*1*/ /*lua*/ \"\" a)\n", "# 1\n(/* lua */ \"\" a)\n"],
      // Also where the comment stays inside: it is not read as the trailing comment of '${'.
      ["\"${/*1*/ /*lua*/ \"\" x}\"\n", "\"${\n  # 1\n  /* lua */ \"\" x\n}\"\n"],
    ]);
  });
  it("lays out the comments of parentheses as from the source when the comment after '(' joins them (found by the comment-survival probe)", () => {
    expectFormats([
      // The one-line rule and a block comment's indentation, as before any token.
      ["/*x\n*/(#0\n\"\")\n", "# x\n# 0\n(\"\")\n"],
      ["/* a\n     b */ (#0\n x)\n", "/*\n  a\n    b\n*/\n# 0\n(x)\n"],
      // Comments before ')' keep their source layout too.
      ["(#/\na/*!\n*/)\n", "# /\n(\n  a\n  # !\n)\n"],
    ]);
  });
  it("reads a path that starts with '-' as a path, not as a unary minus, when joining comments (found by the comment-survival probe)", () => {
    expectFormats([["[ a /*1*/ # x\n -/b ]\n", "[\n  a # 1 x\n  -/b\n]\n"]]);
  });
  it("joins the comments after an inherited name (or 'inherit') on its line into one (found by the comment-survival probe)", () => {
    expectFormats([
      ["{ inherit /*3*/ /*2*/ ; }\n", "{\n  inherit # 3 2\n    ;\n}\n"],
      ["{ inherit /*3*/ /*2*/ a /*4*/ # 5\n b; }\n", "{\n  inherit # 3 2\n    a # 4 5\n    b\n    ;\n}\n"],
      ["{ inherit /*3*/\n /*2*/ a; }\n", "{\n  inherit # 3\n    # 2\n    a\n    ;\n}\n"],
    ]);
  });
  it("keeps comments after the 'let' of a legacy let { … } there, as after 'rec' (found by the comment-survival probe)", () => {
    expectFormats([
      ["let /* c0 */ {\n  body = 1;\n}\n", "let # c0\n{\n  body = 1;\n}\n"],
      ["let # c0\n{ body = 1; }\n", "let # c0\n{\n  body = 1;\n}\n"],
      ["let\n# c0\n{ body = 1; }\n", "let\n# c0\n{\n  body = 1;\n}\n"],
      ["let { body = 1; }\n", "let { body = 1; }\n"],
    ]);
  });
  it("strict ignores the author's line breaks except inside ${…} (nixfmt's mapAllTokens does not enter interpolations)", () => {
    const src = "{\n  a = [\n    1\n  ];\n  b = \"x ${\n    f [\n      1\n    ]\n  }\";\n  c = x.${\n    f {\n      a = 1;\n    }\n  };\n}\n";
    const out = format(src, { strict: true });
    expect(out).toContain("a = [ 1 ];");
    expect(out).toContain("  b = \"x ${\n    f [\n      1\n    ]\n  }\";");
    expect(out).toContain("    x.${\n      f {\n        a = 1;\n      }\n    };");
    expect(format(out, { strict: true })).toBe(out);
    // Without strict the same breaks are kept everywhere.
    expect(format(src)).toContain("a = [\n    1\n  ];");
  });
  it("keeps a comment written before the '}' of a dynamic attribute name there (pathComments)", () => {
    const cases: [string, string][] = [
      ["x.${b\n# c\n}\n", "x.${\n  b\n  # c\n}\n"],
      ["{ a.${b\n# c\n}.d = 1; }\n", "{\n  a.${\n    b\n    # c\n  }.d =\n    1;\n}\n"],
      ["x ? ${b\n# c\n}\n", "x ? ${\n  b\n  # c\n}\n"],
      ["x.${b\n# c\n}.y or 2\n", "x.${\n  b\n  # c\n}.y or 2\n"],
      ["x.${a.${b\n# c\n}\n# d\n}\n", "x.${\n  a.${\n    b\n    # c\n  }\n  # d\n}\n"],
    ];
    expectFormats(cases);
    // An inherited name is only its text: the comment moves past the `}`, and is not lost.
    const inherited = format('{ inherit a ${"b"\n# c\n} d; }\n');
    expect(inherited).toBe("{\n  inherit\n    a\n    b\n    # c\n    d\n    ;\n}\n");
    expect(format(inherited)).toBe(inherited);
  });
  it("honours indent (nixfmt --indent) in format and print, data path included", () => {
    const src = "{ a = [ 1 2 ]; b = x: { c = ''\n  y\n''; }; }";
    const four = format(src, { indent: 4 });
    expect(four).toBe("{\n    a = [\n        1\n        2\n    ];\n    b = x: {\n        c = ''\n            y\n        '';\n    };\n}\n");
    expect(format(four, { indent: 4 })).toBe(four);
    expect(format(src)).toBe(format(src, { indent: 2 }));
    expect(print({ a: [1, 2], b: { c: "d" } }, { indent: 4 })).toBe("{\n    a = [\n        1\n        2\n    ];\n    b = {\n        c = \"d\";\n    };\n}\n");
    expect(() => format(src, { indent: 0 })).toThrow(/indent must be an integer from 1 to 16, got 0/);
  });
  it("honours width", () => {
    expect(format("f aaaa bbbb cccc", { width: 8 })).not.toBe(format("f aaaa bbbb cccc"));
    expect(format("[ 1 ]", { width: 100 })).toBe("[ 1 ]\n");
  });
  it("keeps a line of exactly the width on one line and breaks one a column longer (every shape, many lengths)", () => {
    // nixfmt's `fits`: a text fits while the columns left stay >= 0. Enumerated, seed-free: each
    // shape alone at the line start and after other text on the line.
    const names = (n: number, len: number): string[] => Array.from({ length: n }, (_, i) => String.fromCharCode(97 + i).repeat(len));
    const shapes: ((xs: string[]) => string)[] = [
      (xs) => [...xs, ...xs].join(" "), // application (of three arguments or more: nixfmt keeps `f a b` whole)
      (xs) => xs.join(" + "), // operator chain
      (xs) => `[ ${xs[0]} ]`, // one-item list
      (xs) => `${xs[0]}: ${xs.slice(1).join(" ")}`, // lambda
      (xs) => `${xs[0]}.${xs.slice(1).join(".")} or ${xs[0]}`, // selection with a default
    ];
    const places: ((s: string) => string)[] = [(s) => s, (s) => `f (${s})`, (s) => `{ x = ${s}; }`, (s) => `[ (${s}) ]`];
    let checked = 0;
    for (const place of places) {
      for (const shape of shapes) {
        for (let n = 2; n <= 5; n++) {
          for (let len = 1; len <= 24; len++) {
            const s = place(shape(names(n, len)));
            expect(format(s, { width: s.length }), `${s} at width ${s.length}`).toBe(`${s}\n`);
            expect(format(s, { width: s.length - 1 }), `${s} at width ${s.length - 1}`).not.toBe(`${s}\n`);
            checked++;
          }
        }
      }
    }
    expect(checked).toBe(4 * 5 * 4 * 24);
  });
});

describe("sourceFacts (the author's layout choices nixfmt keeps)", () => {
  const facts = (src: string) => ({ f: sourceFacts(src), e: parse(src) });
  it("brackets broken open", () => {
    const a = facts("[\n  1 ]");
    expect(a.f.bracketsBroken(a.e)).toBe(true);
    const b = facts("rec { a = 1; }");
    expect(b.f.bracketsBroken(b.e)).toBe(false);
    const c = facts("rec\n{ a = 1;\n}");
    expect(c.f.bracketsBroken(c.e)).toBe(true);
  });
  it("inherit, set patterns and lambda bodies", () => {
    const a = facts("{ inherit (x)\n a; }");
    const bind = a.e.type === "Attrs" ? a.e.bindings[0] : undefined;
    expect(bind?.type === "Inherit" && a.f.inheritBroken(bind)).toBe(true);
    const l = facts("{ a,\n b }:\n\n{ }");
    const lam = l.e as Extract<Expr, { type: "Lambda" }>;
    expect(l.f.formalsBroken(lam)).toBe(true);
    expect(l.f.bodyOnNextLine(lam)).toBe(true);
    expect(l.f.blankBefore(lam.body.span!.start.offset)).toBe(true);
    const m = facts("{ a, b }: { }");
    const lam2 = m.e as Extract<Expr, { type: "Lambda" }>;
    expect(m.f.formalsBroken(lam2)).toBe(false);
    expect(m.f.bodyOnNextLine(lam2)).toBe(false);
  });
  it("inherit names and indented-string lines as written, only while they still read as the tree", () => {
    const a = facts('{ inherit ${ "a" } "b" c or; }');
    const bind = a.e.type === "Attrs" ? a.e.bindings[0] : undefined;
    expect(bind?.type === "Inherit" ? a.f.inheritNames(bind) : undefined).toEqual(['${"a"}', '"b"', "c", "or"]);
    // Each gap ends at a name's first token, the last at the `;`.
    const inh = '{ inherit (x) a\n  # c\n  "b" ${ "c" } ; }';
    const g = facts(inh);
    const gb = g.e.type === "Attrs" ? g.e.bindings[0] : undefined;
    expect(gb?.type === "Inherit" ? g.f.inheritGaps(gb) : undefined).toEqual(["a", '"b"', "${", ";"].map((t) => inh.indexOf(t, 13)));
    const src = "''\n    ''\\a ${x}\n      '''\n  ''";
    const s = facts(src);
    const ind = s.e as Extract<Expr, { type: "IndStr" }>;
    expect(s.f.indStrLines(ind)).toEqual([["''\\a ", 0], ["  '''"], []]);
    // A tree changed after parsing (same span, other value): the source's lines no longer apply.
    const changed: Expr = { ...ind, parts: ["b ", ind.parts[1]!, "\n  ''\n"] };
    expect(s.f.indStrLines(changed)).toBeNull();
    expect(print(changed, { hints: s.f })).toBe("''\n  b ${x}\n    '''\n''\n");
  });
  it("sees through strings, interpolations and comments", () => {
    const a = facts('[ "}${"]"}" /* ] */ # ]\n]');
    expect(a.f.bracketsBroken(a.e)).toBe(true);
    const b = facts('{ a = "}\\n"; }');
    expect(b.f.bracketsBroken(b.e)).toBe(false);
  });
});

describe("nix-ast fmt", () => {
  it("rewrites only changed files, atomically, keeping the mode", async () => {
    const dir = scratch({ "a.nix": "{a=1;}", "b.nix": "{ a = 1; }\n", "c.txt": "{a=1;}" });
    const before = statSync(nodePath.join(dir, "b.nix")).mtimeMs;
    const t = fakeIo();
    expect(await runFmtCommand([dir], t.io)).toBe(0);
    expect(readFileSync(nodePath.join(dir, "a.nix"), "utf8")).toBe("{ a = 1; }\n");
    expect(statSync(nodePath.join(dir, "b.nix")).mtimeMs).toBe(before);
    expect(readFileSync(nodePath.join(dir, "c.txt"), "utf8")).toBe("{a=1;}");
    // No temporary files left behind.
    expect(readdirSync(dir).sort()).toEqual(["a.nix", "b.nix", "c.txt"]);
  });
  it("--check lists files that would change and exits 1, writing nothing", async () => {
    const dir = scratch({ "a.nix": "{a=1;}", "b.nix": "{ a = 1; }\n" });
    const t = fakeIo();
    expect(await runFmtCommand(["--check", dir], t.io)).toBe(1);
    expect(t.out()).toBe(`${nodePath.join(dir, "a.nix")}\n`);
    expect(t.err()).toMatch(/1 file would be reformatted/);
    expect(readFileSync(nodePath.join(dir, "a.nix"), "utf8")).toBe("{a=1;}");
    const ok = fakeIo();
    expect(await runFmtCommand(["--check", nodePath.join(dir, "b.nix")], ok.io)).toBe(0);
  });
  it("reports unparsable files with their error and leaves them untouched", async () => {
    const dir = scratch({ "bad.nix": "{ a = ; }", "good.nix": "{a=1;}" });
    const t = fakeIo();
    expect(await runFmtCommand([dir], t.io)).toBe(1);
    expect(t.err()).toMatch(/bad\.nix:1:7: unexpected ';'/);
    expect(readFileSync(nodePath.join(dir, "bad.nix"), "utf8")).toBe("{ a = ; }");
    expect(readFileSync(nodePath.join(dir, "good.nix"), "utf8")).toBe("{ a = 1; }\n");
  });
  it("stdin to stdout with - or no file; usage errors exit 2", async () => {
    const a = fakeIo("{x=1;}");
    expect(await runFmtCommand([], a.io)).toBe(0);
    expect(a.out()).toBe("{ x = 1; }\n");
    const b = fakeIo("{x=1;}");
    expect(await runFmtCommand(["--width", "5", "-"], b.io)).toBe(0);
    expect(b.out()).toBe(format("{x=1;}", { width: 5 }));
    expect(await runFmtCommand(["--width", "0"], fakeIo().io)).toBe(2);
    const c = fakeIo("[1 2]");
    expect(await runFmtCommand(["--indent=4"], c.io)).toBe(0);
    expect(c.out()).toBe("[\n    1\n    2\n]\n");
    expect(await runFmtCommand(["--indent", "17"], fakeIo().io)).toBe(2);
    expect(await runFmtCommand(["--frobnicate"], fakeIo().io)).toBe(2);
    expect(await runFmtCommand([nodePath.join(tmpdir(), "no-such-file.nix")], fakeIo().io)).toBe(2);
  });
  it("works as the real binary (help lists fmt, stdin, --check exit code)", () => {
    expect(execFileSync(process.execPath, [bin, "--help"], { encoding: "utf8" })).toMatch(/nix-ast fmt/);
    expect(execFileSync(process.execPath, [bin, "fmt"], { input: "[1 2]", encoding: "utf8" })).toBe("[\n  1\n  2\n]\n");
    const dir = scratch({ "a.nix": "[1 2]" });
    const r = spawnSync(process.execPath, [bin, "fmt", "--check", dir], { encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("a.nix");
  });
});

describe("Prettier plugin", () => {
  it("formats .nix files through Prettier's API with printWidth as the width", async () => {
    const out = await prettier.format("{a=1;b=[1 2];}", { filepath: "x.nix", plugins: [nixPlugin] });
    expect(out).toBe(format("{a=1;b=[1 2];}"));
    const narrow = await prettier.format("f aaaa bbbb cccc", { parser: "nix", plugins: [nixPlugin], printWidth: 8 });
    expect(narrow).toBe(format("f aaaa bbbb cccc", { width: 8 }));
    const wide = await prettier.format("[1 2]", { parser: "nix", plugins: [nixPlugin], tabWidth: 4 });
    expect(wide).toBe("[\n    1\n    2\n]\n");
    expect(await prettier.check(out, { filepath: "x.nix", plugins: [nixPlugin] })).toBe(true);
  });
  it("infers the parser from the .nix extension", async () => {
    const info = await prettier.getFileInfo("default.nix", { plugins: [nixPlugin] });
    expect(info.inferredParser).toBe("nix");
  });
  it("reports parse errors with a location", async () => {
    await expect(prettier.format("{ a = ; }", { filepath: "x.nix", plugins: [nixPlugin] })).rejects.toMatchObject({
      loc: { start: { line: 1, column: 7 } },
    });
  });
  it("works from the command line with --plugin <entry>", () => {
    const dir = scratch({ "a.nix": "{a=1;}" });
    const entry = nodePath.join(root, "packages/nix-ast/dist/prettier/index.js");
    const cli = nodePath.join(root, "node_modules/prettier/bin/prettier.cjs");
    execFileSync(process.execPath, [cli, "--plugin", entry, "--write", "**/*.nix"], { cwd: dir, encoding: "utf8" });
    expect(readFileSync(nodePath.join(dir, "a.nix"), "utf8")).toBe("{ a = 1; }\n");
  });
});

/**
 * Goldens the formatter does not meet yet, each with the reason (docs/formatter.md, "Known
 * differences"). They run as expected failures so that a fix shows up as a failing test.
 */
const KNOWN: Record<string, string> = JSON.parse(readFileSync(nodePath.join(here, "format-golden/KNOWN.json"), "utf8"));

describe("format goldens (format-golden/*.in.nix)", () => {
  const dir = nodePath.join(here, "format-golden");
  const names = readdirSync(dir)
    .filter((n) => n.endsWith(".in.nix"))
    .map((n) => n.slice(0, -".in.nix".length))
    .sort();
  it("has goldens", () => expect(names.length).toBeGreaterThan(20));
  for (const name of names) {
    const input = readFileSync(nodePath.join(dir, `${name}.in.nix`), "utf8");
    const want = readFileSync(nodePath.join(dir, `${name}.out.nix`), "utf8");
    const run = KNOWN[name] === undefined ? it : it.fails;
    run(`${name}${KNOWN[name] ? ` (known: ${KNOWN[name]})` : ""}`, () => {
      expect(format(input)).toBe(want);
      // The expected output is itself a fixed point and means the same as the input.
      expect(format(want)).toBe(want);
    });
    it.skipIf(!hasNix)(`${name}: output means the same as the input`, () => {
      expect(nixParse(format(input))).toBe(nixParse(input));
    });
  }
});

const lib = nixpkgsLib();
const haveLib = requireResource(
  "nixpkgs' lib",
  lib === undefined ? undefined : nodePath.join(lib, "default.nix"),
  "the formatter's fixed points over nixpkgs' lib",
  "set NIXPKGS_LIB to its lib/ folder, see README",
);

/**
 * The floor of byte-identical files, raised as the printer learns nixfmt's source-dependent
 * rules (goal: 95% = 272 of 286). A drop below it is a regression.
 */
const FIXED_POINT_FLOOR = Number(process.env.FIXED_POINT_FLOOR ?? 282);

describe.skipIf(!haveLib)("fixed points: nixpkgs' library comes out of format unchanged", () => {
  it(`at least ${FIXED_POINT_FLOOR} files byte-identical; every file idempotent and meaning-preserving`, () => {
    const files = walk(lib as string);
    const flake = nodePath.join(lib as string, "..", "flake.nix");
    if (existsSync(flake)) files.push(flake);
    let same = 0;
    const notIdempotent: string[] = [];
    const meaningChanged: string[] = [];
    for (const f of files) {
      const src = readFileSync(f, "utf8");
      const out = format(src);
      if (out === src) {
        same++;
        continue;
      }
      if (format(out) !== out) notIdempotent.push(f);
      // The parser is proven equal to `nix-instantiate --parse` on this library (parse.test.ts),
      // so its canonical form stands in for Nix's here.
      if (normalize(canonical(parse(out))) !== normalize(canonical(parse(src)))) meaningChanged.push(f);
    }
    console.log(`fixed points: ${same}/${files.length} byte-identical`);
    expect(same).toBeGreaterThanOrEqual(FIXED_POINT_FLOOR);
    expect(notIdempotent).toEqual([]);
    expect(meaningChanged).toEqual([]);
  }, 120_000);
});
