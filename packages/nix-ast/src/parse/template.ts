/**
 * The `nix` template tag: Nix source with `${}` holes, parsed into the AST. A hole always becomes a
 * node, never text, so generated parts cannot inject syntax.
 *
 * ```ts
 * const name = "hello world";               // any string, even with quotes or ${
 * const e = nix`{ pname = ${name}; src = ./src; ${"attr name"} = [ ${1} ${ref} ]; }`;
 * ```
 *
 * - Where an expression goes, a hole is the node `toExpr(value)` (AST nodes are used as they are).
 * - Where an attribute name goes (`{ ${k} = …; }`, `x.${k}`, `inherit ${k};`), a JS string is that
 *   name (quoted on output when needed); any other value becomes a dynamic name `${…}`.
 * - Inside a string, indented string or path, a hole is an interpolation of its node, except a JS
 *   number: a safe integer is its digits as text (what {@link str} writes, and what Nix's
 *   `toString` gives); any other number is refused, since JS and Nix spell it differently.
 * - The template text is read raw (`String.raw`): backslashes reach Nix as written, so
 *   `nix\`"a\n"\`` is the Nix string with a newline escape.
 *
 * A syntax error is a {@link NixParseError} whose line and column point into the template (holes
 * are shown as `${…}` in the excerpt).
 *
 * @module
 */
import type { Expr, StrPart } from "../ast/nodes.js";
import { numberText } from "../builders/builders.js";
import { mergeTextParts } from "../ast/nodes.js";
import { mapChildren } from "../builders/scope.js";
import { toExpr, type Nixable } from "../builders/values.js";
import { NixParseError, errorAt } from "./errors.js";
import { parseWith } from "./driver.js";

/** A value a hole may hold: anything `toExpr` accepts. */
export type NixHole = Nixable | Expr;

const FILE = "nix`…`";

const NUMBER: unique symbol = Symbol("nix-ast.template.number");

function numberOf(p: StrPart): number | undefined {
  return typeof p === "object" && NUMBER in p ? (p as { [NUMBER]: number })[NUMBER] : undefined;
}

function numbersInText(e: Expr): Expr {
  const n = numberOf(e);
  if (n !== undefined) return toExpr(n);
  if (e.type === "Str" || e.type === "IndStr" || e.type === "Path") {
    if (e.parts.some((p) => numberOf(p) !== undefined)) {
      const what = e.type === "Path" ? "path" : e.type === "Str" ? "string" : "indented string";
      const parts = e.parts.map((p) => {
        const k = numberOf(p);
        return k !== undefined ? numberText(k, what) : typeof p === "string" ? p : numbersInText(p);
      });
      return { ...e, parts: mergeTextParts(parts) };
    }
  }
  return mapChildren(e, (c) => numbersInText(c));
}

/** Parses a Nix template; see the module documentation. */
export function nix(strings: TemplateStringsArray, ...values: readonly NixHole[]): Expr {
  const raw = strings.raw;
  for (const s of raw) {
    const i = s.indexOf("\0");
    if (i >= 0) {
      const src = raw.join("\0");
      throw errorAt(src, src.indexOf("\0\0") >= 0 ? i : i, FILE, "character U+0000", [], "a NUL character cannot appear in Nix source");
    }
  }
  const src = raw.join("\0");
  // Numbers travel as marked nodes; once the parse shows where each one landed, a marked node inside
  // text becomes text, and elsewhere a plain number node again.
  const holes = values.map((v) => (typeof v === "number" ? { ...toExpr(v), [NUMBER]: v } : v));
  try {
    const e = parseWith(src, { file: FILE, holes, holeToExpr: (v) => toExpr(v as Nixable) });
    return holes.some((h) => typeof h === "object" && h !== null && NUMBER in h) ? numbersInText(e) : e;
  } catch (e) {
    if (e instanceof NixParseError) {
      // Re-render the excerpt with holes shown as ${…}.
      throw errorAt(src, e.offset, FILE, e.unexpected, e.expected, e.reason, (line, col0) => {
        let text = "";
        let col = col0;
        for (let i = 0; i < line.length; i++) {
          if (line.charCodeAt(i) === 0) {
            text += "${…}";
            if (i < col0) col += 3;
          } else text += line[i];
        }
        return { text, col0: col };
      });
    }
    throw e;
  }
}
