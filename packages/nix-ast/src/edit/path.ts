/**
 * Attribute paths for the editor: `services.nginx.enable`, `"odd key".x` in text, or an array of
 * names; and the error every edit raises, {@link NixEditError}.
 *
 * @module
 */
import type { AttrName, Expr } from "../ast/nodes.js";
import { NixAstError } from "../errors.js";
import { parse, NixParseError } from "../parse/index.js";
import { renderAttrName } from "../print/escape.js";

/** An attribute path: `"a.b.c"` (Nix syntax, quoted names allowed) or its names. */
export type AttrPathInput = string | readonly string[];

/**
 * An edit that cannot be made: a missing or ambiguous path, a value that does not parse, a
 * target of the wrong kind. The message names the file position (`file:line:column`) of the node
 * concerned when there is one, else the attribute path.
 */
export class NixEditError extends NixAstError {
  override readonly name = "NixEditError";
  constructor(
    /** What is wrong, without the location. */
    readonly reason: string,
    /** The attribute path of the edit, as text. */
    readonly path: string,
    /** Where in the source, when a node is concerned. */
    readonly location?: { readonly file?: string | undefined; readonly line: number; readonly column: number },
  ) {
    super(
      location === undefined
        ? `${path === "" ? "" : `${path}: `}${reason}`
        : `${location.file ?? "<input>"}:${location.line}:${location.column}: ${path === "" ? "" : `${path}: `}${reason}`,
    );
  }
}

/** The static name an attribute-path element stands for, or null when it is dynamic. */
export function staticName(n: AttrName): string | null {
  if (typeof n === "string") return n;
  if (n.type !== "Str") return null;
  let s = "";
  for (const p of n.parts) {
    if (typeof p !== "string") return null;
    s += p;
  }
  return s;
}

/** Renders names as an attribute path in Nix syntax (`a."b c".d`). */
export function showPath(names: readonly string[]): string {
  return names.map((n) => renderAttrName(n)).join(".");
}

/**
 * Reads an attribute path. A string is Nix syntax: names separated by dots, each an identifier or
 * a quoted string without interpolation; an array is taken name by name.
 *
 * @throws {@link NixEditError} for an empty path, interpolation, or text that is not a path.
 */
export function attrPath(input: AttrPathInput): readonly string[] {
  if (typeof input !== "string") {
    if (input.length === 0) throw new NixEditError("an attribute path needs at least one name", "");
    return [...input];
  }
  const text = input.trim();
  if (text === "") throw new NixEditError("an attribute path needs at least one name", "");
  let e: Expr;
  try {
    e = parse(`x.${text}`);
  } catch (err) {
    if (err instanceof NixParseError) {
      throw new NixEditError(`not an attribute path (column ${Math.max(1, err.column - 2)}: ${err.reason})`, input);
    }
    throw err;
  }
  if (e.type !== "Select" || e.default !== undefined || e.expr.type !== "Var") {
    throw new NixEditError("not an attribute path", input);
  }
  return e.path.map((n) => {
    const s = staticName(n);
    if (s === null) throw new NixEditError("an attribute path cannot interpolate", input);
    return s;
  });
}
