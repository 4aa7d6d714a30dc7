/**
 * fast-check arbitraries: JSON-like values with the sequences that break Nix generators weighted
 * in, and valid ASTs of every node kind that real Nix (2.8) accepts.
 *
 * @module
 */
import fc from "fast-check";
import type {
  AttrName,
  Binding,
  BinaryOp,
  Comment,
  Expr,
  Formal,
  FormalsParam,
  StrPart,
} from "../ast/nodes.js";
import { BINARY_OPS } from "../ast/nodes.js";
import { lowersToString } from "./static-key.js";
import {
  INT64_MAX,
  INT64_MIN,
  isIdentifier,
  KEYWORDS,
} from "../ast/lexical.js";

/** A JSON-like value as `fromValue` takes it (objects, arrays, strings, numbers, bigints, …). */
export type ArbitraryValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | ArbitraryValue[]
  | { [key: string]: ArbitraryValue };

/** The sequences that broke Nix generators before (the bugs other Nix generators shipped: unescaped `${`, odd keys, control characters), weighted into every string. */
export const TROUBLESOME: readonly string[] = [
  "${",
  "''",
  "''${",
  "''\\'''${",
  "'''",
  "''$",
  "''\\",
  "\\",
  "\\${",
  '"',
  "'",
  "$",
  "$$",
  "$${",
  "$\\${",
  "${x}",
  "{",
  "}",
  "\r",
  "\n",
  "\r\n",
  "\t",
  " ",
  "  ",
  "\n  ",
  "\n\t",
  "\u00a0",
  "\u2028",
  "\ufeff",
  "\u0001",
  "\u007f",
  "é",
  "e\u0301",
  "😀",
  "𝄞",
  "#",
  "/*",
  "*/",
  "//",
  "a.b",
  "or",
];

const noNul = (s: string) => !s.includes("\0");

/**
 * Strings over full Unicode (no NUL, no lone surrogates), built from pieces of which about half
 * are {@link TROUBLESOME} sequences.
 */
export function nixString(
  opts: { readonly maxPieces?: number } = {},
): fc.Arbitrary<string> {
  const piece = fc.oneof(
    { arbitrary: fc.constantFrom(...TROUBLESOME), weight: 5 },
    {
      arbitrary: fc.string({ unit: "grapheme-ascii", maxLength: 6 }),
      weight: 3,
    },
    {
      arbitrary: fc.string({ unit: "binary", maxLength: 4 }).filter(noNul),
      weight: 2,
    },
  );
  return fc
    .array(piece, { maxLength: opts.maxPieces ?? 6 })
    .map((p) => p.join(""));
}

/** A valid Nix identifier (no keyword), short names weighted in. */
export function identifier(): fc.Arbitrary<string> {
  return fc.oneof(
    {
      arbitrary: fc.constantFrom(
        "a",
        "b",
        "x",
        "f",
        "pkgs",
        "lib",
        "self",
        "a-b",
        "x'",
        "_",
      ),
      weight: 3,
    },
    {
      arbitrary: fc
        .stringMatching(/^[a-zA-Z_][a-zA-Z0-9_'-]{0,7}$/)
        .filter(isIdentifier),
      weight: 2,
    },
  );
}

/** An attribute name as a JS string: identifiers, keywords, `or`, dotted, empty, spaced, odd. */
export function attrKey(): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: identifier(), weight: 4 },
    {
      arbitrary: fc.constantFrom(
        ...KEYWORDS,
        "true",
        "null",
        "__curPos",
        "__proto__",
        "constructor",
      ),
      weight: 1,
    },
    {
      arbitrary: fc.constantFrom(
        "",
        "a.b",
        "a b",
        "1a",
        "-a",
        "'a",
        "${a}",
        'a"b',
        "é",
        "😀",
        " ",
      ),
      weight: 1,
    },
    { arbitrary: nixString({ maxPieces: 3 }), weight: 1 },
  );
}

/** An int64 as a bigint, boundaries weighted in. */
export function int64(): fc.Arbitrary<bigint> {
  const p53 = 2n ** 53n;
  return fc.oneof(
    fc.bigInt({ min: -1000n, max: 1000n }),
    fc.bigInt({ min: INT64_MIN, max: INT64_MAX }),
    fc.constantFrom(
      INT64_MIN,
      INT64_MIN + 1n,
      INT64_MAX,
      p53 - 1n,
      p53,
      p53 + 1n,
      -p53 - 1n,
      -p53,
      2n ** 31n,
      0n,
    ),
  );
}

const MIN_NORMAL = 2.2250738585072014e-308;

/**
 * A finite float: no NaN, no infinity. Tiny, huge, negative and integer-valued floats are weighted
 * in. Subnormals only with `subnormal: true`: Nix 2.8 has no literal for them (the printer writes
 * an exact product instead), so they belong in values, not in ASTs that must re-parse as literals.
 */
export function float(opts: { readonly subnormal?: boolean } = {}): fc.Arbitrary<number> {
  if (opts.subnormal === true) {
    return fc.oneof(
      { arbitrary: float(), weight: 9 },
      {
        arbitrary: fc.oneof(
          fc.double({ min: -MIN_NORMAL, max: MIN_NORMAL, noNaN: true }),
          fc.constantFrom(5e-324, -5e-324, MIN_NORMAL / 2, 2.225073858507201e-308),
        ),
        weight: 1,
      },
    );
  }
  return fc
    .oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.double({ min: -1e6, max: 1e6, noNaN: true }),
      fc.constantFrom(
        0.1,
        0.30000000000000004,
        1.5,
        -1.5,
        1e21,
        1e-7,
        -1e22,
        1e300,
        123456789.123,
        Number.MAX_VALUE,
        -Number.MAX_VALUE,
        MIN_NORMAL,
        2 ** 53 + 2,
        2 ** 60,
        1e16,
        0.5,
      ),
    )
    .map((x) => (x !== 0 && Math.abs(x) < MIN_NORMAL ? 0 : x));
}

/** A JS number a value may hold: safe ints (±2^53 boundaries), unsafe integers and floats. */
function jsNumber(): fc.Arbitrary<number> {
  return fc.oneof(
    fc.integer({ min: -1000, max: 1000 }),
    fc.constantFrom(
      Number.MAX_SAFE_INTEGER,
      -Number.MAX_SAFE_INTEGER,
      2 ** 53,
      -(2 ** 53),
      2 ** 31,
      -(2 ** 31) - 1,
      -0,
    ),
    fc.maxSafeInteger(),
    float({ subnormal: true }),
  );
}

/** Options of {@link value}. */
export interface ValueOptions {
  /** Nesting depth of arrays and objects; default 3. */
  readonly maxDepth?: number;
}

/**
 * JSON-like JS values for `fromValue`: nested objects and arrays, {@link nixString} strings,
 * numbers (ints up to ±2^53, unsafe integers and floats), int64 bigints, booleans, `null`;
 * object keys from {@link attrKey}. Never NUL, lone surrogates, NaN or infinities; subnormal floats
 * are included (their printed form is an exact product).
 */
export function value(opts: ValueOptions = {}): fc.Arbitrary<ArbitraryValue> {
  const maxDepth = opts.maxDepth ?? 3;
  const { v } = fc.letrec<{ v: ArbitraryValue }>((tie) => ({
    v: fc.oneof(
      { maxDepth, depthIdentifier: "nix-value" },
      { arbitrary: nixString(), weight: 3 },
      { arbitrary: jsNumber(), weight: 2 },
      { arbitrary: int64(), weight: 1 },
      { arbitrary: fc.boolean(), weight: 1 },
      { arbitrary: fc.constant(null), weight: 1 },
      { arbitrary: fc.array(tie("v"), { maxLength: 4 }), weight: 2 },
      {
        arbitrary: fc
          .uniqueArray(fc.tuple(attrKey(), tie("v")), {
            maxLength: 4,
            selector: ([k]) => k,
          })
          .map((entries) => {
            // defineProperty, so that a `__proto__` key stays an own key.
            const o: { [key: string]: ArbitraryValue } = {};
            for (const [k, x] of entries) {
              Object.defineProperty(o, k, {
                value: x,
                enumerable: true,
                writable: true,
                configurable: true,
              });
            }
            return o;
          }),
        weight: 2,
      },
    ),
  }));
  return v;
}

// ---------------------------------------------------------------------------------------------
// Expressions.

/** Options of {@link expr}. */
export interface ExprOptions {
  /** Nesting depth of the tree; default 3. */
  readonly maxDepth?: number;
  /** Generate the pipe operators `|>` `<|` (Nix ≥ 2.24; no Nix 2.8 oracle); default false. */
  readonly pipes?: boolean;
  /** Attach comments to some nodes; default true. */
  readonly comments?: boolean;
}

/** A comment of any kind whose text the Nix lexer keeps whole. */
export function comment(): fc.Arbitrary<Comment> {
  const text = fc
    .array(
      fc.oneof(
        fc.constantFrom(
          " ",
          "x",
          "#",
          "/",
          "*",
          "${",
          "''",
          "é",
          "😀",
          "/*",
          "TODO",
        ),
        fc.string({ maxLength: 4 }),
      ),
      {
        maxLength: 5,
      },
    )
    .map((p) => p.join(""));
  return fc.oneof(
    fc.record({
      kind: fc.constant("line" as const),
      text: text.map((t) => t.replace(/[\r\n\0]/g, " ")),
    }),
    fc.record({
      kind: fc.constantFrom("block" as const, "doc" as const),
      text: fc
        .oneof(
          text,
          text.map((t) => `\n${t}\n`),
        )
        .map((t) => t.replace(/\*\//g, "* /").replace(/\0/g, " ")),
    }),
  );
}

/**
 * One or two comments now and then, else null: those before the `}` of an interpolation or a
 * `${…}` name (`interpolationComments`, `pathComments`).
 */
function closeRun(): fc.Arbitrary<Comment[] | null> {
  return fc.option(fc.array(comment(), { minLength: 1, maxLength: 2 }), { freq: 8, nil: null });
}

const PATH_SEG = fc.oneof(
  {
    arbitrary: fc.constantFrom(
      "a",
      "b",
      "default.nix",
      "x-1",
      "_",
      "a+b",
      ".",
      "..",
      "...",
      ".hidden",
      "1",
    ),
    weight: 2,
  },
  { arbitrary: fc.stringMatching(/^[a-zA-Z0-9._+-]{1,6}$/), weight: 1 },
);

/** The text of a path literal without interpolation: `./a`, `../a`, `a/b`, `/a`, `/.`, `~/a`. */
export function pathLiteral(): fc.Arbitrary<string> {
  const segs = fc
    .array(PATH_SEG, { minLength: 1, maxLength: 3 })
    .map((s) => s.join("/"));
  return fc.oneof(
    fc
      .tuple(fc.constantFrom("./", "../", "/", "~/"), segs)
      .map(([p, s]) => p + s),
    fc.tuple(PATH_SEG, segs).map(([a, s]) => `${a}/${s}`),
    fc.constantFrom("./.", "/.", "../."),
  );
}

/** A search path `<…>` body: `nixpkgs`, `nixpkgs/lib`, … */
export function searchPath(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom("nixpkgs", "nixpkgs/lib", "nixos-config"),
    fc
      .array(fc.stringMatching(/^[a-zA-Z0-9._+-]{1,6}$/), {
        minLength: 1,
        maxLength: 3,
      })
      .map((s) => s.join("/")),
  );
}

/** A URI literal Nix accepts (`scheme:rest`). */
export function uri(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(
      "https://example.org/x",
      "http://x.org/a?b=c&d=e",
      "mailto:a@b.c",
      "git+ssh://h/p.git",
      "x:x",
    ),
    fc
      .tuple(
        fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9+.-]{0,5}$/),
        fc.stringMatching(/^[a-zA-Z0-9%/?:@&=+$,_.!~*'-]{1,10}$/),
      )
      .map(([s, r]) => `${s}:${r}`),
  );
}

/** A static attribute name as the AST holds it: a JS string, or a `Str` node without interpolation. */
const asStaticName = (key: string, quoted: boolean): AttrName =>
  quoted ? { type: "Str", parts: key === "" ? [] : [key] } : key;

/** Mostly plain strings, sometimes `Str` nodes: both mean the same static name. */
const QUOTED = fc.oneof(
  { arbitrary: fc.constant(false), weight: 4 },
  { arbitrary: fc.constant(true), weight: 1 },
);

/**
 * Valid ASTs of every node kind Nix 2.8 accepts: identifiers that are no keywords, no duplicate
 * attribute names (nested attribute paths merge the way Nix merges them), no dynamic keys in
 * `let`, ints within int64, floats that are not denormal, valid path, search-path and URI
 * literals, comments now and then. `Paren` nodes appear too; pipes only with `pipes: true`.
 */
export function expr(opts: ExprOptions = {}): fc.Arbitrary<Expr> {
  const maxDepth = opts.maxDepth ?? 3;
  const ops = BINARY_OPS.filter(
    (op) => opts.pipes || (op !== "|>" && op !== "<|"),
  ) as BinaryOp[];
  const withComments = opts.comments ?? true;
  const cache = new Map<number, fc.Arbitrary<Expr>>();
  // A variable keeps an interpolated dynamic key dynamic, whatever else the parts hold.
  const sub0: Expr = { type: "Var", name: "k" };

  const decorate = (arb: fc.Arbitrary<Expr>): fc.Arbitrary<Expr> =>
    withComments
      ? fc
          .tuple(
            arb,
            fc.option(fc.array(comment(), { minLength: 1, maxLength: 2 }), {
              freq: 12,
              nil: undefined,
            }),
          )
          .map(([e, comments]) => (comments ? { ...e, comments } : e))
      : arb;

  const leaf = (): fc.Arbitrary<Expr> =>
    fc.oneof(
      {
        arbitrary: int64().map((value): Expr => ({ type: "Int", value })),
        weight: 3,
      },
      {
        arbitrary: float().map((value): Expr => ({ type: "Float", value })),
        weight: 2,
      },
      {
        arbitrary: nixString().map((s): Expr => ({
          type: "Str",
          parts: s === "" ? [] : [s],
        })),
        weight: 3,
      },
      {
        arbitrary: nixString().map((s): Expr => ({
          type: "IndStr",
          parts: s === "" ? [] : [s],
        })),
        weight: 2,
      },
      {
        arbitrary: pathLiteral().map((p): Expr => ({
          type: "Path",
          parts: [p],
        })),
        weight: 1,
      },
      {
        arbitrary: searchPath().map((path): Expr => ({
          type: "SearchPath",
          path,
        })),
        weight: 1,
      },
      {
        arbitrary: uri().map((value): Expr => ({ type: "Uri", value })),
        weight: 1,
      },
      {
        arbitrary: identifier().map((name): Expr => ({ type: "Var", name })),
        weight: 4,
      },
      { arbitrary: fc.constant<Expr>({ type: "CurPos" }), weight: 1 },
      {
        arbitrary: fc.constant<Expr>({
          type: "Attrs",
          rec: false,
          bindings: [],
        }),
        weight: 1,
      },
      { arbitrary: fc.constant<Expr>({ type: "List", items: [] }), weight: 1 },
    );

  const at = (depth: number): fc.Arbitrary<Expr> => {
    const hit = cache.get(depth);
    if (hit) return hit;
    let arb: fc.Arbitrary<Expr>;
    if (depth <= 0) arb = decorate(leaf());
    else {
      const sub = at(depth - 1);
      const parts = (textArb: fc.Arbitrary<string>): fc.Arbitrary<StrPart[]> =>
        fc.array(
          fc.oneof(
            { arbitrary: textArb, weight: 2 },
            { arbitrary: sub, weight: 1 },
          ),
          { maxLength: 4 },
        );
      const dynName: fc.Arbitrary<AttrName> = fc.oneof(
        sub.filter((e) => !lowersToString(e)),
        parts(nixString({ maxPieces: 2 })).map((p): AttrName => ({
          type: "Str",
          parts: [...p, sub0],
        })),
      );
      const attrPath = fc.array(
        fc.oneof(
          {
            arbitrary: fc
              .tuple(attrKey(), QUOTED)
              .map(([k, q]) => asStaticName(k, q)),
            weight: 3,
          },
          { arbitrary: dynName, weight: 1 },
        ),
        {
          minLength: 1,
          maxLength: 3,
        },
      ) as fc.Arbitrary<[AttrName, ...AttrName[]]>;
      // The comments before the `}` of some of a path's `${…}` names, now and then (`pathComments`).
      const pathComments = (path: readonly AttrName[]): fc.Arbitrary<(readonly Comment[] | null)[] | undefined> =>
        !withComments || path.every((a) => typeof a === "string")
          ? fc.constant(undefined)
          : fc
              .tuple(
                ...path.map((a) =>
                  typeof a === "string" ? fc.constant(null) : closeRun(),
                ),
              )
              .map((cs) => (cs.some((c) => c !== null) ? cs : undefined));
      const bindingsArb = (
        dynamic: boolean,
        reserved: readonly string[] = [],
      ) => bindings(sub, dynName, dynamic, reserved, withComments);
      const formals: fc.Arbitrary<FormalsParam> = fc
        .record({
          names: fc.uniqueArray(identifier(), { maxLength: 4 }),
          defaults: fc.array(fc.option(sub, { nil: undefined }), {
            minLength: 4,
            maxLength: 4,
          }),
          ellipsis: fc.boolean(),
          // Comments before `...`, now and then.
          ellipsisComments: withComments
            ? fc.option(fc.array(comment(), { minLength: 1, maxLength: 2 }), { freq: 6, nil: undefined })
            : fc.constant(undefined),
          bind: fc.option(
            fc.record({
              name: identifier(),
              position: fc.constantFrom("before" as const, "after" as const),
            }),
            {
              nil: undefined,
            },
          ),
        })
        .map(({ names, defaults, ellipsis, ellipsisComments, bind }): FormalsParam => {
          const list: Formal[] = names.map((name, i) => {
            const d = defaults[i];
            return d ? { name, default: d } : { name };
          });
          const ok = bind && !names.includes(bind.name);
          const cs = ellipsis && ellipsisComments !== undefined ? { ellipsisComments } : {};
          return ok
            ? { type: "FormalsParam", formals: list, ellipsis, ...cs, bind }
            : { type: "FormalsParam", formals: list, ellipsis, ...cs };
        });
      // A string, with comments before the `}` of some interpolations now and then.
      const stringOf = (type: "Str" | "IndStr"): fc.Arbitrary<Expr> =>
        parts(nixString()).chain((p) => {
          const n = p.filter((x) => typeof x !== "string").length;
          if (!withComments || n === 0) return fc.constant<Expr>({ type, parts: p });
          return fc
            .array(closeRun(), { minLength: n, maxLength: n })
            .map((cs): Expr => (cs.some((c) => c !== null) ? { type, parts: p, interpolationComments: cs } : { type, parts: p }));
        });
      const composite = fc.oneof(
        { arbitrary: stringOf("Str"), weight: 2 },
        { arbitrary: stringOf("IndStr"), weight: 2 },
        { arbitrary: interpolatedPath(sub), weight: 1 },
        {
          arbitrary: fc
            .record({ rec: fc.boolean(), bindings: bindingsArb(true) })
            .map((r): Expr => ({ type: "Attrs", ...r })),
          weight: 3,
        },
        {
          arbitrary: fc
            .array(
              withComments
                ? fc
                    .tuple(
                      sub,
                      fc.option(comment(), { freq: 10, nil: undefined }),
                    )
                    .map(([e, trailing]): Expr =>
                      trailing ? { ...e, trailing } : e,
                    )
                : sub,
              { maxLength: 4 },
            )
            .map((items): Expr => ({ type: "List", items })),
          weight: 2,
        },
        {
          arbitrary: fc
            .record({ bindings: bindingsArb(false), body: sub })
            .map((r): Expr => ({ type: "Let", ...r })),
          weight: 2,
        },
        {
          arbitrary: fc
            .tuple(bindingsArb(false, ["body"]), sub)
            .map(([b, body]): Expr => ({
              type: "LegacyLet",
              bindings: [...b, { type: "Assign", path: ["body"], value: body }],
            })),
          weight: 1,
        },
        {
          arbitrary: fc
            .record({ env: sub, body: sub })
            .map((r): Expr => ({ type: "With", ...r })),
          weight: 1,
        },
        {
          arbitrary: fc
            .record({ cond: sub, body: sub })
            .map((r): Expr => ({ type: "Assert", ...r })),
          weight: 1,
        },
        {
          arbitrary: fc
            .record({ cond: sub, then: sub, else: sub })
            .map((r): Expr => ({ type: "If", ...r })),
          weight: 1,
        },
        {
          arbitrary: fc
            .tuple(
              fc.oneof(
                identifier().map((name) => ({
                  type: "IdentParam" as const,
                  name,
                })),
                formals,
              ),
              sub,
            )
            .map(([param, body]): Expr => ({ type: "Lambda", param, body })),
          weight: 2,
        },
        {
          arbitrary: fc
            .record({ fn: sub, arg: sub })
            .map((r): Expr => ({ type: "Apply", ...r })),
          weight: 3,
        },
        {
          arbitrary: fc
            .record({
              expr: sub,
              path: attrPath,
              default: fc.option(sub, { nil: undefined, freq: 3 }),
            })
            .chain((r) => pathComments(r.path).map((pc) => ({ ...r, pc })))
            .map(({ expr: e, path, default: d, pc }): Expr => ({
              type: "Select",
              expr: e,
              path,
              ...(pc ? { pathComments: pc } : {}),
              ...(d ? { default: d } : {}),
            })),
          weight: 2,
        },
        {
          arbitrary: fc
            .record({ expr: sub, path: attrPath })
            .chain((r) => pathComments(r.path).map((pc): Expr => ({ type: "HasAttr", ...r, ...(pc ? { pathComments: pc } : {}) }))),
          weight: 1,
        },
        {
          arbitrary: fc
            .record({
              op: fc.constantFrom("-" as const, "!" as const),
              expr: sub,
            })
            .map((r): Expr => ({ type: "Unary", ...r })),
          weight: 1,
        },
        {
          arbitrary: fc
            .record({ op: fc.constantFrom(...ops), left: sub, right: sub })
            .map((r): Expr => ({ type: "Binary", ...r })),
          weight: 4,
        },
        {
          arbitrary: fc
            .record({
              expr: sub,
              beforeClose: withComments
                ? fc.option(fc.array(comment(), { minLength: 1, maxLength: 2 }), { freq: 10, nil: undefined })
                : fc.constant(undefined),
            })
            .map((r): Expr => ({ type: "Paren", expr: r.expr, ...(r.beforeClose ? { beforeClose: r.beforeClose } : {}) })),
          weight: 1,
        },
      );
      arb = decorate(
        fc.oneof(
          { arbitrary: leaf(), weight: 1 },
          { arbitrary: composite, weight: 2 },
        ),
      );
    }
    cache.set(depth, arb);
    return arb;
  };
  return at(maxDepth);
}

/** A path with interpolation: `./${x}.nix`, `/a${x}b/c${y}`, `~/${x}`. */
function interpolatedPath(sub: fc.Arbitrary<Expr>): fc.Arbitrary<Expr> {
  const head = fc.oneof(
    fc.constantFrom("./", "../", "/", "~/", "a/"),
    pathLiteral(),
    pathLiteral().map((p) => `${p}/`),
  );
  // Text between interpolations: path characters and single slashes.
  const text = fc
    .array(fc.oneof(PATH_SEG, fc.constant("/")), { minLength: 1, maxLength: 3 })
    .map((s) => s.join("").replace(/\/{2,}/g, "/"));
  return fc
    .tuple(
      head,
      fc.array(fc.tuple(sub, fc.option(text, { nil: undefined })), {
        minLength: 1,
        maxLength: 3,
      }),
    )
    .map(([h, rest]): Expr => {
      const parts: StrPart[] = [h];
      rest.forEach(([e, t], i) => {
        parts.push(e);
        // A trailing slash is an error: only text that another interpolation follows may end in `/`.
        if (t !== undefined && (i < rest.length - 1 || !t.endsWith("/")))
          parts.push(t);
      });
      return { type: "Path", parts };
    });
}

/**
 * Bindings without duplicates: each static key once, as `k = v;`, as `inherit k;`, in an
 * `inherit (e) k;`, or as a group of dotted paths `k.a = …; k.b = …;` that Nix merges; dynamic
 * keys only where allowed. Built with `map` only (no `chain`), so counterexamples shrink well.
 */
function bindings(
  sub: fc.Arbitrary<Expr>,
  dynName: fc.Arbitrary<AttrName>,
  dynamic: boolean,
  reserved: readonly string[],
  withComments: boolean,
): fc.Arbitrary<Binding[]> {
  type Kind =
    | { readonly k: "assign"; readonly value: Expr }
    | { readonly k: "inherit" }
    | { readonly k: "from"; readonly from: Expr }
    | {
        readonly k: "dotted";
        readonly subs: readonly (readonly [string, boolean, Expr])[];
      };
  const kind: fc.Arbitrary<Kind> = fc.oneof(
    {
      arbitrary: sub.map((value): Kind => ({ k: "assign", value })),
      weight: 4,
    },
    { arbitrary: fc.constant<Kind>({ k: "inherit" }), weight: 1 },
    { arbitrary: sub.map((from): Kind => ({ k: "from", from })), weight: 1 },
    {
      arbitrary: fc
        .uniqueArray(fc.tuple(attrKey(), QUOTED, sub), {
          minLength: 1,
          maxLength: 3,
          selector: ([k]) => k,
        })
        .map((subs): Kind => ({ k: "dotted", subs })),
      weight: 1,
    },
  );
  const deco = withComments
    ? fc.record({
        comments: fc.option(
          fc.array(comment(), { minLength: 1, maxLength: 2 }),
          { freq: 10, nil: undefined },
        ),
        trailing: fc.option(comment(), { freq: 10, nil: undefined }),
        blankBefore: fc.option(fc.constant(true as const), {
          freq: 10,
          nil: undefined,
        }),
        beforeSemicolon: fc.option(
          fc.array(comment(), { minLength: 1, maxLength: 2 }),
          { freq: 10, nil: undefined },
        ),
      })
    : fc.constant({});
  const decorate = (
    b: Binding,
    d: { comments?: Comment[]; trailing?: Comment; blankBefore?: true; beforeSemicolon?: Comment[] },
  ): Binding => ({
    ...b,
    ...(d.comments ? { comments: d.comments } : {}),
    ...(d.trailing ? { trailing: d.trailing } : {}),
    ...(d.blankBefore ? { blankBefore: d.blankBefore } : {}),
    ...(d.beforeSemicolon && b.type === "Assign" ? { beforeSemicolon: d.beforeSemicolon } : {}),
  });
  const statics = fc
    .uniqueArray(
      fc.tuple(
        attrKey().filter((k) => !reserved.includes(k)),
        QUOTED,
        kind,
        deco,
      ),
      {
        maxLength: 4,
        selector: ([k]) => k,
      },
    )
    .map((entries) =>
      entries.flatMap(([key, quoted, kd, d]): Binding[] => {
        const name = asStaticName(key, quoted);
        switch (kd.k) {
          case "assign":
            return [
              decorate({ type: "Assign", path: [name], value: kd.value }, d),
            ];
          case "inherit":
            return [decorate({ type: "Inherit", names: [key] }, d)];
          case "from":
            return [
              decorate({ type: "Inherit", from: kd.from, names: [key] }, d),
            ];
          case "dotted":
            return kd.subs.map(([k, q, value]) =>
              decorate(
                { type: "Assign", path: [name, asStaticName(k, q)], value },
                d,
              ),
            );
        }
      }),
    );
  // Dynamic bindings, each with the position it takes among the static ones.
  const dyn = dynamic
    ? fc.array(
        fc.tuple(
          dynName,
          fc.array(attrKey(), { maxLength: 1 }),
          sub,
          fc.nat(8),
          // Comments before the name's `}` (`pathComments`), now and then.
          withComments ? closeRun() : fc.constant(null),
        ),
        { maxLength: 2 },
      )
    : fc.constant([] as [AttrName, string[], Expr, number, Comment[] | null][]);
  return fc.tuple(statics, dyn).map(([st, dy]) => {
    const out = [...st];
    for (const [n, rest, value, at, close] of dy) {
      out.splice(at % (out.length + 1), 0, {
        type: "Assign",
        path: [n, ...rest],
        ...(close !== null && typeof n !== "string" ? { pathComments: [close, ...rest.map(() => null)] } : {}),
        value,
      });
    }
    return out;
  });
}
