/**
 * Formatter properties over generated sources: sources are arbitrary ASTs (with comments) printed
 * at random widths, so that brackets arrive both joined and broken open, then formatted.
 * - Idempotence: `format(format(x)) === format(x)` (no Nix needed).
 * - Meaning: `nix-instantiate --parse` of the source and of `format(source)` agree.
 *
 * Cases: FC_RUNS (default 2000 under CI=true, 300 otherwise); FC_SEED and FC_PATH replay.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { format, print, type Expr } from "nix-ast";
import { arbitrary, assertBatched, normalize, parseNixSettled } from "nix-ast/testing";
import { replay, RUNS } from "../fc-params.js";
import { requireNix } from "../require-tool.js";


/** A generated source: an arbitrary expression printed at a width between 10 and 120. */
const source = fc
  .tuple(arbitrary.expr({ maxDepth: 4 }), fc.integer({ min: 10, max: 120 }))
  .map(([e, width]: [Expr, number]) => print(e, { width }));

describe("format properties", () => {
  it(`format is idempotent (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(source, fc.integer({ min: 20, max: 120 }), (src: string, width: number) => {
        const once = format(src, { width });
        const twice = format(once, { width });
        if (twice !== once) throw new Error(`not idempotent at width ${width}\nonce:\n${once}\ntwice:\n${twice}`);
      }),
      { numRuns: RUNS, ...replay },
    );
  });
  it("format is idempotent on hand-picked layouts", () => {
    for (const src of ["{\n  a = 1; }", "[\n 1 ]", "{ inherit (x)\n a; }", "x:\n\n{ }", "{\n}", "# c\n{ a = 1; }",
      // FC_SEED=4: an empty `#` lifted before a comparison's right operand printed as nothing but left its line break.
      "{ a = b; # !\n} >= -\n#\n(c)\n",
      // FC_SEED=11: a one-line `''…''` printed as `"…"` must be laid out as the string it becomes.
      "x ++ ''''.a or\n#\nb\n"]) {
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
