/**
 * Lexical facts of Nix: identifiers, keywords, path and URI syntax. Shared by the builders (which
 * reject bad names early), the printer (which quotes names only when needed) and the parser.
 *
 * @module
 */

/** Reserved words; `or` may still be used as an attribute name. */
export const KEYWORDS: ReadonlySet<string> = new Set([
  "assert",
  "else",
  "if",
  "in",
  "inherit",
  "let",
  "or",
  "rec",
  "then",
  "with",
]);

const IDENT_RE = /^[a-zA-Z_][a-zA-Z0-9_'-]*$/;

/** Whether `s` is a valid Nix identifier (and not a keyword). `__curPos` is not an identifier. */
export function isIdentifier(s: string): boolean {
  return IDENT_RE.test(s) && !KEYWORDS.has(s) && s !== "__curPos";
}

/** Whether `s` may stand unquoted as an attribute name (identifiers and `or`). */
export function isBareAttrName(s: string): boolean {
  return (IDENT_RE.test(s) && (!KEYWORDS.has(s) || s === "or")) && s !== "__curPos";
}

/** Characters allowed in a path literal segment. */
export const PATH_CHAR_RE = /^[a-zA-Z0-9._+-]$/;

/**
 * A path literal without interpolation: `./a`, `../a`, `a/b`, `/a`, `/.`, `~/a`. Segments are runs of
 * `[a-zA-Z0-9._+-]`; no trailing slash, no `//`.
 */
const PATH_RE = /^(?:[a-zA-Z0-9._+-]*(?:\/[a-zA-Z0-9._+-]+)+|~(?:\/[a-zA-Z0-9._+-]+)+)$/;

/** Whether `s` is a complete path literal (no interpolation). */
export function isPathLiteral(s: string): boolean {
  return PATH_RE.test(s);
}

/** The text inside `<…>` of a search path: segments of path characters separated by `/`. */
const SEARCH_PATH_RE = /^[a-zA-Z0-9._+-]+(?:\/[a-zA-Z0-9._+-]+)*$/;

/** Whether `s` may stand between the angle brackets of a search path. */
export function isSearchPath(s: string): boolean {
  return SEARCH_PATH_RE.test(s);
}

/** The URI syntax Nix accepts as a literal. */
const URI_RE = /^[a-zA-Z][a-zA-Z0-9+\-.]*:[a-zA-Z0-9%/?:@&=+$,\-_.!~*']+$/;

/** Whether `s` is a URI literal Nix accepts. */
export function isUri(s: string): boolean {
  return URI_RE.test(s);
}

/** The largest and smallest 64-bit integers Nix can hold. */
export const INT64_MAX = 2n ** 63n - 1n;
export const INT64_MIN = -(2n ** 63n);

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether a JS string is valid Unicode (no unpaired surrogate), so it has a UTF-8 form. */
export function isWellFormedText(s: string): boolean {
  return !LONE_SURROGATE.test(s);
}

/** NUL or any surrogate: the characters that need a closer look (one scan for the common case). */
const SUSPECT = /[\0\uD800-\uDFFF]/;

/** Whether a JS string can be Nix text: no NUL character and no unpaired surrogate. */
export function hasNixForm(s: string): boolean {
  return !SUSPECT.test(s) || (!s.includes("\0") && isWellFormedText(s));
}
