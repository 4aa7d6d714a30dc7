/**
 * The two proofs of the printer against real Nix 2.8:
 * - Values: arbitrary.value() → fromValue → print (and printValue, which must print the same
 *   text) → Nix evaluates to the same value, types
 *   included (nixEquals, compared inside Nix);
 * - Structure: arbitrary.expr() → print → `nix-instantiate --parse` equals canonical(ast).
 *
 * Cases: FC_RUNS (default 2000 under CI=true, 300 otherwise). Replay: FC_SEED and FC_PATH from
 * the failure report.
 */
import { describe, it } from "vitest";
import { fromValue, print, printValue, type Expr } from "nix-ast";
import {
  arbitrary,
  assertBatched,
  canonical,
  nixEqualsBatchSettled,
  normalize,
  parseNixSettled,
  type BatchedParams,
} from "nix-ast/testing";
import { replay, RUNS } from "../fc-params.js";
import { requireNix } from "../require-tool.js";

const params = (name: string): BatchedParams => ({
  numRuns: RUNS,
  ...replay,
  onStats: (s) =>
    console.info(
      `${name}: ${s.cases} cases, ${s.batches} batches, ${s.rechecked} rechecked alone`,
    ),
});

const message = (e: unknown) =>
  e instanceof Error ? `${e.name}: ${e.message}` : String(e);

/** Prints each case, or says why it cannot. */
function printAll<T>(
  batch: readonly T[],
  toExpr: (v: T) => Expr,
): (string | { error: string })[] {
  return batch.map((v) => {
    try {
      return print(toExpr(v));
    } catch (e) {
      return { error: `print threw ${message(e)}` };
    }
  });
}

const hasNix = requireNix("the printer's property tests");

describe.skipIf(!hasNix)("printer properties against real Nix", () => {
  it(`Values: fromValue → print → Nix eval gives the same typed value (${RUNS} cases)`, async () => {
    await assertBatched(
      arbitrary.value(),
      async (batch) => {
        const printed = printAll(batch, fromValue);
        // printValue, the tree-free path, must print the very same text (so Nix checks it too).
        batch.forEach((v, i) => {
          const p = printed[i];
          if (typeof p === "string" && printValue(v) !== p) printed[i] = { error: `printValue differs from print(fromValue):\n${printValue(v)}` };
        });
        const todo = batch.flatMap((expected, i) => {
          const p = printed[i];
          return typeof p === "string" ? [{ i, source: p, expected }] : [];
        });
        const settled = await nixEqualsBatchSettled(todo);
        const out: (string | null)[] = printed.map((p) =>
          typeof p === "string" ? null : p.error,
        );
        todo.forEach(({ i, source }, k) => {
          const s = settled[k];
          if (!s) {
            out[i] = "the oracle returned no answer for this case";
            return;
          }
          if (!s.ok)
            out[i] =
              `Nix failed on the printed source:\n${source}\n${s.error.stderr}`;
          else if (!s.value.equal)
            out[i] = `value differs: ${s.value.reason}\nprinted:\n${source}`;
        });
        return out;
      },
      params("Values"),
    );
  });

  it(`Structure: print → nix-instantiate --parse equals canonical(ast) (${RUNS} cases)`, async () => {
    await assertBatched(
      arbitrary.expr(),
      async (batch) => {
        const printed = printAll(batch, (e: Expr) => e);
        const todo = batch.flatMap((ast, i) => {
          const p = printed[i];
          return typeof p === "string" ? [{ i, source: p, ast }] : [];
        });
        const settled = await parseNixSettled(todo.map((t) => t.source));
        const out: (string | null)[] = printed.map((p) =>
          typeof p === "string" ? null : p.error,
        );
        todo.forEach(({ i, source, ast }, k) => {
          const s = settled[k];
          if (!s) {
            out[i] = "the oracle returned no answer for this case";
            return;
          }
          if (!s.ok) {
            out[i] =
              `Nix rejected the printed source:\n${source}\n${s.error.stderr}`;
            return;
          }
          let expected: string;
          try {
            expected = canonical(ast);
          } catch (e) {
            out[i] = `canonical threw ${message(e)}`;
            return;
          }
          if (normalize(s.value) !== normalize(expected)) {
            out[i] =
              `structure differs\nprinted:\n${source}\nnix:       ${s.value}\ncanonical: ${expected}`;
          }
        });
        return out;
      },
      params("Structure"),
    );
  });
});
