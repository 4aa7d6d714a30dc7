/**
 * Formatter properties over generated sources: sources are arbitrary ASTs (with comments) printed
 * at random widths, so that brackets arrive both joined and broken open, then formatted.
 * - Idempotence: `format(format(x)) === format(x)` (no Nix needed), with nixfmt's defaults or with
 *   other layout options (`layoutOptions`), also with format directives.
 * - Meaning: `nix-instantiate --parse` of the source and of `format(source)` agree.
 * - Comments inserted at random places survive, with the tree and idempotence, also with other
 *   indentations, widths and `--strict` (with the old alignment rule for trailing comments this
 *   failed with `--indent 4` on seeds 3 and 4).
 * - The same for real files (nixpkgs' library, nixfmt's test files) with comments, line breaks,
 *   blank lines and indentation changed at random places (when those files are here).
 *
 * Cases: FC_RUNS (default 2000 under CI=true, 300 otherwise); FC_SEED and FC_PATH replay.
 */
import { existsSync, readFileSync } from "node:fs";
import * as nodePath from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { format, parse, print, type Expr, type FormatOptions } from "nix-ast";
import { arbitrary, assertBatched, canonical, nixpkgsLib, normalize, parseNixSettled } from "nix-ast/testing";
import { walk } from "../bench/lib-files.mjs";
import { CI, replay, RUNS } from "../fc-params.js";
import { requireNix, requireResource } from "../require-tool.js";


/** A generated source: an arbitrary expression printed at a width between 10 and 120. */
const source = fc
  .tuple(arbitrary.expr({ maxDepth: 4 }), fc.integer({ min: 10, max: 120 }))
  .map(([e, width]: [Expr, number]) => print(e, { width }));

/**
 * Layout options as users set them: mostly nixfmt's defaults, and other indentations (`--indent`),
 * widths and `--strict`, where the layout lines up differently.
 */
const layoutOptions: fc.Arbitrary<FormatOptions> = fc.oneof(
  fc.constant({}),
  fc.record({ indent: fc.integer({ min: 1, max: 8 }), width: fc.integer({ min: 20, max: 120 }), strict: fc.boolean() }),
);

/** A source's tree in canonical form (our parser's, which parse.test.ts proves equal to `nix-instantiate --parse`). */
const tree = (s: string): string => normalize(canonical(parse(s), { cwd: "/", home: "/home" }));

/**
 * Throws unless `format(src)` reads as the same tree as `src` and is a fixed point; `check` may
 * look at the first output too. A source that does not parse is skipped.
 */
function formatsStably(src: string, check?: (once: string) => void, options: FormatOptions = {}): void {
  let want: string;
  try {
    want = tree(src);
  } catch {
    return;
  }
  const once = format(src, options);
  check?.(once);
  const opts = JSON.stringify(options);
  if (tree(once) !== want) throw new Error(`meaning changed with ${opts}\nsource:\n${src}\nformatted:\n${once}`);
  const twice = format(once, options);
  if (twice !== once) throw new Error(`not idempotent with ${opts}\nsource:\n${src}\nonce:\n${once}\ntwice:\n${twice}`);
}

/**
 * The words of every comment in a tree, sorted: what the formatter must keep (it may join comments,
 * turn block comments into line comments and change their spacing).
 */
function commentWords(tree: unknown): string {
  const words: string[] = [];
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (typeof x === "object" && x !== null) {
      const o = x as Record<string, unknown>;
      if ((o.kind === "line" || o.kind === "block" || o.kind === "doc") && typeof o.text === "string") {
        // (A run of `*` is a block comment's decoration column, which nixfmt may take off.)
        words.push(...o.text.split(/\s+/).filter((w) => w !== "" && !/^\*+$/.test(w)));
      }
      for (const [k, v] of Object.entries(o)) if (k !== "span") walk(v);
    }
  };
  walk(tree);
  return words.sort().join(" ");
}

describe("format properties", () => {
  it(`format is idempotent (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(source, layoutOptions, (src: string, options: FormatOptions) => {
        const once = format(src, options);
        const twice = format(once, options);
        if (twice !== once) throw new Error(`not idempotent with ${JSON.stringify(options)}\nonce:\n${once}\ntwice:\n${twice}`);
      }),
      { numRuns: RUNS, ...replay },
    );
  });
  // Disabled regions may begin and end anywhere between lines, also inside strings and their
  // interpolations (a string a region cuts keeps its source columns): the output is still a fixed
  // point and reads as the same tree (our parser's canonical form, which parse.test.ts proves equal
  // to nix-instantiate --parse).
  it(`format is idempotent and keeps the tree with format directives at random lines (${RUNS} cases)`, () => {
    const withRegion = fc
      .tuple(source, fc.nat(), fc.nat(), fc.boolean(), fc.nat({ max: 3 }))
      .map(([src, a, b, closed, ind]: [string, number, number, boolean, number]) => {
        const lines = src.split("\n");
        const from = a % (lines.length + 1);
        const to = from + (b % (lines.length - from + 1));
        const pad = " ".repeat(ind * 2);
        const enable = closed ? [`${pad}/*nixfmt:enable*/`] : [];
        return [...lines.slice(0, from), `${pad}/*nixfmt:disable*/`, ...lines.slice(from, to), ...enable, ...lines.slice(to)].join("\n");
      });
    // (A directive that lands inside a token, a path or a number, is not valid Nix: skipped.)
    fc.assert(fc.property(withRegion, layoutOptions, (src: string, options: FormatOptions) => formatsStably(src, undefined, options)), { numRuns: RUNS, ...replay });
  });
  // Comments written anywhere between tokens: a line comment at the end of a line, one on a line of
  // its own, a block comment and a multi-line one in place of a space. The formatter keeps every
  // comment's words (nixfmt may join several on a line into one, strip or re-indent them), the
  // tree and the fixed point.
  it(`format keeps comments written anywhere, the tree and the fixed point (${RUNS} cases)`, () => {
    const withComments = fc
      .tuple(source, fc.array(fc.tuple(fc.nat(), fc.constantFrom("eol", "own", "block", "multi")), { minLength: 1, maxLength: 4 }))
      .map(([src, inserts]: [string, [number, string][]]) =>
        inserts.reduce((s, [at, kind], n) => {
          const pos = at % (s.length + 1);
          if (kind === "eol" || kind === "own") {
            const end = s.indexOf("\n", pos);
            const p = end < 0 ? s.length : end;
            return s.slice(0, p) + (kind === "eol" ? ` # c${n}` : `\n# c${n}`) + s.slice(p);
          }
          const p = s.indexOf(" ", pos);
          return p < 0 ? s : s.slice(0, p) + (kind === "block" ? ` /* c${n} */ ` : ` /* c${n}\n  d${n} */\n`) + s.slice(p + 1);
        }, src),
      );
    // (A comment that lands inside a token or a string's text is not the case to test: skipped.)
    fc.assert(
      fc.property(withComments, layoutOptions, (src: string, options: FormatOptions) =>
        formatsStably(
          src,
          (once) => {
            const written = commentWords(parse(src));
            const kept = commentWords(parse(once));
            if (kept !== written) throw new Error(`comments changed\nsource:\n${src}\nformatted:\n${once}\nwords before: ${written}\nwords after:  ${kept}`);
          },
          options,
        ),
      ),
      { numRuns: RUNS, ...replay },
    );
  });
  it("format is idempotent on hand-picked layouts", () => {
    for (const src of ["{\n  a = 1; }", "[\n 1 ]", "{ inherit (x)\n a; }", "x:\n\n{ }", "{\n}", "# c\n{ a = 1; }",
      // FC_SEED=4: an empty `#` lifted before a comparison's right operand printed as nothing but left its line break.
      "{ a = b; # !\n} >= -\n#\n(c)\n",
      // FC_SEED=11: a one-line `''…''` printed as `"…"` must be laid out as the string it becomes.
      "x ++ ''''.a or\n#\nb\n",
      // A region cutting a string whose printed tokens differ (`''''` written `""`): still kept.
      "''${\n/*nixfmt:disable*/\n  if [ ] then ''''\n  else \"\"\n}''\n",
      // A comment that moves across a disable directive on the second pass: the directives become
      // plain comments (found by the property above: FC_SEED=4 FC_RUNS=2000).
      "#\nwith\n  #\n  a;\n/*\n*/\n/*\n*/\n''\n  ${\n    #\n    #\n    #\n    #\n    ''\n\n      ''\\  ''\n    ++\n      #\n/*nixfmt:disable*/\n      #\n      -\n      #\n      0\n  }\n''\n",
      // A comment before the `}` of a pattern with `...` and no formals went to the body and was
      // printed twice (here an enable directive made inert; FC_SEED=4 FC_RUNS=2000, 2026-12-06).
      "/*nixfmt:disable*/\n/*\n  !\n*/\n{\n  #\n  ...\n/*nixfmt:enable*/\n}:\n/*\n  TODO\n*/\n#\n{ }\n"]) {
      const once = format(src);
      expect(format(once)).toBe(once);
    }
  });
});

const hasNix = requireNix("the formatter's meaning property");

describe.skipIf(!hasNix)("format preserves meaning (against real Nix)", () => {
  it(`nix-instantiate --parse agrees on source and format(source) (${RUNS} cases)`, async () => {
    await assertBatched(
      source,
      async (batch) => {
        const formatted = batch.map((s) => {
          try {
            return format(s);
          } catch (err) {
            return { error: `format threw ${String(err)}\nsource:\n${s}` };
          }
        });
        const pairs = formatted.flatMap((f, i) => (typeof f === "string" ? [{ i, out: f }] : []));
        const settled = await parseNixSettled([...batch, ...pairs.map((p) => p.out)]);
        const out: (string | null)[] = formatted.map((f) => (typeof f === "string" ? null : f.error));
        pairs.forEach(({ i, out: text }, k) => {
          const a = settled[i];
          const b = settled[batch.length + k];
          if (!a || !b) out[i] = "the oracle returned no answer for this case";
          // A source Nix rejects is the arbitrary's or the printer's fault: it fails here too.
          else if (!a.ok) out[i] = `Nix rejected the generated source:\n${batch[i]}\n${a.error.stderr}`;
          else if (!b.ok) out[i] = `Nix rejected the formatted source:\n${text}\n${b.error.stderr}`;
          else if (normalize(a.value) !== normalize(b.value)) {
            out[i] = `meaning differs\nsource:\n${batch[i]}\nformatted:\n${text}`;
          }
        });
        return out;
      },
      { numRuns: RUNS, ...replay },
    );
  });
});

/** The folders of real Nix files here: nixpkgs' library and nixfmt's test files. */
const realDirs = ((): string[] => {
  const nixfmt = process.env.NIXFMT_TESTS ?? fileURLToPath(new URL("../../.cache/nixfmt/test", import.meta.url));
  return [nixpkgsLib(), existsSync(nodePath.join(nixfmt, "diff")) ? nixfmt : undefined].filter((d): d is string => d !== undefined);
})();
const haveCorpus = requireResource(
  "nixpkgs' lib or nixfmt's test suite",
  realDirs[0],
  "the formatter's properties over edited real files",
  "set NIXPKGS_LIB or NIXFMT_TESTS, see README",
);
/** Their files (not nixfmt's invalid ones); large files make a case slow without adding kinds of layout. */
const corpus = realDirs
  .flatMap((d) => walk(d))
  .filter((f) => !f.includes(`${nodePath.sep}invalid${nodePath.sep}`))
  .map((f) => readFileSync(f, "utf8"))
  .filter((t) => t.length < 40_000);

/**
 * One edit at a random place of a real file, of the kinds that found the formatter's bugs: a
 * comment at the end of a line, on a line of its own or in place of a space; after a `;`, `,` or
 * opening bracket, before a keyword, a closing bracket or an operator; a blank line, a line break
 * joined or added, a line's indentation changed.
 */
function edited(src: string, edits: readonly [number, number, number][]): string {
  let s = src;
  edits.forEach(([at, kind, pick], n) => {
    const pos = at % (s.length + 1);
    const next = (re: RegExp): RegExpExecArray | null => {
      const r = new RegExp(re.source, "g");
      r.lastIndex = pos;
      return r.exec(s);
    };
    const insert = (i: number, text: string): void => {
      s = s.slice(0, i) + text + s.slice(i);
    };
    const space = s.indexOf(" ", pos);
    const eol = s.indexOf("\n", pos);
    switch (kind) {
      case 0:
        insert(eol < 0 ? s.length : eol, ` # c${n}`);
        break;
      case 1:
        if (space >= 0) s = `${s.slice(0, space)}\n# c${n}\n${s.slice(space + 1)}`;
        break;
      case 2:
        if (space >= 0) s = `${s.slice(0, space)} /* c${n} */ ${s.slice(space + 1)}`;
        break;
      case 3:
        if (eol >= 0) insert(eol, "\n");
        break;
      case 4:
        if (eol >= 0) s = s.slice(0, eol) + " " + s.slice(eol + 1).replace(/^ */, "");
        break;
      case 5:
        if (space >= 0) s = `${s.slice(0, space)}\n${s.slice(space + 1)}`;
        break;
      case 6: {
        const r = next(/[;,{(\[]/);
        if (r !== null) insert(r.index + 1, ` # t${n}${pick % 2 === 0 ? "\n" : ""}`);
        break;
      }
      case 7: {
        const r = next(/\b(in|then|else|with|assert|let|inherit|or)\b/);
        if (r !== null) insert(r.index, [`# k${n}\n`, `/* k${n} */ `, "\n\n"][pick % 3]!);
        break;
      }
      case 8: {
        const r = next(/[}\])]/);
        if (r !== null) insert(r.index, [`# e${n}\n`, `/* e${n} */ `, "\n\n", `\n# e${n}\n\n`][pick % 4]!);
        break;
      }
      case 9: {
        const r = next(/[=:@?.]|\/\/|\+\+|&&|\|\||->/);
        if (r !== null) insert(r.index + (pick % 2 === 0 ? 0 : r[0].length), [` # o${n}\n`, ` /* o${n} */ `, "\n"][pick % 3]!);
        break;
      }
      default:
        if (eol >= 0) {
          const rest = s.slice(eol + 1);
          const indent = rest.length - rest.replace(/^ */, "").length;
          const by = pick % 4 === 0 ? Math.max(0, indent - 1 - (pick % 3)) : indent + 1 + (pick % 6);
          s = `${s.slice(0, eol + 1)}${" ".repeat(by)}${rest.slice(indent)}`;
        }
    }
  });
  return s;
}

describe.skipIf(!haveCorpus)("format properties over edited real files", () => {
  // Each case formats a whole file twice, so fewer cases than the generated ones.
  const runs = Number(process.env.FC_RUNS ?? (CI ? 1000 : 200));
  it(`keeps the tree, every comment and the fixed point (${runs} cases)`, () => {
    const edits = fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 10 }), fc.nat()), { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(fc.nat(), edits, layoutOptions, (i: number, es: [number, number, number][], options: FormatOptions) => {
        const src = edited(corpus[i % corpus.length]!, es);
        formatsStably(
          src,
          (once) => {
            const written = commentWords(parse(src));
            const kept = commentWords(parse(once));
            if (kept !== written) throw new Error(`comments changed\nsource:\n${src}\nformatted:\n${once}`);
          },
          options,
        );
      }),
      { numRuns: runs, ...replay },
    );
  });
});
