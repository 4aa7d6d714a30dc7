/**
 * Printer properties beyond `testing-properties.test.ts`:
 * - Layout: on every printed line that holds no string or comment, tokens are separated by single
 *   spaces and nothing trails (nixfmt never prints `a &&  f x`); no real Nix needed.
 * - Deep structure: the Structure property on deeper trees (maxDepth 5), against real Nix.
 *
 * Cases: FC_RUNS (default 2000 under CI=true, 300 otherwise); FC_SEED and FC_PATH replay.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { print, type Expr } from "nix-ast";
import {
  arbitrary,
  assertBatched,
  canonical,
  normalize,
  parseNixSettled,
} from "nix-ast/testing";
import { replay, RUNS } from "../fc-params.js";
import { requireNix } from "../require-tool.js";


/** Nix's URI token (lexer.l), anchored. */
const URI_AT = /^[a-zA-Z][a-zA-Z0-9+\-.]*:[a-zA-Z0-9%/?:@&=+$,\-_.!~*']+/;

/**
 * The text with the contents of strings and comments replaced by `x` (newlines kept), so that only
 * the printer's own spacing is left. A small scanner: `"…"` and `''…''` with their escapes, `${…}`
 * back to code (brace depth counted), `#…` and block comments.
 */
function codeOnly(src: string): string {
  let out = "";
  // Modes: "c" code (with its brace depth), "d" double-quoted string, "i" indented string.
  const modes: { m: string; depth: number }[] = [{ m: "c", depth: 0 }];
  const mask = (t: string): string => t.replace(/[^\n]/g, "x");
  let i = 0;
  while (i < src.length) {
    const top = modes[modes.length - 1] as { m: string; depth: number };
    const ch = src[i] as string;
    const two = src.slice(i, i + 2);
    if (top.m === "c") {
      const uri = URI_AT.exec(src.slice(i, i + 400));
      if (uri !== null && !/[\w'.+-]/.test(src[i - 1] ?? " ")) {
        // A URI is one token whose characters include `'` (`a:''/`): it opens no string.
        out += uri[0];
        i += uri[0].length;
      } else if (ch === "#" || two === "/*") {
        const e = ch === "#" ? src.indexOf("\n", i) : src.indexOf("*/", i + 2);
        const j = e < 0 ? src.length : ch === "#" ? e : e + 2;
        out += mask(src.slice(i, j));
        i = j;
      } else if (
        ch === '"' ||
        (two === "''" && !/[A-Za-z_][\w'-]*$/.test(src.slice(Math.max(0, i - 200), i)))
      ) {
        // (`''` right after an identifier is part of it: `a''`, `a-''`; after a lone `-` it opens
        // a string: `-''x''`.)
        modes.push({ m: ch === '"' ? "d" : "i", depth: 0 });
        const n = ch === '"' ? 1 : 2;
        out += mask(src.slice(i, i + n));
        i += n;
      } else if (ch === "}" && top.depth === 0 && modes.length > 1) {
        modes.pop();
        out += "x";
        i++;
      } else {
        if (ch === "{") top.depth++;
        if (ch === "}") top.depth--;
        out += ch;
        i++;
      }
      continue;
    }
    // Inside a string: escapes, interpolation, the end.
    let n = 1;
    if (two === "${") {
      modes.push({ m: "c", depth: 0 });
      n = 2;
    } else if (top.m === "d") {
      if (ch === "\\") n = 2;
      else if (ch === '"') modes.pop();
    } else if (src.startsWith("''$", i) || src.startsWith("'''", i)) n = 3;
    else if (src.startsWith("''\\", i)) n = 4;
    else if (two === "''") {
      modes.pop();
      n = 2;
    }
    out += mask(src.slice(i, i + n));
    i += n;
  }
  return out;
}

/** The first layout fault of a printed text, or null: double spaces or trailing spaces in code. */
function layoutFault(src: string): string | null {
  const code = codeOnly(src).split("\n");
  const lines = src.split("\n");
  for (let i = 0; i < code.length; i++) {
    const l = code[i] as string;
    const show = JSON.stringify(lines[i]);
    // Strings keep their own spaces (indented-string lines); only code may not trail or double.
    if (/ $/.test(l)) return `line ${i + 1} has a trailing space: ${show}`;
    if (/\S {2,}/.test(l)) return `line ${i + 1} has a double space: ${show}`;
  }
  return null;
}

describe("printer layout properties", () => {
  it("layoutFault catches the known fault", () => {
    expect(layoutFault("a &&  f x\n")).not.toBeNull();
    expect(layoutFault('a = "x  y"; # a  b\n')).toBeNull();
    expect(layoutFault("''\n  a  ${x}  b\n''\n")).toBeNull();
    expect(layoutFault("/*\n  a  b\n*/\nx\n")).toBeNull();
    expect(layoutFault("a'' ''  x  ''\n")).toBeNull();
    expect(layoutFault("a''  b\n")).not.toBeNull();
    expect(layoutFault("-''a  b''\n")).toBeNull();
    // A URI holding `''` opens no string (FC_SEED=777 found `a:''/` misread as one).
    expect(layoutFault("{\n  x = a:''/;\n  a = ''%  '';\n}\n")).toBeNull();
    expect(layoutFault("[ a:''/  b ]\n")).not.toBeNull();
  });
  it(`no double or trailing spaces in code lines (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(arbitrary.expr({ maxDepth: 4 }), (e: Expr) => {
        const fault = layoutFault(print(e));
        if (fault !== null) throw new Error(`${fault}\nprinted:\n${print(e)}`);
      }),
      { numRuns: RUNS, ...replay },
    );
  });
});

const hasNix = requireNix("the printer's deep structure property");

describe.skipIf(!hasNix)("printer structure on deep trees", () => {
  it(`print → nix-instantiate --parse equals canonical(ast), maxDepth 5 (${RUNS} cases)`, async () => {
    await assertBatched(
      arbitrary.expr({ maxDepth: 5 }),
      async (batch) => {
        const printed = batch.map((e) => {
          try {
            return print(e);
          } catch (err) {
            return { error: `print threw ${String(err)}` };
          }
        });
        const todo = printed.flatMap((p, i) =>
          typeof p === "string" ? [{ i, source: p }] : [],
        );
        const settled = await parseNixSettled(todo.map((t) => t.source));
        const out: (string | null)[] = printed.map((p) =>
          typeof p === "string" ? null : p.error,
        );
        todo.forEach(({ i, source }, k) => {
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
          const expected = canonical(batch[i] as Expr);
          if (normalize(s.value) !== normalize(expected)) {
            out[i] =
              `structure differs\nprinted:\n${source}\nnix:       ${s.value}\ncanonical: ${expected}`;
          }
        });
        return out;
      },
      { numRuns: RUNS, ...replay },
    );
  });
});
