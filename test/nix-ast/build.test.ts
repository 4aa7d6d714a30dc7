import { describe, expect, it } from "vitest";
import {
  NixBuildError,
  NixSchemaError,
  NixValueError,
  JsonInputError,
  add,
  astFromJson,
  astToJson,
  print,
  attrs,
  bind,
  call,
  concat,
  fn,
  formals,
  fromJsonText,
  fromValue,
  ind,
  inherit,
  inheritFrom,
  let_,
  list,
  path,
  pathFrom,
  ref,
  refs,
  select,
  spath,
  str,
  toExpr,
  uri,
  variable,
  doc,
  type Expr,
} from "nix-ast";

const V = (name: string): Expr => ({ type: "Var", name });
const S = (...parts: (string | Expr)[]): Expr => ({ type: "Str", parts });

describe("references", () => {
  it("property access selects and calls apply, merging select paths", () => {
    const pkgs = ref("pkgs");
    expect(toExpr(pkgs.python3.withPackages((ps) => [ps.django]))).toEqual({
      type: "Apply",
      fn: { type: "Select", expr: V("pkgs"), path: ["python3", "withPackages"] },
      arg: {
        type: "Lambda",
        param: { type: "IdentParam", name: "ps" },
        body: { type: "List", items: [{ type: "Select", expr: V("ps"), path: ["django"] }] },
      },
    });
  });

  it("several arguments build a left-nested application", () => {
    const { f } = refs("f");
    expect(toExpr(f(1, "x"))).toEqual({
      type: "Apply",
      fn: { type: "Apply", fn: V("f"), arg: { type: "Int", value: 1n } },
      arg: S("x"),
    });
  });

  it("a dotted ref is a selection; bad names are refused naming the value", () => {
    expect(toExpr(ref("lib.licenses.mit"))).toEqual({ type: "Select", expr: V("lib"), path: ["licenses", "mit"] });
    expect(() => ref("if")).toThrow(/invalid variable name "if"/);
    expect(() => ref("a..b")).toThrow(NixBuildError);
    expect(() => variable("1x")).toThrow(/"1x"/);
  });

  it("refs survive await and JSON.stringify without becoming selections", async () => {
    const r = ref("x");
    expect(await Promise.resolve(r)).toBe(r);
    expect(JSON.parse(JSON.stringify({ a: toExpr(r) }))).toEqual({ a: { type: "Var", name: "x" } });
  });
});

describe("lambdas", () => {
  it("reads set patterns, including ellipsis, from a JS function", () => {
    const e = fn(({ lib, pkgs, ...rest }) => [lib, pkgs, rest]);
    expect(e.type === "Lambda" && e.param).toEqual({
      type: "FormalsParam",
      formals: [{ name: "lib" }, { name: "pkgs" }],
      ellipsis: true,
    });
  });

  it("takes objects of refs, name lists and formals with defaults", () => {
    const { lib, python3 } = refs("lib", "python3");
    const e = fn({ lib, python3 }, python3.pkgs.foo);
    expect(e.type === "Lambda" && e.param.type === "FormalsParam" && e.param.formals.map((f) => f.name)).toEqual([
      "lib",
      "python3",
    ]);
    const d = fn(formals({ system: { default: "x86_64-linux" }, lib: true }, { ellipsis: true, bind: "args" }), 1);
    expect(d.type === "Lambda" && d.param).toEqual({
      type: "FormalsParam",
      formals: [{ name: "system", default: S("x86_64-linux") }, { name: "lib" }],
      ellipsis: true,
      bind: { name: "args", position: "after" },
    });
    expect(() => fn(["a", "a"], 1)).toThrow(/duplicate formal a/);
    expect(() => fn("let", 1)).toThrow(/"let"/);
  });

  it("a JS default never applies (every formal read is a reference); defaults go through formals()", () => {
    const e = fn(({ a = 1 }) => a);
    expect(e).toEqual({ type: "Lambda", param: { type: "FormalsParam", formals: [{ name: "a" }], ellipsis: false }, body: V("a") });
  });
});

describe("attribute sets", () => {
  it("keeps keys as names, splices inherits first, hoists comments onto bindings", () => {
    const e = attrs({ "a.b": 1, ...inherit("lib"), port: doc(8000, "The port."), skip: undefined });
    expect(e).toEqual({
      type: "Attrs",
      rec: false,
      bindings: [
        { type: "Inherit", names: ["lib"] },
        { type: "Assign", path: ["a.b"], value: { type: "Int", value: 1n } },
        {
          type: "Assign",
          path: ["port"],
          value: { type: "Int", value: 8000n },
          comments: [{ kind: "doc", text: "The port." }],
        },
      ],
    });
  });

  it("attrpaths come from bind(), inherit (from) from inheritFrom()", () => {
    const e = attrs([bind("a.b", 1), ...[inheritFrom(ref("pkgs"), "hello")]]);
    expect(e.type === "Attrs" && e.bindings).toEqual([
      { type: "Assign", path: ["a", "b"], value: { type: "Int", value: 1n } },
      { type: "Inherit", from: V("pkgs"), names: ["hello"] },
    ]);
  });

  it("refuses duplicate attributes and dynamic keys in let", () => {
    expect(() => attrs([bind("a", 1), bind("a", 2)])).toThrow(/attribute a is defined twice/);
    expect(() => attrs([bind("a.b", 1), bind("a", 2)])).toThrow(/defined twice/);
    expect(() => attrs([bind("a.b", 1), bind("a.c", 2)])).not.toThrow();
    expect(() => let_([bind([ref("x") as never], 1)], 1)).toThrow(/dynamic attributes/);
  });

  it("let_ hands the body references to its names", () => {
    const e = let_({ x: 1 }, ({ x }) => add(x!, 1));
    expect(e.type === "Let" && e.body).toEqual({
      type: "Binary",
      op: "+",
      left: V("x"),
      right: { type: "Int", value: 1n },
    });
  });
});

describe("strings and paths", () => {
  it("str interpolates expressions and inserts JS values as text", () => {
    const { pname } = refs("pname");
    expect(str`${pname}-${"1.0"}-${2}`).toEqual(S(V("pname"), "-1.0-2"));
    expect(() => str`${{}}`).toThrow(NixBuildError);
    expect(() => str`${true}`).toThrow(/cannot interpolate/);
  });

  it("ind dedents like Nix", () => {
    expect(ind`
      line one
        two ${ref("x")}
      three
    `).toEqual({ type: "IndStr", parts: ["line one\n  two ", V("x"), "\nthree\n"] });
    expect(ind("  kept as is\n")).toEqual({ type: "IndStr", parts: ["  kept as is\n"] });
  });

  it("refuses NUL and unpaired surrogates in text", () => {
    expect(() => str("a\0b")).toThrow(/NUL/);
    expect(() => str("\ud800")).toThrow(/surrogate/);
  });

  it("validates paths, search paths and URIs", () => {
    expect(path`./a/${ref("x")}.nix`).toEqual({ type: "Path", parts: ["./a/", V("x"), ".nix"] });
    for (const bad of ["./a b", "a", "./a/", "./a//b", "~", ""]) expect(() => path(bad)).toThrow(NixBuildError);
    expect(() => path`${ref("x")}/a`).toThrow(/path/);
    expect(() => path`a${ref("x")}`).toThrow(/malformed interpolated path/);
    for (const ok of ["./a", "../a", "a/b", "/a", "/.", "~/a", "./a-b_c+d.e"]) expect(path(ok)).toEqual({ type: "Path", parts: [ok] });
    expect(spath("nixpkgs/lib")).toEqual({ type: "SearchPath", path: "nixpkgs/lib" });
    expect(() => spath("a b")).toThrow(NixBuildError);
    expect(() => uri("not a uri")).toThrow(NixBuildError);
  });

  it("pathFrom falls back to path + string for odd characters", () => {
    expect(pathFrom("/dir with space/x")).toEqual({
      type: "Binary",
      op: "+",
      left: { type: "Path", parts: ["/."] },
      right: S("/dir with space/x"),
    });
    expect(pathFrom("./ok/x")).toEqual({ type: "Path", parts: ["./ok/x"] });
  });
});

describe("fromValue", () => {
  it("converts JSON-like values, keeping number types", () => {
    expect(fromValue({ a: [1, 1.5, 2n ** 60n, true, null, "s"], "b c": {} })).toEqual({
      type: "Attrs",
      rec: false,
      bindings: [
        {
          type: "Assign",
          path: ["a"],
          value: {
            type: "List",
            items: [
              { type: "Int", value: 1n },
              { type: "Float", value: 1.5 },
              { type: "Int", value: 2n ** 60n },
              V("true"),
              V("null"),
              S("s"),
            ],
          },
        },
        { type: "Assign", path: ["b c"], value: { type: "Attrs", rec: false, bindings: [] } },
      ],
    });
    // An integer-valued number beyond 2^53 is not exact as an int: it stays a float.
    expect(fromValue(1e21)).toEqual({ type: "Float", value: 1e21 });
  });

  it.each([
    [{ services: [0, 1, { port: NaN }] }, "$.services[2].port"],
    [{ a: Infinity }, "$.a"],
    [{ a: -Infinity }, "$.a"],
    [{ "x y": [2n ** 63n] }, '$["x y"][0]'],
    [{ s: "a\0" }, "$.s"],
    [{ s: "\udc00" }, "$.s"],
    [{ f: () => 1 }, "$.f"],
    [{ y: Symbol("s") }, "$.y"],
    [{ d: new Date(0) }, "$.d"],
    [{ u: undefined }, "$.u"],
  ])("refuses %o at %s", (value, where) => {
    try {
      fromValue(value);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(NixValueError);
      expect((e as NixValueError).path).toBe(where);
    }
  });

  it("refuses cycles, naming where the cycle closes", () => {
    const a: Record<string, unknown> = { x: [1] };
    (a.x as unknown[]).push(a);
    expect(() => fromValue(a)).toThrow(/\$\.x\[1\]: the value contains a cycle/);
    // Shared (acyclic) references are fine.
    const shared = { k: 1 };
    expect(() => fromValue({ a: shared, b: shared })).not.toThrow();
  });
});

describe("JSON text (from-json)", () => {
  it("numbers keep their written type; last duplicate wins", () => {
    expect(fromJsonText('{"a": 1, "b": 1.0, "c": 1e2, "a": -9223372036854775808}')).toEqual({
      type: "Attrs",
      rec: false,
      bindings: [
        { type: "Assign", path: ["a"], value: { type: "Int", value: -(2n ** 63n) } },
        { type: "Assign", path: ["b"], value: { type: "Float", value: 1 } },
        { type: "Assign", path: ["c"], value: { type: "Float", value: 100 } },
      ],
    });
  });

  it.each([
    ['{"a": [9223372036854775808]}', "$.a[0]", /does not fit/],
    ['{"s": "\\u0000"}', "$.s", /NUL/],
    ['["\\ud800"]', "$[0]", /surrogate/],
    ['{"x": 1e400}', "$.x", /overflows/],
  ])("refuses %s at %s", (text, where, why) => {
    try {
      fromJsonText(text);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(JsonInputError);
      expect((e as JsonInputError).path).toBe(where);
      expect((e as Error).message).toMatch(why);
    }
  });

  it("reports syntax errors with line and column", () => {
    try {
      fromJsonText('{\n  "a": [1,\n  ]\n}');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(JsonInputError);
      expect([(e as JsonInputError).line, (e as JsonInputError).column]).toEqual([3, 3]);
    }
  });
});

describe("schema", () => {
  it("round-trips builder output through JSON", () => {
    const { lib } = refs("lib");
    const e = fn(["lib"], attrs({ a: list(1, 2n ** 62n, 0.5), b: select(lib, "x.y", null), c: concat([1], [2]), d: call(lib.f, str`x${lib.y}`) }));
    expect(astFromJson(astToJson(e))).toEqual(e);
  });

  it("names the JSON path of schema errors", () => {
    try {
      astFromJson({ type: "List", items: [{ type: "Int", value: 1.5 }, { type: "Var", name: "if" }] });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(NixSchemaError);
      const paths = (e as NixSchemaError).issues.map((i) => i.path);
      expect(paths).toContain("$.items[1].name");
    }
  });

  it("wants one entry of interpolationComments per interpolation, and prints them before its `}`", () => {
    const c = { kind: "line", text: " c" } as const;
    expect(() => astFromJson({ type: "Str", parts: ["a"], interpolationComments: [[c]] })).toThrow(
      /\$\.interpolationComments: interpolationComments needs one entry per interpolation/,
    );
    const ok = astFromJson({ type: "Str", parts: ["a", { type: "Var", name: "x" }], interpolationComments: [[c]] });
    expect(print(ok)).toBe('"a${\n  x\n  # c\n}"\n');
  });

  it("wants ellipsisComments only with an ellipsis, and prints them before the '...'", () => {
    const c = { kind: "line", text: " c" } as const;
    const lam = (ellipsis: boolean) => ({ type: "Lambda", param: { type: "FormalsParam", formals: [], ellipsis, ellipsisComments: [c] }, body: { type: "Var", name: "x" } });
    expect(() => astFromJson(lam(false))).toThrow(/\$\.param\.ellipsisComments: ellipsisComments needs ellipsis: true/);
    expect(print(astFromJson(lam(true)))).toBe("{\n  # c\n  ...\n}:\nx\n");
  });

  it("wants one entry of pathComments per name of the path, and prints them before the name's `}`", () => {
    const c = { kind: "line", text: " c" } as const;
    const x = { type: "Var", name: "x" } as const;
    expect(() => astFromJson({ type: "Select", expr: x, path: ["a", x], pathComments: [[c]] })).toThrow(
      /\$\.pathComments: pathComments needs one entry per name of path/,
    );
    expect(() => astFromJson({ type: "Attrs", rec: false, bindings: [{ type: "Assign", path: [x], pathComments: [], value: x }] })).toThrow(
      /\$\.bindings\[0\]\.pathComments: pathComments needs one entry per name of path/,
    );
    const ok = astFromJson({ type: "HasAttr", expr: x, path: ["a", x], pathComments: [null, [c]] });
    expect(print(ok)).toBe("x ? a.${\n  x\n  # c\n}\n");
  });
});
