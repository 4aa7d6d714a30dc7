/**
 * Strings, paths and attribute names: `"…"` and `''…''` line by line, interpolations (nixfmt
 * `Pretty.hs`: `prettyLine`, `instance Pretty [StringPart]`).
 *
 * @module
 */
import { spanEnd, spanStart, mergeTextParts, type AttrName, type Comment, type Expr, type IndStr, type InterpolationComments, type Path, type Str, type StrPart } from "../ast/nodes.js";
import { BREAK, EMPTYLINE, group, nest, NEWLINES, offset, cat, raw, type Doc, type DocE } from "./doc.js";
import { escapeStrText, indStrLines } from "./escape.js";
import { hasComments, isAbsorbableTerm, isSimple } from "./classify.js";
import { unexpand, sepBy } from "./doc-utils.js";
import { renderAttrNameStatic } from "./leaves.js";
import { blankBeforeCloser, blankBeforeNode, commentsBeforeCloser } from "./comments.js";
import { parenInner } from "./operators.js";
import type { Printer, Gen, Req } from "./printer.js";

/**
 * The value of a text run of a `"…"` string, from its source text; null if it has a CR (Nix
 * normalises those).
 */
export function decodeStrSource(raw: string): string | null {
  if (raw.includes("\r")) return null;
  return raw.replace(/\\([\s\S])/g, (_m, c: string) =>
    c === "n" ? "\n" : c === "r" ? "\r" : c === "t" ? "\t" : c,
  );
}

/**
 * The comments before the `}` of each interpolation of a string or path, by interpolated
 * expression (see `InterpolationComments`), or null.
 */
export function closesOf(n: Str | IndStr | Path): ReadonlyMap<Expr, readonly Comment[]> | null {
  const cs = n.interpolationComments;
  if (cs === undefined) return null;
  const out = new Map<Expr, readonly Comment[]>();
  let k = 0;
  for (const p of n.parts) {
    if (typeof p === "string") continue;
    const c = cs[k++];
    if (c !== undefined && c !== null && c.length > 0) out.set(p, c);
  }
  return out;
}

export function* interp(pr: Printer, e: Expr, close?: readonly Comment[]): Gen {
  if (close !== undefined) {
    // Comments before `}` stay there, after the expression (nixfmt: a `Whole`'s final trivia),
    // which keeps the braces on their own lines.
    const f = pr.ctx.hints;
    const at = f === undefined || e.span === undefined ? undefined : f.commentsBeforeNext(spanEnd(e.span))?.at;
    return [group(["${", nest([BREAK, cat(yield pr.pretty(e)), ...commentsBeforeCloser(pr, close, at)]), BREAK, "}"])];
  }
  // nixfmt keeps a blank line after `${` (trivia of the value's first token) or before the
  // closing `}` (trivia of `}`): such an interpolation cannot be flattened.
  const blankOpen = !hasComments(e) && blankBeforeNode(pr, e);
  const blankClose = blankBeforeCloser(pr, e);
  if (blankOpen || blankClose) {
    return [group(["${", nest([blankOpen ? EMPTYLINE : BREAK, cat(yield pr.pretty(e))]), blankClose ? EMPTYLINE : BREAK, "}"])];
  }
  if (isAbsorbableTerm(e, pr.ctx.hints) && !hasComments(e)) {
    const d = yield pr.term(e);
    return [group(["${", cat(d), "}"])];
  }
  const d = yield pr.pretty(e);
  const simple = isSimple(e);
  const flat = unexpand(d, simple ? Infinity : 30);
  if (flat !== null) return ["${", cat(flat), "}"];
  // A simple value that cannot be flattened (a string holding a multi-line `''…''`) still starts
  // right after `${` (Pretty.hs `instance Pretty StringPart`: `fromMaybe (pretty expr) …`).
  if (simple) return ["${", cat(d), "}"];
  return [group(["${", nest([BREAK, cat(d)]), BREAK, "}"])];
}

export function* str(pr: Printer, n: Str): Gen {
  const parts = mergeTextParts(n.parts);
  const raw = rawStrText(pr, n, parts);
  // The string is one line of text as printed (newlines are escaped): nixfmt's line rules apply.
  const line = parts.map((p, i) => (typeof p === "string" ? (raw?.[i] ?? escapeStrText(p, i + 1 < parts.length)) : p));
  return [group(['"', cat(yield strLine(pr, line, closesOf(n))), '"'])];
}

/**
 * Parsed code: the text parts of a string as the author wrote them (nixfmt keeps string text
 * verbatim: `"\a"`, a literal tab), each only if it still reads as the part's value; else null.
 */
export function rawStrText(pr: Printer, n: Str, parts: readonly StrPart[]): (string | undefined)[] | null {
  const f = pr.ctx.hints;
  if (f === undefined || n.span === undefined) return null;
  const segs = f.strSegments(spanStart(n.span));
  if (segs === null) return null;
  let interps = 0;
  for (const p of parts) if (typeof p !== "string") interps++;
  if (segs.length !== interps + 1) return null;
  const out: (string | undefined)[] = new Array<string | undefined>(parts.length);
  let seg = 0;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i] as StrPart;
    if (typeof p !== "string") seg++;
    else if (decodeStrSource(segs[seg] as string) === p) out[i] = segs[seg];
  }
  return out;
}

export function* indStr(pr: Printer, n: IndStr): Gen {
  // Parsed code: the lines as the author wrote them (nixfmt keeps escapes: `''\a`, `''\` at a
  // line's end); else from the value.
  const written = pr.ctx.hints?.indStrLines(n);
  let lines: readonly (readonly (string | Expr)[])[];
  if (written == null) lines = indStrLines(n.parts);
  else {
    const interps = n.parts.filter((p): p is Expr => typeof p !== "string");
    lines = written.map((l) => l.map((p) => (typeof p === "string" ? p : interps[p]!)));
  }
  const docs: Doc[] = [];
  const closes = closesOf(n);
  const cut = written == null ? null : (pr.ctx.hints?.indStrCut(n) ?? null);
  for (const line of lines) docs.push(cut === null ? yield strLine(pr, line, closes) : yield rawLine(pr, cut, line, closes));
  if (docs.length === 1) return [group(["''", ...(docs[0] as Doc), "''"])];
  return [group(["''", BREAK, nest(sepBy(NEWLINES + 1, docs)), "''"])];
}

/**
 * A line of a string that a disabled region cuts through, at its source columns: the indentation
 * the string's lines shared and the line's own leading whitespace are written as they were, at the
 * line start; interpolated code is laid out as usual, shifted by that whitespace (Pretty.hs
 * `prettyIndentedString`, `rawLine`).
 */
function* rawLine(pr: Printer, ind: string, line: readonly (string | Expr)[], closes: ReadonlyMap<Expr, readonly Comment[]> | null): Gen {
  if (line.length === 0) return [];
  const first = line[0];
  if (typeof first !== "string") return [raw(ind), ...(yield strLine(pr, line, closes))];
  const ws = /^\s*/.exec(first)![0];
  const rest = first.length > ws.length ? [first.slice(ws.length), ...line.slice(1)] : line.slice(1);
  return [raw(ind + ws), offset(ws.length, yield strLine(pr, rest, closes))];
}

export function* path(pr: Printer, parts: readonly StrPart[], closes: ReadonlyMap<Expr, readonly Comment[]> | null = null): Gen {
  const out: Doc = [];
  for (const p of parts) {
    if (typeof p === "string") out.push(p);
    else out.push(cat(yield interp(pr, p, closes?.get(p))));
  }
  return out;
}

export function* strLine(pr: Printer, line: readonly (string | Expr)[], closes: ReadonlyMap<Expr, readonly Comment[]> | null = null): Gen {
  const first = line[0];
  const lone =
    line.length === 1 && typeof first !== "string"
      ? (first as Expr)
      : line.length === 2 && typeof first === "string" && /^ *$/.test(first) && typeof line[1] !== "string"
        ? (line[1] as Expr)
        : null;
  if (lone !== null && !hasComments(lone) && !blankBeforeCloser(pr, lone) && closes?.get(lone) === undefined) {
    const pre = typeof first === "string" ? first : "";
    const d = group(["${", nest(yield parenInner(pr, lone)), "}"]);
    return pre === "" ? [d] : [pre, offset(pre.length, [d])];
  }
  const out: Doc = [];
  for (const piece of line) {
    if (typeof piece === "string") out.push(piece);
    else out.push(cat(yield interp(pr, piece, closes?.get(piece))));
  }
  const ind = typeof first === "string" ? /^\s*/.exec(first)![0].length : 0;
  return ind === 0 || out.length === 1 ? out : [out[0] as DocE, offset(ind, out.slice(1))];
}

/** An attribute name; `close`: the comments before the `}` of a `${…}` name (`pathComments`). */
export function* attrName(pr: Printer, a: AttrName, close?: readonly Comment[]): Gen {
  if (typeof a === "string") return [renderAttrNameStatic(a)];
  // A string name stays `"…"` unless the author wrote it as `${"…"}` (nixfmt keeps that).
  const f = pr.ctx.hints;
  const written = f !== undefined && a.span !== undefined && f.afterInterpolationOpen(spanStart(a.span));
  if (a.type === "Str" && !hasComments(a) && !written && close === undefined) return yield str(pr, a);
  return yield interp(pr, a, close);
}

/** An attribute path, `.`-separated (after a first `.` when `dotFirst`); `closes`: its `pathComments`. */
export function attrPath(pr: Printer, path: readonly AttrName[], dotFirst: boolean, closes?: InterpolationComments): Req {
  let s = "";
  for (let i = 0; i < path.length; i++) {
    const a = path[i] as AttrName;
    if (typeof a !== "string") return attrPathG(pr, path, dotFirst, closes);
    s += i > 0 || dotFirst ? `.${renderAttrNameStatic(a)}` : renderAttrNameStatic(a);
  }
  return [s];
}

function* attrPathG(pr: Printer, path: readonly AttrName[], dotFirst: boolean, closes?: InterpolationComments): Gen {
  const out: Doc = [];
  for (let i = 0; i < path.length; i++) {
    if (i > 0 || dotFirst) out.push(".");
    const close = closes?.[i];
    out.push(cat(yield attrName(pr, path[i] as AttrName, close === null || close?.length === 0 ? undefined : close)));
  }
  return out;
}

// --- bindings --------------------------------------------------------------------------------

/** A binding item with its comments, blank line and trailing comment. */
