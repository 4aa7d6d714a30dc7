/**
 * Literal rendering: the exact source text of string pieces, attribute names, numbers. Every function
 * here is pure and total on valid input; inputs Nix cannot represent (NUL, NaN, ±Infinity,
 * …) raise {@link NixPrintError}; subnormal floats, which Nix 2.8 cannot read as literals, print as
 * an exact product.
 *
 * The escape rules follow Nix's lexer (docs/nix-facts.md, "The language"): in `"…"` a `$` followed by `{` (literal text or an
 * interpolation) starts `${`, so it is written `\$`; in `''…''` the same `$` is written `''$`, `''`
 * is written `'''`, and a lone `'` right before another `''`-sequence is written `''\'`.
 *
 * @module
 */
import type { Expr, StrPart } from "../ast/nodes.js";
import { mergeTextParts } from "../ast/nodes.js";
import { isBareAttrName, INT64_MIN } from "../ast/lexical.js";
import { NixPrintError } from "../errors.js";

/** Rejects a NUL character, which Nix strings cannot hold. */
function checkNul(s: string): void {
  if (s.includes("\0")) throw new NixPrintError("a Nix string cannot contain a NUL character");
}

/**
 * Escapes one literal text piece of a double-quoted string (without the quotes).
 *
 * @param text - the piece's value.
 * @param beforeInterp - whether an interpolation `${…}` follows the piece directly, in which case a
 *   final `$` must be escaped so that it does not start `$${`.
 */
export function escapeStrText(text: string, beforeInterp: boolean): string {
  // Fast path: most strings need no escape at all (one scan, NUL included).
  if (!STR_SPECIAL.test(text)) return text;
  checkNul(text);
  const out = text.replace(STR_ESCAPE, (m) => STR_MAP[m] as string);
  return beforeInterp && text.endsWith("$") ? `${out.slice(0, -1)}\\$` : out;
}

const STR_SPECIAL = /["\\\n\r\t$\0]/;
/** `$` only needs escaping before `{`; the end-of-piece case is handled by the caller's flag. */
const STR_ESCAPE = /["\\\n\r\t]|\$(?=\{)/g;
const STR_MAP: Record<string, string> = {
  '"': '\\"',
  "\\": "\\\\",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
  $: "\\$",
};

/**
 * The source of a double-quoted string with no interpolation: `renderString("a\"b")` is `"a\"b"`.
 * Throws {@link NixPrintError} on NUL.
 */
export function renderString(value: string): string {
  return `"${escapeStrText(value, false)}"`;
}

/**
 * Renders a static attribute name: bare when it is an identifier (or `or`), else a quoted string.
 * `renderAttrName("foo-bar")` is `foo-bar`, `renderAttrName("a.b")` is `"a.b"`.
 */
export function renderAttrName(name: string): string {
  return isBareAttrName(name) ? name : renderString(name);
}

/**
 * The literal text of a non-negative integer; negative values need unary minus and are the
 * printer's business. `INT64_MIN` has no literal at all.
 */
export function renderNat(value: bigint): string {
  return value.toString();
}

/** The Nix expression for an int64, with unary minus for negatives; INT64_MIN becomes an expression. */
export function renderInt(value: bigint): string {
  if (value === INT64_MIN) return "(-9223372036854775807 - 1)";
  return value.toString();
}

/** The smallest positive normal double; Nix 2.8's float lexer rejects subnormals. */
const MIN_NORMAL = 2.2250738585072014e-308;

/** Whether a float is subnormal, which Nix 2.8 has no literal for (it prints as a product). */
export function isSubnormal(value: number): boolean {
  return value !== 0 && Math.abs(value) < MIN_NORMAL;
}

/**
 * The literal text of a non-negative, finite float in Nix float syntax (a dot is required):
 * `1` → `1.0`, `5e-7` → `5.0e-7`, `1.5e+21` stays. JavaScript's shortest round-trip digits are
 * used, and Nix reads floats with `strtod`, so the value round-trips exactly.
 */
export function renderUFloat(value: number): string {
  if (!Number.isFinite(value)) throw new NixPrintError(`${value} has no Nix float literal`);
  if (isSubnormal(value)) return subnormal(Math.abs(value));
  const s = String(Math.abs(value));
  const e = s.indexOf("e");
  const mant = e < 0 ? s : s.slice(0, e);
  const exp = e < 0 ? "" : s.slice(e);
  return (mant.includes(".") ? mant : `${mant}.0`) + exp;
}

/** 2^-537: squared, it scales an integer to the subnormal range exactly. */
const HALF_SUBNORMAL_SCALE = 2 ** -537;

/**
 * A subnormal float, which Nix 2.8's lexer rejects as a literal, written as a product that
 * evaluates to exactly that value: `v = k · 2^-1074` with an integer `k < 2^52`, printed as
 * `(k.0 * 2^-537 * 2^-537)`. Every step is exact: scaling by a power of two only moves the
 * exponent, and the final product is representable.
 */
export function subnormalFactors(value: number): { readonly k: number; readonly scale: number } {
  return { k: value * 2 ** 537 * 2 ** 537, scale: HALF_SUBNORMAL_SCALE };
}

function subnormal(value: number): string {
  const { k, scale } = subnormalFactors(value);
  const h = renderUFloat(scale);
  return `(${renderUFloat(k)} * ${h} * ${h})`;
}

/**
 * A Nix expression for any finite float: `renderFloat(-1.5)` is `-1.5` (unary minus), and `-0`
 * is `(-1.0 * 0.0)` because `-0.0` in Nix evaluates to `0 - 0.0 = 0.0`.
 */
export function renderFloat(value: number): string {
  if (Object.is(value, -0)) return "(-1.0 * 0.0)";
  return value < 0 ? `-${renderUFloat(-value)}` : renderUFloat(value);
}

/** Whether a string part is literal text. */
export function isText(p: StrPart): p is string {
  return typeof p === "string";
}

/**
 * One line of an indented string, as source pieces: escaped text and interpolations. `text` pieces
 * are final source text (already escaped).
 */
export type IndLine = (string | Expr)[];

/**
 * Splits the value of an indented string into source lines with every escape resolved, so that
 * Nix's indentation stripping and escape rules give back exactly `parts` when each line is printed
 * after a common indentation (the printer adds it; a line that is empty stays empty).
 *
 * Guarantees, each checked against Nix: `${` → `''${`, `''` → `'''`, a `'` before `''`, `''$`,
 * `'''` or the closing quote → `''\'`, CR → `''\r`, NUL rejected. When every line that Nix counts
 * for indentation starts with a space, the first such space is written `''\ ` so that Nix strips
 * exactly the printer's indentation; likewise when every line is empty or only spaces (Nix 2.8 would
 * strip them all). A last line of only spaces (which Nix would drop) keeps its spaces by escaping the
 * first one.
 */
export function indStrLines(parts: readonly StrPart[]): IndLine[] {
  const norm = mergeTextParts(parts);
  // Split into raw value lines (text still unescaped).
  const rawLines: StrPart[][] = [[]];
  for (const p of norm) {
    if (typeof p === "string") {
      checkNul(p);
      const segs = p.split("\n");
      for (let k = 0; k < segs.length; k++) {
        if (k > 0) rawLines.push([]);
        const seg = segs[k] as string;
        if (seg !== "") (rawLines[rawLines.length - 1] as StrPart[]).push(seg);
      }
    } else (rawLines[rawLines.length - 1] as StrPart[]).push(p);
  }
  // Which lines count for Nix's minimum indentation: those with something other than spaces
  // (interpolations end the leading whitespace, so they count too). The last line counts unless it
  // is whitespace-only; if it is only spaces Nix drops it, so it is protected below.
  const counts = rawLines.map((l) => l.some((p) => typeof p !== "string" || /[^ ]/.test(p)));
  const leadsWithSpace = (l: StrPart[]): boolean => typeof l[0] === "string" && l[0].startsWith(" ");
  let escapeFirstSpaceOf = -1;
  const counted = rawLines.filter((_, i) => counts[i]);
  if (counted.length > 0 && counted.every(leadsWithSpace)) {
    escapeFirstSpaceOf = counts.indexOf(true);
  } else if (counted.length === 0) {
    // Every line is empty or only spaces: Nix would strip them all (no line sets the minimum
    // indentation). An escape ends a line's leading whitespace, so `''\ ` on the first such line
    // makes the printer's indentation the minimum and keeps every space.
    escapeFirstSpaceOf = rawLines.findIndex((l) => l.length > 0);
  }
  const lastIdx = rawLines.length - 1;
  const last = rawLines[lastIdx] as StrPart[];
  const lastOnlySpaces = rawLines.length > 1 && last.length > 0 && !counts[lastIdx];
  // A single line made only of spaces is also dropped (first line of only spaces).
  const singleOnlySpaces = rawLines.length === 1 && last.length > 0 && !counts[0];

  const out: IndLine[] = [];
  for (let li = 0; li < rawLines.length; li++) {
    const line = rawLines[li] as StrPart[];
    const protect =
      li === escapeFirstSpaceOf || (li === lastIdx && (lastOnlySpaces || singleOnlySpaces));
    const pieces: IndLine = [];
    for (let pi = 0; pi < line.length; pi++) {
      const p = line[pi] as StrPart;
      if (typeof p !== "string") {
        pieces.push(p);
        continue;
      }
      const nextIsInterp = pi + 1 < line.length;
      const isLastPiece = pi + 1 === line.length;
      const atEnd = isLastPiece && li === lastIdx;
      let text = p;
      let prefix = "";
      if (protect && pi === 0 && text.startsWith(" ")) {
        prefix = "''\\ ";
        text = text.slice(1);
      }
      pieces.push(prefix + escapeIndText(text, nextIsInterp, atEnd));
    }
    out.push(pieces);
  }
  return out;
}

/**
 * Escapes a literal piece of an indented string that contains no newline.
 *
 * @param beforeInterp - an interpolation follows: a final `$` must become `''$`.
 * @param atEnd - the closing `''` follows: a final `'` must become `''\'`.
 */
function escapeIndText(text: string, beforeInterp: boolean, atEnd: boolean): string {
  if (!/['$\r]/.test(text)) return text;
  // Tokens first, then fix lone quotes that would touch a following `''`.
  const toks: string[] = [];
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text[i] as string;
    if (c === "'") {
      if (text[i + 1] === "'") {
        toks.push("'''");
        i++;
      } else toks.push("'");
    } else if (c === "$") {
      const next = text[i + 1];
      if (next === "{" || (next === undefined && beforeInterp)) toks.push("''$");
      else toks.push("$");
    } else if (c === "\r") toks.push("''\\r");
    else toks.push(c);
  }
  let out = "";
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k] as string;
    if (t === "'") {
      const next = k + 1 < toks.length ? (toks[k + 1] as string) : atEnd ? "''" : "";
      out += next.startsWith("'") ? "''\\'" : "'";
    } else out += t;
  }
  return out;
}
