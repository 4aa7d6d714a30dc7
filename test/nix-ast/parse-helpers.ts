/**
 * Helpers of the parser tests: the structural normal form used by round-trip comparisons, and the
 * corpus locations.
 */
import { readdirSync } from "node:fs";
import * as nodePath from "node:path";
import { fileURLToPath } from "node:url";

export const CORPUS = fileURLToPath(new URL("./corpus", import.meta.url));
export const corpusFiles = (kind: "valid" | "invalid"): string[] =>
  readdirSync(nodePath.join(CORPUS, kind))
    .filter((f) => f.endsWith(".nix"))
    .sort()
    .map((f) => nodePath.join(CORPUS, kind, f));

type J = unknown;

/**
 * The structural form compared by the round-trip properties. It drops what printing may change
 * and parsing cannot restore:
 * - `span`, `comments`, `trailing`, `blankBefore`, `beforeSemicolon`, `beforeClose`, `ellipsisComments`,
 *   `interpolationComments` (layout and trivia);
 * - `Paren` nodes (the printer adds parentheses where needed; the parser keeps them as nodes);
 * - how text is cut into parts: adjacent text parts merge, empty ones go;
 * - an attribute name that is a `Str` without interpolation is its text (`"a b"` ≡ the JS string);
 * - a negative literal is unary minus on its absolute value (`Int(-1)` ≡ `Unary("-", Int(1))`),
 *   `-0.0` is the printer's `-1.0 * 0.0`, the smallest int its `-9223372036854775807 - 1`.
 */
export function strip(e: J): J {
  if (Array.isArray(e)) return e.map(strip);
  if (typeof e !== "object" || e === null) return e;
  const o = e as Record<string, J>;
  if (o.type === "Paren") return strip(o.expr);
  if (o.type === "Int" && o.value === -(2n ** 63n)) {
    // The printer writes the smallest int as `-9223372036854775807 - 1`.
    const max = { type: "Int", value: 2n ** 63n - 1n };
    return { type: "Binary", op: "-", left: { type: "Unary", op: "-", expr: max }, right: { type: "Int", value: 1n } };
  }
  if (o.type === "Int" && typeof o.value === "bigint" && o.value < 0n) {
    return { type: "Unary", op: "-", expr: { type: "Int", value: -o.value } };
  }
  if (o.type === "Float" && Object.is(o.value, -0)) {
    // The printer writes -0.0 as `-1.0 * 0.0`.
    const one = { type: "Unary", op: "-", expr: { type: "Float", value: 1 } };
    return { type: "Binary", op: "*", left: one, right: { type: "Float", value: 0 } };
  }
  if (o.type === "Float" && typeof o.value === "number" && o.value < 0) {
    return { type: "Unary", op: "-", expr: { type: "Float", value: -o.value } };
  }
  const out: Record<string, J> = {};
  for (const [k, v] of Object.entries(o)) {
    if (k === "span" || k === "comments" || k === "trailing" || k === "blankBefore" || k === "beforeSemicolon" || k === "beforeClose" || k === "interpolationComments" || k === "pathComments" || k === "ellipsisComments" || v === undefined) continue;
    if (k === "parts" && Array.isArray(v)) out[k] = mergeParts(v);
    else if (k === "path" && Array.isArray(v)) out[k] = v.map(attrName);
    else out[k] = strip(v);
  }
  return out;
}

function mergeParts(parts: readonly J[]): J[] {
  const out: J[] = [];
  for (const p of parts) {
    if (typeof p === "string") {
      if (p === "") continue;
      if (typeof out[out.length - 1] === "string") out[out.length - 1] = (out[out.length - 1] as string) + p;
      else out.push(p);
    } else out.push(strip(p));
  }
  return out;
}

function attrName(n: J): J {
  if (typeof n === "object" && n !== null && (n as { type?: unknown }).type === "Str") {
    const parts = (n as { parts: J[] }).parts;
    if (parts.every((p) => typeof p === "string")) return parts.join("");
  }
  if (typeof n === "object" && n !== null && (n as { type?: unknown }).type === "Paren") {
    return attrName((n as { expr: J }).expr);
  }
  return strip(n);
}

/** JSON with bigints, for readable diffs. */
export const show = (e: J): string =>
  JSON.stringify(e, (_k, v: unknown) => (typeof v === "bigint" ? `${v}n` : v), 1);
