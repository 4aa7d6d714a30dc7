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
 * - Inside a string, indented string or path, a hole is an interpolation of its node.
 * - The template text is read raw (`String.raw`): backslashes reach Nix as written, so
 *   `nix\`"a\n"\`` is the Nix string with a newline escape.
 *
 * A syntax error is a {@link NixParseError} whose line and column point into the template (holes
 * are shown as `${…}` in the excerpt).
 *
 * @module
 */
import type { Expr } from "../ast/nodes.js";
import type { Nixable } from "../builders/values.js";
import { NixParseError, errorAt } from "./errors.js";
import { parseWith } from "./parser.js";

/** A value a hole may hold: anything `toExpr` accepts. */
export type NixHole = Nixable | Expr;

const FILE = "nix`…`";

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
  try {
    return parseWith(src, { file: FILE, holes: values });
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
