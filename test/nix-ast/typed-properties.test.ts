/**
 * Property: random well-typed expressions built through the typed builders print to Nix that
 * `nix-instantiate --eval` evaluates without a type error, and `builtins.typeOf` of the value is
 * the kind TypeScript gives the expression.
 *
 * Each way of building a case states its kind twice: as the run-time tag the check compares with
 * Nix, and in its type, `mk` refusing to compile unless the builders' kind (`KindOf`) is exactly
 * that tag (not `any`, not another kind). This file is compiled by typed-values.test.ts, so the
 * tags are the TypeScript kinds.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  add,
  and,
  attrs,
  concat,
  eq,
  float,
  fn,
  gt,
  hasAttr,
  if_,
  implies,
  int,
  list,
  lt,
  mul,
  neg,
  neq,
  not,
  or,
  path,
  print,
  select,
  str,
  sub,
  update,
  type ExprOf,
  type KindOf,
} from "nix-ast";
import { ifNull } from "nix-ast/nixos";
import { assertBatched, evalNixBatchSettled, requireNix } from "nix-ast/testing";

const RUNS = Number(process.env.FC_RUNS ?? (process.env.CI === "true" ? 1000 : 300));

type Kind = "int" | "float" | "bool" | "string" | "path" | "list" | "attrs" | "null" | "function";

/** A built expression and the kind TypeScript gives it. */
interface Typed<K extends Kind> {
  readonly kind: K;
  readonly expr: ExprOf<K>;
}
type AnyTyped = { [K in Kind]: Typed<K> }[Kind];

type IsAny<T> = 0 extends 1 & T ? true : false;
/** `unknown` when the builders' kind of `E` is exactly `K`; a type naming the mismatch otherwise. */
type Exactly<K, E> =
  IsAny<KindOf<E>> extends true
    ? { readonly "the builders give this expression kind any": never }
    : [KindOf<E>] extends [K]
      ? [K] extends [KindOf<E>]
        ? unknown
        : { readonly "the builders give another kind": KindOf<E> }
      : { readonly "the builders give another kind": KindOf<E> };

/** A case of kind `K`: compiles only when the builders type `e` with exactly that kind. */
function mk<const K extends Kind, E extends ExprOf<K>>(kind: K, e: E & Exactly<K, E>): Typed<K> {
  return { kind, expr: e };
}

/** Nix's `builtins.typeOf` for each kind. */
const TYPE_OF: { readonly [K in Kind]: string } = {
  int: "int",
  float: "float",
  bool: "bool",
  string: "string",
  path: "path",
  list: "list",
  attrs: "set",
  null: "null",
  function: "lambda",
};

// Operands stay small so that products of nested ints stay far from 64-bit overflow.
const smallInt = fc.integer({ min: -20, max: 20 });
const smallFloat = fc.double({ min: -1000, max: 1000, noNaN: true, noDefaultInfinity: true });
const word = fc.stringMatching(/^[a-z0-9 ._-]{0,8}$/);
const pathText = fc.stringMatching(/^\/[a-z0-9_-]{1,8}(\/[a-z0-9_-]{1,8}){0,2}$/);

const { tree } = fc.letrec<{
  tree: AnyTyped;
  int: Typed<"int">;
  float: Typed<"float">;
  bool: Typed<"bool">;
  string: Typed<"string">;
  path: Typed<"path">;
  list: Typed<"list">;
  attrs: Typed<"attrs">;
  null: Typed<"null">;
  function: Typed<"function">;
}>((tie) => {
  const i = tie("int");
  const f = tie("float");
  const b = tie("bool");
  const s = tie("string");
  const p = tie("path");
  const l = tie("list");
  const a = tie("attrs");
  const any = tie("tree");
  return {
    tree: fc.oneof(
      { depthSize: "small" },
      tie("int"),
      tie("float"),
      tie("bool"),
      tie("string"),
      tie("path"),
      tie("list"),
      tie("attrs"),
      tie("null"),
      tie("function"),
    ),
    int: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      smallInt.map((n) => mk("int", int(n))),
      fc.tuple(i, i).map(([x, y]) => mk("int", add(x.expr, y.expr))),
      fc.tuple(i, i).map(([x, y]) => mk("int", sub(x.expr, y.expr))),
      fc.tuple(i, i).map(([x, y]) => mk("int", mul(x.expr, y.expr))),
      i.map((x) => mk("int", neg(x.expr))),
      fc.tuple(b, i, i).map(([c, x, y]) => mk("int", if_(c.expr, x.expr, y.expr))),
      fc.tuple(i, any).map(([x, y]) => mk("int", select({ a: x.expr, b: y.expr }, "a"))),
      fc.tuple(i, i).map(([x, y]) => mk("int", select({ n: { m: x.expr }, o: y.expr }, "n.m"))),
      fc.tuple(b, i, i).map(([c, x, y]) => mk("int", ifNull(if_(c.expr, null, x.expr), y.expr))),
    ),
    float: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      smallFloat.map((n) => mk("float", float(n))),
      fc.tuple(f, i).map(([x, y]) => mk("float", add(x.expr, y.expr))),
      fc.tuple(i, f).map(([x, y]) => mk("float", sub(x.expr, y.expr))),
      fc.tuple(f, f).map(([x, y]) => mk("float", mul(x.expr, y.expr))),
      f.map((x) => mk("float", neg(x.expr))),
      fc.tuple(b, f, f).map(([c, x, y]) => mk("float", if_(c.expr, x.expr, y.expr))),
    ),
    bool: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fc.boolean().map((v) => mk("bool", if_(v, true, false))),
      fc.tuple(i, i).map(([x, y]) => mk("bool", lt(x.expr, y.expr))),
      fc.tuple(f, i).map(([x, y]) => mk("bool", gt(x.expr, y.expr))),
      fc.tuple(any, any).map(([x, y]) => mk("bool", eq(x.expr, y.expr))),
      fc.tuple(s, s).map(([x, y]) => mk("bool", neq(x.expr, y.expr))),
      fc.tuple(b, b).map(([x, y]) => mk("bool", and(x.expr, y.expr))),
      fc.tuple(b, b).map(([x, y]) => mk("bool", or(x.expr, y.expr))),
      fc.tuple(b, b).map(([x, y]) => mk("bool", implies(x.expr, y.expr))),
      b.map((x) => mk("bool", not(x.expr))),
      a.map((x) => mk("bool", hasAttr(x.expr, "a"))),
    ),
    string: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      word.map((w) => mk("string", str(w))),
      fc.tuple(word, s, smallInt).map(([w, x, n]) => mk("string", str`${w}-${x.expr}-${n}`)),
      fc.tuple(s, s).map(([x, y]) => mk("string", add(x.expr, y.expr))),
      fc.tuple(s, word).map(([x, w]) => mk("string", add(x.expr, w))),
      fc.tuple(b, s, s).map(([c, x, y]) => mk("string", if_(c.expr, x.expr, y.expr))),
    ),
    path: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      pathText.map((t) => mk("path", path(t))),
      fc.tuple(p, word).map(([x, w]) => mk("path", add(x.expr, `/${w.replace(/[^a-z0-9]/g, "")}x`))),
      fc.tuple(p, s).map(([x, y]) => mk("path", add(x.expr, y.expr))),
    ),
    list: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fc.array(any, { maxLength: 3 }).map((xs) => mk("list", list(...xs.map((x) => x.expr)))),
      fc.tuple(l, l).map(([x, y]) => mk("list", concat(x.expr, y.expr))),
      fc.tuple(b, l, l).map(([c, x, y]) => mk("list", if_(c.expr, x.expr, y.expr))),
    ),
    attrs: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fc.tuple(any, any).map(([x, y]) => mk("attrs", attrs({ a: x.expr, "b c": y.expr }))),
      fc.tuple(a, a).map(([x, y]) => mk("attrs", update(x.expr, y.expr))),
      fc.tuple(i, a).map(([x, y]) => mk("attrs", select({ inner: y.expr, n: x.expr }, "inner"))),
    ),
    null: fc.oneof(
      fc.constant(mk("null", if_(true, null, null))),
      fc.tuple(b, any).map(([c, x]) => mk("null", select({ a: null, b: x.expr }, "a", if_(c.expr, null, null)))),
    ),
    function: fc.oneof(
      any.map((x) => mk("function", fn("x", () => x.expr))),
      fc.constant(mk("function", fn("x", (x) => x))),
    ),
  };
});

describe("typed builders", () => {
  it("generate every kind", () => {
    // The cases themselves (no Nix): every kind is generated.
    const seen = new Set(fc.sample(tree, { numRuns: 500 }).map((c) => c.kind));
    expect([...seen].sort()).toEqual(Object.keys(TYPE_OF).sort());
  });
});

describe.skipIf(!requireNix("the typed-builders property"))("against nix-instantiate --eval", () => {
  it(`builtins.typeOf is the TypeScript kind, with no evaluation error (${RUNS} cases)`, async () => {
    const kinds = new Map<string, number>();
    await assertBatched(
      tree,
      async (batch) => {
        const sources = batch.map((c) => `builtins.typeOf (${print(c.expr)})`);
        const settled = await evalNixBatchSettled(sources);
        return batch.map((c, k) => {
          const r = settled[k]!;
          kinds.set(c.kind, (kinds.get(c.kind) ?? 0) + 1);
          if (!r.ok) return `Nix refused an expression typed ${c.kind}:\n${sources[k]}\n${r.error.stderr}`;
          return r.value === TYPE_OF[c.kind] ? null : `typed ${c.kind} (typeOf ${TYPE_OF[c.kind]}), Nix says ${String(r.value)}:\n${sources[k]}`;
        });
      },
      { numRuns: RUNS },
    );
    // Not vacuous: every kind was judged.
    expect([...kinds.keys()].sort()).toEqual(Object.keys(TYPE_OF).sort());
  });
});
