import { describe, expect, it } from "vitest";
import { attrs, call, edit, list, nix, NixEditError, NixParseError, ref, refs, str, type Expr } from "nix-ast";

const NL = (s: string) => s.replace(/\n/g, "\r\n");

describe("edit: find", () => {
  const src = `{ lib, stdenv, fetchurl }:
let
  version = "1.0";
in
stdenv.mkDerivation (finalAttrs: {
  pname = "hello";
  inherit version;
  src = fetchurl { url = "u"; hash = "h"; };
  meta.license = lib.licenses.mit;
  meta = { description = "d"; };
  passthru = rec { a.b.c = 1; };
})
`;
  const doc = edit(src);

  it("looks through lambdas, let bodies, calls and dotted bindings", () => {
    expect(doc.get("pname")?.text).toBe('"hello"');
    expect(doc.get("src.hash")?.text).toBe('"h"');
    expect(doc.get("meta.license")?.text).toBe("lib.licenses.mit");
    expect(doc.get("meta.description")?.text).toBe('"d"');
    expect(doc.get("passthru.a.b.c")?.text).toBe("1");
    expect(doc.get(["passthru", "a", "b", "c"])?.node).toMatchObject({ type: "Int", value: 1n });
    expect(doc.get("nothing")).toBeUndefined();
    expect(doc.has("src.url")).toBe(true);
  });

  it("follows `inherit x;` to the let binding it refers to", () => {
    const f = doc.get("version");
    expect(f?.text).toBe('"1.0"');
    expect(f?.span.start.line).toBe(3);
  });

  it("reports spans of the value", () => {
    const f = doc.get("pname")!;
    expect(src.slice(f.span.start.offset, f.span.end.offset)).toBe('"hello"');
    expect(f.span.start.line).toBe(6);
  });

  it("refuses an ambiguous path: `meta` is both dotted and a set", () => {
    expect(() => doc.get("meta")).toThrow(NixEditError);
    expect(() => doc.get("meta")).toThrow(/defined in several places \(9:3, 10:3\)/);
  });

  it("refuses a path made only of dotted bindings below it, for get and set", () => {
    expect(() => doc.get("passthru.a")).toThrow(/dotted bindings below it/);
    expect(() => doc.set("passthru.a", 2)).toThrow(/dotted bindings below it/);
  });

  it("parses attribute paths with quoted names and rejects bad ones", () => {
    const d = edit(`{ "a b".c = 1; }`);
    expect(d.get(`"a b".c`)?.text).toBe("1");
    expect(() => d.get("a.")).toThrow(NixEditError);
    expect(() => d.get("a.${b}")).toThrow(/interpolate/);
    expect(() => d.get("")).toThrow(/at least one name/);
  });
});

describe("edit: set", () => {
  it("replaces a value and keeps every other byte", () => {
    const src = `{
  # odd   spacing   kept
  a   =   1;    # one
  b = 2;
}
`;
    expect(edit(src).set("a", 5).toString()).toBe(`{
  # odd   spacing   kept
  a = 5;    # one
  b = 2;
}
`);
  });

  it("prints a new multi-line value at the indentation of its place, in the file's indentation step", () => {
    const src = `{
    deep = {
        x = 1;
    };
}
`;
    expect(edit(src).set("deep.x", { p: 1, q: [1, 2] }).toString()).toBe(`{
    deep = {
        x = {
            p = 1;
            q = [
                1
                2
            ];
        };
    };
}
`);
    // The step is found once and kept through the edits that follow; an explicit one wins.
    expect(edit(src).set("deep.y", 1).set("deep.x", { p: [1, 2] }).toString()).toContain("x = {\n            p = [\n                1\n");
    expect(edit(src, { indent: 2 }).set("deep.x", { p: [1, 2] }).toString()).toContain("x = {\n          p = [\n            1\n");
    // A file that never goes deeper gets RFC 166's two columns; tabs and blank lines do not count.
    expect(edit("{ a = 1; }\n").set("b", { c: 1 }).toString()).toBe("{\n  a = 1;\n  b = {\n    c = 1;\n  };\n}\n");
    // A step that is not a whole number of columns from 1 to 16 is refused, before any edit.
    for (const indent of [0, 1.5, 17]) expect(() => edit(src, { indent })).toThrow(new RangeError(`indent must be an integer from 1 to 16, got ${indent}`));
    const three = "{\n   a = {\n\n      b = 1;\n   };\n\t   c = 2;\n}\n";
    expect(edit(three).set("a.d", { e: 1 }).toString()).toContain("   d = {\n         e = 1;\n      };");
  });

  it("accepts builders, JS values and nix fragments", () => {
    const d = edit("{ a = 1; }\n");
    const { lib } = refs("lib");
    expect(d.set("a", attrs({ x: lib.mkDefault(true) })).toString()).toBe("{\n  a = {\n    x = lib.mkDefault true;\n  };\n}\n");
    expect(d.set("a", call(ref("f"), 1)).toString()).toBe("{ a = f 1; }\n");
    expect(d.set("a", nix`./src`).toString()).toBe("{ a = ./src; }\n");
    expect(d.set("a", str`x`).toString()).toBe('{ a = "x"; }\n');
    expect(d.set("a", list(1)).toString()).toBe("{ a = [ 1 ]; }\n");
    expect(d.set("a", "${not interpolated}").toString()).toBe('{ a = "\\${not interpolated}"; }\n');
  });

  it("inserts a missing path next to the siblings that share its prefix", () => {
    const src = `{
  services.nginx.enable = true;
  networking.hostName = "h";
}
`;
    expect(edit(src).set("services.nginx.virtualHosts.x.root", "/srv").toString()).toBe(`{
  services.nginx.enable = true;
  services.nginx.virtualHosts.x.root = "/srv";
  networking.hostName = "h";
}
`);
  });

  it("inserts inside an existing nested set rather than beside it", () => {
    const src = `{
  meta = {
    description = "d";
  };
}
`;
    expect(edit(src).set("meta.homepage", "https://example.org").toString()).toBe(`{
  meta = {
    description = "d";
    homepage = "https://example.org";
  };
}
`);
  });

  it("breaks a one-line set that gets a second binding, as nixfmt would", () => {
    expect(edit("{ meta = { a = 1; }; }\n").set("meta.b", 2).toString()).toBe("{\n  meta = {\n    a = 1;\n    b = 2;\n  };\n}\n");
    expect(edit("f { a = 1; }\n").set("b", 2).toString()).toBe("f {\n  a = 1;\n  b = 2;\n}\n");
    expect(edit("{ }\n").set("a", 1).toString()).toBe("{ a = 1; }\n");
    expect(edit("x: { }\n").set("a.b", true).toString()).toBe("x: { a.b = true; }\n");
  });

  it("a multi-line value in a one-line set breaks the set", () => {
    expect(edit("{ a = 1; }\n").set("a", { x: 1, y: 2 }).toString()).toBe("{\n  a = {\n    x = 1;\n    y = 2;\n  };\n}\n");
  });

  it("the path defined by both `a.b = 1;` and `a = { c = 2; };`", () => {
    const src = `{
  a.b = 1;
  a = {
    c = 2;
  };
}
`;
    const d = edit(src);
    expect(d.get("a.b")?.text).toBe("1");
    expect(d.get("a.c")?.text).toBe("2");
    expect(d.set("a.b", 10).toString()).toBe(src.replace("a.b = 1;", "a.b = 10;"));
    expect(d.set("a.c", 20).toString()).toBe(src.replace("c = 2;", "c = 20;"));
    // A new name under `a` goes into the set, the nesting the file already has.
    expect(d.set("a.d", 3).toString()).toBe(src.replace("c = 2;", "c = 2;\n    d = 3;"));
    // `a` itself is two bindings: refused with both places.
    expect(() => d.set("a", 1)).toThrow(/2:3, 3:3/);
    expect(d.remove("a.b").toString()).toBe(src.replace("  a.b = 1;\n", ""));
  });

  it("inherited names: `inherit (x) a;` then set a splits it off; `inherit a;` of a let sets the let", () => {
    const src = `let
  v = 1;
in
{
  inherit (pkgs) a b;
  inherit v;
  inherit (pkgs) c;
}
`;
    const d = edit(src);
    expect(d.get("a")?.text).toBe("pkgs.a");
    expect(d.set("a", 1).toString()).toBe(src.replace("inherit (pkgs) a b;", "inherit (pkgs) b;\n  a = 1;"));
    expect(d.set("b", 1).toString()).toBe(src.replace("inherit (pkgs) a b;", "inherit (pkgs) a;\n  b = 1;"));
    expect(d.set("c", 1).toString()).toBe(src.replace("inherit (pkgs) c;", "c = 1;"));
    expect(d.set("v", 2).toString()).toBe(src.replace("v = 1;", "v = 2;"));
    expect(d.remove("a").toString()).toBe(src.replace("inherit (pkgs) a b;", "inherit (pkgs) b;"));
    expect(d.remove("c").toString()).toBe(src.replace("  inherit (pkgs) c;\n", ""));
    expect(() => d.set("a.x", 1)).toThrow(/inherited here/);
    // A one-line set with an inherit is reprinted.
    expect(edit("{ inherit (p) a; }\n").set("a", 1).toString()).toBe("{ a = 1; }\n");
  });

  it("keeps comments before and after the edited binding", () => {
    const src = `{
  # before a
  a = 1; # after a
  /* block */ b = 2;
}
`;
    expect(edit(src).set("a", 2).toString()).toBe(src.replace("a = 1;", "a = 2;"));
    expect(edit(src).set("b", 3).toString()).toBe(src.replace("b = 2;", "b = 3;"));
    // An insertion after `a` goes after its trailing comment; a new name goes last.
    const dotted = "{\n  a.x = 1; # after a.x\n  b = 2;\n}\n";
    expect(edit(dotted).set("a.y", 0).toString()).toBe(dotted.replace("# after a.x\n", "# after a.x\n  a.y = 0;\n"));
    expect(edit(src).set("z", 0).toString()).toBe(src.replace("b = 2;\n", "b = 2;\n  z = 0;\n"));
  });

  it("keeps Windows line endings, and new lines use them", () => {
    const src = NL(`{\n  a = 1;\n  b = {\n    c = 1;\n  };\n}\n`);
    const out = edit(src).set("b.d", [1, 2]).set("a", 3).toString();
    expect(out).toBe(NL(`{\n  a = 3;\n  b = {\n    c = 1;\n    d = [\n      1\n      2\n    ];\n  };\n}\n`));
    expect(out.replace(/\r\n/g, "")).not.toContain("\n");
    expect(edit(src).remove("a").toString()).toBe(NL(`{\n  b = {\n    c = 1;\n  };\n}\n`));
    // A multi-line indented string would take the CRs into its value: it is written "…" there.
    const lines: Expr = { type: "IndStr", parts: ["x\n  y\n"] };
    expect(edit(src).set("a", lines).toString()).toBe(NL(`{\n  a = "x\\n  y\\n";\n  b = {\n    c = 1;\n  };\n}\n`));
    expect(edit("{\n  a = 1;\n}\n").set("a", lines).toString()).toBe("{\n  a = ''\n    x\n      y\n  '';\n}\n");
  });

  it("is immutable: each edit returns a new document", () => {
    const d = edit("{ a = 1; }\n");
    const e = d.set("a", 2);
    expect(d.toString()).toBe("{ a = 1; }\n");
    expect(e.toString()).toBe("{ a = 2; }\n");
    expect(e).not.toBe(d);
  });

  it("a syntax error is a located NixParseError", () => {
    expect(() => edit("{\n  a = ;\n}\n", { file: "bad.nix" })).toThrow(NixParseError);
    expect(() => edit("{\n  a = ;\n}\n", { file: "bad.nix" })).toThrow(/^bad\.nix:2:7: /);
  });

  it("a missing path with nowhere to go is a located error", () => {
    expect(() => edit("[ 1 ]\n", { file: "l.nix" }).set("a", 1)).toThrow(/^l\.nix:1:1: a: not found, and there is no attribute set/);
    expect(() => edit("{ a = 1; }\n").set("a.b", 1)).toThrow(/^<input>:1:7: a\.b: a is not an attribute set here/);
    expect(() => edit("{ inherit a; }\n").set("a.b", 1)).toThrow(/inherited here/);
  });

  it("a one-line set that must break open is reprinted with what nixfmt lays out around it (lib/kernel.nix)", () => {
    // nixfmt puts a function body that is not a set or list on its own line (`def:` / `def` /
    // `// {` in nixpkgs' lib/types.nix): the change reaches out of `optional` into `option`, and no further.
    const src = "{\n  option = x: x // { optional = true; };\n\n  yes = { };\n}\n";
    expect(edit(src).set("option.optional", { assert: {} }).toString()).toBe(
      '{\n  option =\n    x:\n    x\n    // {\n      optional = {\n        "assert" = { };\n      };\n    };\n\n  yes = { };\n}\n',
    );
    expect(edit(src).set("option.optional", false).toString()).toBe(src.replace("true", "false"));
  });

  it("a name only a `let` binds is set in that `let`, where get finds it (a second one in the set would hide it)", () => {
    const nested = "let\n  a = {\n    b = 1;\n  };\nin\n{\n  x = 1;\n}\n";
    const next = edit(nested).set("a.c", 3);
    expect(next.toString()).toBe("let\n  a = {\n    b = 1;\n    c = 3;\n  };\nin\n{\n  x = 1;\n}\n");
    expect([next.get("a.b")?.text, next.get("a.c")?.text]).toEqual(["1", "3"]);
    expect(edit("let\n  a.b = 1;\nin\n{\n  x = 1;\n}\n").set("a.c", 3).toString()).toBe("let\n  a.b = 1;\n  a.c = 3;\nin\n{\n  x = 1;\n}\n");
    expect(() => edit("let\n  a = x;\nin\n{\n  y = 1;\n}\n").set("a.c", 3)).toThrow(/^<input>:2:7: a\.c: a is not an attribute set here \(it is the variable x\)/);
    // A name no `let` binds goes into the set.
    expect(edit("let\n  a = x;\nin\n{\n  y = 1;\n}\n").set("b.c", 3).toString()).toBe("let\n  a = x;\nin\n{\n  y = 1;\n  b.c = 3;\n}\n");
  });

  it("an inner `let` hides an outer one, as in Nix", () => {
    const src = "let a = 1; in let a = 2; in { inherit a; }\n";
    expect(edit(src).get("a")?.text).toBe("2");
    expect(edit(src).set("a", 3).toString()).toBe("let a = 1; in let a = 3; in { inherit a; }\n");
    expect(edit("let a = 1; in let b = 2; in { x = a; }\n").get("a")?.text).toBe("1");
  });

  it("in the file's function, `let` and `with`, a one-line body breaks open in place; the bindings before it keep their layout", () => {
    // (nixfmt's test/diff/idioms_lib_5/in.nix, an old nixpkgs check-meta.nix, ends with
    // `in { inherit assertValidity commonMeta; }` after 400 lines of `let` in a function: one more
    // attribute laid out all of them anew.)
    expect(edit("{ x }:\nlet\n  a   =   1;\nin { inherit a; }\n").set("c", 3).toString()).toBe("{ x }:\nlet\n  a   =   1;\nin {\n  inherit a;\n  c = 3;\n}\n");
    expect(edit("{ x }:\nwith   lib;  { a = 1; }\n").set("c", 3).toString()).toBe("{ x }:\nwith   lib;  {\n  a = 1;\n  c = 3;\n}\n");
    // Below a binding, the binding is printed again as before (nixfmt decides its layout as a whole:
    // `f =` then `x:` and the call on lines of their own when a call's argument breaks).
    expect(edit("{\n  f  =  x: { a = 1; };\n}\n").set("f.c", 3).toString()).toBe("{\n  f = x: {\n    a = 1;\n    c = 3;\n  };\n}\n");
    expect(edit("{\n  f = x: g { a = 1; };\n}\n").set("f.c", [1, 2]).toString()).toBe(
      "{\n  f =\n    x:\n    g {\n      a = 1;\n      c = [\n        1\n        2\n      ];\n    };\n}\n",
    );
    expect(edit("{ f = let y = 1; in { a = 1; }; g = 2; }\n").set("f.c", 3).toString()).toBe(
      "{\n  f =\n    let\n      y = 1;\n    in\n    {\n      a = 1;\n      c = 3;\n    };\n  g = 2;\n}\n",
    );
  });

  it("rec sets, legacy lets and `//` are looked through", () => {
    expect(edit("rec { a = 1; b = a; }\n").set("b", 2).toString()).toBe("rec { a = 1; b = 2; }\n");
    expect(edit("base // { a = 1; }\n").set("a", 2).toString()).toBe("base // { a = 2; }\n");
    expect(edit("with lib; { a = 1; }\n").get("a")?.text).toBe("1");
  });
});

describe("edit: remove", () => {
  const src = `{
  a = 1;

  # about b
  # more about b
  b = 2; # trailing b

  c = 3;
}
`;
  it("removes a binding with its own comments and one of the blank lines around it", () => {
    expect(edit(src).remove("b").toString()).toBe(`{
  a = 1;

  c = 3;
}
`);
  });

  it("removes exactly the binding's line where neighbouring lines repeat its text (lib/tests/modules/types.nix)", () => {
    const src = "{\n  config = {\n    v.null = null; # null\n    v.bool = true; # bool\n    v.int = 1; # int\n  };\n}\n";
    expect(edit(src).remove("config.v.bool").toString()).toBe(src.replace("    v.bool = true; # bool\n", ""));
  });

  it("removes the last binding before the closing brace without leaving a blank line", () => {
    expect(edit(src).remove("c").toString()).toBe(`{
  a = 1;

  # about b
  # more about b
  b = 2; # trailing b
}
`);
  });

  it("removes a name an `inherit` writes as ${\"…\"} (nixfmt's correct/quotes-in-inherit-2.nix; it left `${}`)", () => {
    const src = 'let\n  foo = 1;\n  bar = 2;\nin\n{\n  inherit\n    ${"foo"}\n    bar\n    ;\n  inherit ${ /* c */ "x y" } z;\n}\n';
    expect(edit(src).remove("foo").toString()).toBe(src.replace('    ${"foo"}\n', ""));
    expect(edit(src).remove(["x y"]).toString()).toBe(src.replace('${ /* c */ "x y" } ', ""));
  });

  it("leaves a format directive above the binding it removes: the region goes on (nixfmt's diff/directive_positions)", () => {
    const src = "{\n  nested = {\n    /*nixfmt:disable*/\n    # about foo\n    foo    =    1;\n    bar    =    2;\n    /*nixfmt:enable*/\n    baz = 3;\n  };\n}\n";
    expect(edit(src).remove("nested.foo").toString()).toBe(src.replace("    # about foo\n    foo    =    1;\n", ""));
  });

  it("removes from a one-line set", () => {
    expect(edit("{ a = 1; b = 2; }\n").remove("a").toString()).toBe("{ b = 2; }\n");
    expect(edit("{ a = 1; }\n").remove("a").toString()).toBe("{ }\n");
  });

  it("removes every dotted binding below a path", () => {
    expect(edit("{\n  a.b = 1;\n  a.c = 2;\n  d = 3;\n}\n").remove("a").toString()).toBe("{\n  d = 3;\n}\n");
  });

  it("a missing path is a located error", () => {
    expect(() => edit("{ a = 1; }\n", { file: "f.nix" }).remove("b")).toThrow(/^f\.nix:1:1: b: not found/);
  });
});

describe("edit: lists", () => {
  it("appends on its own line in a broken-open list", () => {
    const src = "{\n  xs = [\n    a # first\n    b\n  ];\n}\n";
    expect(edit(src).append("xs", nix`c`, nix`f x`, -1).toString()).toBe("{\n  xs = [\n    a # first\n    b\n    c\n    (f x)\n    (-1)\n  ];\n}\n");
  });

  it("a one-line list is reprinted as nixfmt lays it out", () => {
    expect(edit("{ xs = [ a ]; }\n").append("xs", nix`b`).toString()).toBe("{\n  xs = [\n    a\n    b\n  ];\n}\n");
    expect(edit("{\n  xs = [ ];\n}\n").append("xs", nix`a`).toString()).toBe("{\n  xs = [ a ];\n}\n");
  });

  it("removes an item by index, by value or by predicate", () => {
    const src = "{\n  xs = [\n    # the a\n    a\n    \"b\"\n    c\n  ];\n}\n";
    expect(edit(src).removeItem("xs", 0).toString()).toBe("{\n  xs = [\n    \"b\"\n    c\n  ];\n}\n");
    expect(edit(src).removeItem("xs", "b").toString()).toBe("{\n  xs = [\n    # the a\n    a\n    c\n  ];\n}\n");
    expect(edit(src).removeItem("xs", (_e, t) => t === "c").toString()).toBe("{\n  xs = [\n    # the a\n    a\n    \"b\"\n  ];\n}\n");
    expect(edit("[ a b c ]\n").removeItem([], 1).toString()).toBe("[ a c ]\n");
    expect(edit("[\n  a\n]\n").append([], 1).toString()).toBe("[\n  a\n  1\n]\n");
  });

  it("reaches a list behind `with`", () => {
    expect(edit("{\n  xs = with pkgs; [\n    git\n  ];\n}\n").append("xs", nix`vim`).toString()).toBe("{\n  xs = with pkgs; [\n    git\n    vim\n  ];\n}\n");
  });

  it("follows `inherit xs;` to the let binding that holds the list (as get and set do)", () => {
    // nixpkgs' lib/systems/default.nix: `let functionNames = [ … ]; in { inherit functionNames; }`.
    const src = "let\n  xs = [\n    a\n  ];\nin\n{\n  inherit xs;\n}\n";
    expect(edit(src).get("xs")?.node.type).toBe("List");
    expect(edit(src).append("xs", nix`b`).toString()).toBe(src.replace("    a\n", "    a\n    b\n"));
    expect(edit(src).removeItem("xs", 0).toString()).toBe(src.replace("[\n    a\n  ]", "[\n  ]"));
    const fn = "let\n  f = { a }: a;\nin\n{\n  inherit f;\n}\n";
    expect(edit(fn).addFormal("b", { at: "f" }).toString()).toBe(fn.replace("{ a }:", "{ a, b }:"));
    // An inherited name whose value is elsewhere has no list here: the typed, located refusal.
    const other = edit("{\n  inherit (pkgs) xs;\n}\n", { file: "o.nix" });
    expect(() => other.append("xs", 1)).toThrow(NixEditError);
    expect(() => other.append("xs", 1)).toThrow(/^o\.nix:2:3: xs: not a list binding: the name is inherited/);
    expect(() => other.addFormal("b", { at: "xs" })).toThrow(/^o\.nix:2:3: xs: not a function binding: the name is inherited/);
  });

  it("refuses a non-list and a missing item", () => {
    expect(() => edit("{ xs = f [ ]; }\n").append("xs", 1)).toThrow(/not a list literal/);
    expect(() => edit("{ xs = [ 1 ]; }\n").removeItem("xs", 5)).toThrow(/no such item/);
  });
});

describe("edit: formals", () => {
  it("adds a formal to a one-line pattern, breaking it as nixfmt does", () => {
    expect(edit("{ lib, stdenv }: stdenv.mkDerivation { }\n").addFormal("fetchurl").toString()).toBe(
      "{\n  lib,\n  stdenv,\n  fetchurl,\n}:\nstdenv.mkDerivation { }\n",
    );
  });

  it("adds a formal to a broken-open pattern on its own line, before `...`", () => {
    expect(edit("{\n  lib,\n  stdenv,\n}:\nx\n").addFormal("fetchurl").toString()).toBe("{\n  lib,\n  stdenv,\n  fetchurl,\n}:\nx\n");
    expect(edit("{\n  lib,\n  ...\n}:\nx\n").addFormal("pkgs", { default: null }).toString()).toBe("{\n  lib,\n  pkgs ? null,\n  ...\n}:\nx\n");
    expect(edit("{ lib }: x\n").addFormal("lib").toString()).toBe("{ lib }: x\n");
  });

  it("removes a formal", () => {
    expect(edit("{ lib, stdenv }: x\n").removeFormal("lib").toString()).toBe("{ stdenv }: x\n");
    expect(edit("{ lib, stdenv }: x\n").removeFormal("stdenv").toString()).toBe("{ lib }: x\n");
    expect(edit("{\n  lib,\n  stdenv,\n}:\nx\n").removeFormal("lib").toString()).toBe("{\n  stdenv,\n}:\nx\n");
    expect(() => edit("{ lib }: x\n").removeFormal("pkgs")).toThrow(/no formal pkgs/);
  });

  it("removes a formal on its own line with its own comments, keeping the others' (lib/path/tests/default.nix)", () => {
    // Left behind, `# Random seed` would dangle before `}` and describe nothing.
    const src = "{\n  libpath ? ../.., # the lib\n  # Random seed\n  # (or null)\n  seed ? null, # trailing\n}:\nx\n";
    expect(edit(src).removeFormal("seed").toString()).toBe("{\n  libpath ? ../.., # the lib\n}:\nx\n");
    // A comment after a blank line, or on the line of `{`, is not the formal's own.
    const apart = "{ # pattern\n  # about a\n  a,\n\n  # about b\n  b,\n}:\nx\n";
    expect(edit(apart).removeFormal("a").toString()).toBe("{ # pattern\n\n  # about b\n  b,\n}:\nx\n");
    // No blank line is left before the closing brace (nixfmt).
    expect(edit(apart).removeFormal("b").toString()).toBe("{ # pattern\n  # about a\n  a,\n}:\nx\n");
  });

  it("edits the formals of a lambda at a path", () => {
    expect(edit("{\n  f = { a, ... }@args: a;\n}\n").addFormal("b", { at: "f" }).toString()).toBe("{\n  f = { a, b, ... }@args: a;\n}\n");
    expect(edit("args@{ a, ... }: a\n").addFormal("b").toString()).toBe("args@{ a, b, ... }: a\n");
    expect(edit("{ a ? 1 }: a\n").removeFormal("a").toString()).toBe("{ }: a\n");
    expect(() => edit("x: x\n").addFormal("b")).toThrow(/set pattern/);
    // A binding's function that breaks moves below the `=` (nixfmt), unless a multi-line string would shift.
    const flake = "{\n  outputs = { self, nixpkgs }: {\n    a = 1;\n  };\n}\n";
    expect(edit(flake).addFormal("home-manager", { at: "outputs" }).toString()).toBe(
      "{\n  outputs =\n    {\n      self,\n      nixpkgs,\n      home-manager,\n    }:\n    {\n      a = 1;\n    };\n}\n",
    );
    const multi = flake.replace("a = 1;", "a = ''\n      x\n    '';");
    expect(edit(multi).addFormal("home-manager", { at: "outputs" }).toString()).toBe(
      multi.replace("{ self, nixpkgs }:", "{\n    self,\n    nixpkgs,\n    home-manager,\n  }:"),
    );
  });
});
