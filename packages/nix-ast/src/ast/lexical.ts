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

// lexer.l's path tokens, anchored: {PATH} / {HPATH} (longest), {PATH_SEG} / {HPATH_START}, and in
// a path {PATH_CHAR}+.
const PATH_TOKEN_RE = /^(?:~|[a-zA-Z0-9._+-]*)(?:\/[a-zA-Z0-9._+-]+)+\/?/;
const PATH_SEG_RE = /^(?:~|[a-zA-Z0-9._+-]*)\//;
const PATH_CHARS_RE = /^[a-zA-Z0-9._+-]+/;
const PATH_TEXT_RE = /^[a-zA-Z0-9._+/-]*$/;

/**
 * Length of the first token of a path whose first text `text` is followed by an interpolation
 * (`a/b/` of `a/b//${x}`, `./` of `./${x}`), or -1 when no path starts there.
 */
export function pathStartLength(text: string): number {
  const m = PATH_TOKEN_RE.exec(text);
  if (m !== null) return m[0].length;
  // {PATH_SEG}\$\{ : the segment must reach the interpolation (`.//${x}` is no path).
  const seg = PATH_SEG_RE.exec(text);
  return seg !== null && seg[0].length === text.length ? text.length : -1;
}

/**
 * Whether text and interpolations (any non-string item) in this order are one path literal, as
 * Nix 2.8 lexes and parses it: the first token (`a/b/` of `a/b//${x}`) may be followed by one more
 * text token only before the first interpolation (`a/b//c` and `a/b///${x}` are errors); after it
 * any path characters and slashes may come; the path must not end with a slash.
 */
export function isPathShape(parts: readonly unknown[]): boolean {
  // Texts between interpolations: texts[i] precedes the i-th interpolation; adjacent texts merge.
  const texts: string[] = [""];
  for (const p of parts) {
    if (typeof p === "string") texts[texts.length - 1] += p;
    else texts.push("");
  }
  const first = texts[0]!;
  if (texts.length === 1) return isPathLiteral(first);
  const tokLen = pathStartLength(first);
  if (tokLen < 0) return false;
  const rest = first.slice(tokLen);
  if (rest !== "") {
    // One token: the longest of {PATH}, {PATH_SEG}, {PATH_CHAR}+ must cover the rest.
    const len = Math.max(
      ...[PATH_TOKEN_RE, PATH_SEG_RE, PATH_CHARS_RE].map((re) => re.exec(rest)?.[0].length ?? 0),
    );
    if (len !== rest.length || rest.startsWith("~")) return false;
  }
  const last = texts[texts.length - 1]!;
  return texts.slice(1).every((t) => PATH_TEXT_RE.test(t)) && !last.endsWith("/");
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
