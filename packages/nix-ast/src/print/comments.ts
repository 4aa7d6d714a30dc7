/**
 * Comments and the author's blank lines: comment documents, and the printer's questions to the
 * layout hints (see hints.ts) about where comments and blank lines sit in the source. nixfmt keeps
 * comments as trivia of tokens (`Lexer.hs`, `Types.hs`: leading and trailing trivia); the parser
 * attaches them to nodes instead, so the helpers here put them back where nixfmt prints them.
 *
 * @module
 */
import { spanEnd, spanStart, type Comment, type Expr, type NodeBase, type Paren } from "../ast/nodes.js";
import { NixPrintError } from "../errors.js";
import { comment, EMPTYLINE, HARDLINE, HARDSPACE, nest, type BlockItem, type Doc } from "./doc.js";
import { commentText } from "../ast/nodes.js";
import { firstCommentOnPreviousLine, hasComments, isAbsorbableTerm, isLanguageAnnotation } from "./classify.js";
import type { CommentInfo, LayoutHints } from "./hints.js";
import type { Printer } from "./printer.js";

export function commentDocs(cs: readonly Comment[] | undefined, verbatim = false): Doc {
  const out: Doc = [];
  if (cs === undefined) return out;
  for (const c of cs) out.push(...commentDoc(c, verbatim));
  return out;
}

/**
 * The lines of a parsed block comment as nixfmt reads them (`Lexer.hs` `blockComment`): trailing
 * spaces and blank first and last lines dropped, a column of `*` aligned with the opening `/*`
 * removed, the first line stripped, the others stripped of their common indentation, counted
 * from the comment's `column` plus 2 (plus 3 when the first line starts with a space).
 */
export function blockCommentLines(text: string, column: number): string[] {
  const trimEnd = (ls: string[]): string[] => {
    const out = ls.map((l) => l.trimEnd());
    while (out.length > 0 && out[out.length - 1] === "") out.pop();
    return out;
  };
  let lines = trimEnd(text.replace(/\r\n/g, "\n").replace(/\n$/, "").split("\n"));
  if (lines.length === 0) return [];
  const [h, ...t] = lines as [string, ...string[]];
  const star = `${" ".repeat(column)} *`;
  if (t.every((l) => l.startsWith(star))) lines = [h, ...t.map((l) => " ".repeat(column) + l.slice(star.length))];
  lines = trimEnd(lines);
  if (lines.length === 0) return [];
  const [h2, ...t2] = lines as [string, ...string[]];
  let n = h2.startsWith(" ") ? column + 3 : column + 2;
  for (const l of t2) if (!/^\s*$/.test(l)) n = Math.min(n, /^ */.exec(l)![0].length);
  const pre = " ".repeat(n);
  const out = [h2.trim(), ...t2.map((l) => (l.startsWith(pre) ? l.slice(n) : l.trimStart()))];
  while (out.length > 0 && out[0] === "") out.shift();
  return out;
}

/**
 * A comment on its own line(s), ending with a forced line break. `column`, for parsed comments
 * whose place is known, lets a block comment be re-indented as nixfmt does.
 */
export function commentDoc(c: Comment, verbatim = false, column?: number): Doc {
  // A language annotation stays on the line of the string it precedes.
  if (isLanguageAnnotation(c)) return [comment(`/* ${commentText(c)} */`), HARDSPACE];
  // Parsed line comments keep their text as written (`#foo`, `####`), as nixfmt does.
  if (verbatim && c.kind === "line") return [comment(`#${c.text.trimEnd()}`), HARDLINE];
  if (verbatim && column !== undefined && !c.text.includes("*/")) {
    // A lone CR would end a `#` comment: CRs go, as in `dedentComment`.
    const ls = blockCommentLines(c.text.replace(/\r/g, ""), column);
    // nixfmt drops an empty block comment and writes a one-line one as `# …` (Lexer.hs `convertLeadingM`).
    if (ls.length === 0) return [];
    if (c.kind === "block" && ls.length === 1) return [comment(`# ${(ls[0] as string).trim()}`), HARDLINE];
    return blockCommentDoc(c.kind === "doc", ls);
  }
  if (verbatim && c.kind === "block" && c.text.trim() === "") return [];
  // A line comment ends at CR as well as LF (Nix's lexer: `#[^\r\n]*`), so only a one-line block
  // comment without CR may become `# …`.
  if (c.kind === "line" || (c.kind === "block" && !/[\r\n]/.test(c.text) && !c.text.includes("*/"))) {
    return lineComments(c.kind === "block" ? c.text.trim() : c.text);
  }
  if (c.text.includes("*/")) {
    if (c.kind === "doc") throw new NixPrintError("a doc comment cannot contain `*/`");
    return lineComments(c.text);
  }
  return blockCommentDoc(c.kind === "doc", dedentComment(c.text));
}

function blockCommentDoc(doc: boolean, lines: readonly string[]): Doc {
  const out: Doc = [comment(doc ? "/**" : "/*"), HARDLINE];
  const body: Doc = [];
  for (const l of lines) {
    if (l === "") body.push(EMPTYLINE);
    else body.push(comment(l), HARDLINE);
  }
  out.push({ k: 2, n: 2, doc: body }, comment("*/"), HARDLINE);
  return out;
}

export function lineComments(text: string): Doc {
  const out: Doc = [];
  for (const l of text.split(/\r\n?|\n/)) {
    // Trailing whitespace of a comment line means nothing and would leave a trailing space.
    const body = l.trimEnd();
    out.push(comment(body === "" || /^\s/.test(body) ? `#${body}` : `# ${body}`), HARDLINE);
  }
  return out;
}

/** Lines of a block comment without common indentation and without blank first/last lines. */
export function dedentComment(text: string): string[] {
  const lines = text.replace(/\r/g, "").split("\n").map((l) => l.trimEnd());
  while (lines.length > 0 && lines[0] === "") lines.shift();
  while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  let min = Infinity;
  for (const l of lines) {
    if (l === "") continue;
    const m = /^[ \t]*/.exec(l);
    min = Math.min(min, m === null ? 0 : m[0].length);
  }
  if (!Number.isFinite(min)) min = 0;
  return lines.map((l) => l.slice(min));
}

export function trailingDoc(c: Comment | undefined, verbatim = false): Doc {
  if (c === undefined) return [];
  // A language annotation that ended up after its string is a plain comment there: its mark is not text.
  if (isLanguageAnnotation(c)) c = { kind: "block", text: commentText(c) };
  // nixfmt drops an empty block comment (`/**/`).
  if (verbatim && c.kind === "block" && c.text.trim() === "") return [];
  // Parsed code: nixfmt strips a trailing comment's text and drops an empty one (Lexer.hs `convertTrailing`).
  if (verbatim && c.kind === "line") return c.text.trim() === "" ? [] : [HARDSPACE, comment(`${SHIFT_MARK}# ${c.text.trim()}`), HARDLINE];
  const text = c.kind === "line" ? c.text.trimEnd() : c.text.replace(/\s*\n\s*/g, " ").trim();
  // An empty comment (`/**/`) must not leave a trailing space.
  const t = text === "" || (c.kind === "line" && /^\s/.test(text)) ? `#${text}` : `# ${text}`;
  if (/[\r\n]/.test(t)) return [HARDLINE, ...lineComments(c.text)];
  // (Parsed code: a block comment too, which the next pass reads as a line comment.)
  return [HARDSPACE, comment(verbatim ? `${SHIFT_MARK}${t}` : t), HARDLINE];
}

/**
 * A token's trailing comment moved before it (Pretty.hs `moveTrailingCommentUp`, `toLineComment`):
 * a line comment of its stripped text; an empty one is dropped.
 */
export function movedUpDoc(c: Comment): Doc {
  if (!trailable(c)) return commentDoc(c, true);
  const t = c.text.trim();
  return t === "" ? [] : [comment(`# ${t}`), HARDLINE];
}

/** An empty list or set with the comments written inside it, each on its own line. */
export function innerContainer(sp: { inner: readonly Comment[]; open: string; close: string; at: number }, pr?: Printer): Doc {
  const f = pr?.ctx.hints;
  if (pr === undefined || f === undefined) return [sp.open, nest([HARDLINE, ...commentDocs(sp.inner, true)]), sp.close];
  // Parsed code: blank lines around them stay (trivia of the closing bracket).
  const blank = f.commentInfo(sp.at, sp.inner.length)?.[0]?.blank === true;
  const after = f.blankAfterComments(sp.at);
  return [sp.open, nest([blank ? EMPTYLINE : HARDLINE, ...commentsAt(pr, sp.at, sp.inner), ...(after ? [EMPTYLINE] : [])]), sp.close];
}

/**
 * Marks a comment that belongs at the end of the previous output line (nixfmt's trailing comments:
 * `a = 1; # c` before the next token, `null # c` before `else`). The printer puts such a comment on
 * its own line, led by this mark; `print` then joins the line to the one before. NUL cannot occur
 * in Nix source, so the mark is unambiguous.
 */
export const TRAILING_MARK = "\u0000";
/**
 * Marks a trailing comment printed on its line: `print` removes it, with one more space when the
 * comment would start in the column where the next line's text starts (see render.ts). It starts
 * with {@link TRAILING_MARK}, a NUL, which no Nix source holds.
 */
export const SHIFT_MARK = `${TRAILING_MARK}\u0001`;

/** What an expression starts with along its left spine (`f` of `f x`, `a` of `a + b`, `a` of `a.b`), or null. */
export function leftChild(e: Expr): Expr | null {
  return e.type === "Apply" ? e.fn : e.type === "Binary" ? e.left : e.type === "Select" || e.type === "HasAttr" ? e.expr : null;
}

/** How many language annotations the expressions starting where `e` starts hold (they stay with their string). */
export function annotationsAtStart(e: Expr): number {
  let n = 0;
  for (let x = leftChild(e); x !== null && x.span !== undefined && e.span !== undefined && spanStart(x.span) === spanStart(e.span); x = leftChild(x)) {
    for (const c of x.comments ?? []) if (isLanguageAnnotation(c)) n++;
  }
  return n;
}

/**
 * Parsed code: how many of the comments of `x`, which starts with a prefix `-` or `!`, were written
 * after that operator (the parser lifts them before it, after those written before it), not
 * counting a language annotation that stays on its string.
 */
export function liftedAfterUnary(f: LayoutHints, x: Expr): number {
  let cur: Expr | null = x;
  while (cur !== null && cur.type !== "Unary") {
    const next = leftChild(cur);
    cur = next !== null && next.span !== undefined && x.span !== undefined && spanStart(next.span) === spanStart(x.span) ? next : null;
  }
  let n = 0;
  for (let u: Expr = cur ?? x; u.type === "Unary" && u.expr.span !== undefined; u = u.expr) {
    const own = (u.expr.comments ?? []).filter(isLanguageAnnotation).length + annotationsAtStart(u.expr);
    n += (f.commentBlanks(spanStart(u.expr.span))?.length ?? 0) - own;
  }
  return n;
}

/**
 * The parser attaches leading comments to the innermost expression starting at their place (`# c`
 * before `f x` goes to `f`); this moves them to the outermost one along the left spine, which is
 * where nixfmt prints them (e.g. before `else`).
 */
export function hoistLeadingComments(e: Expr): Expr {
  if (hasComments(e)) return e;
  const spine: Expr[] = [];
  let cur: Expr = e;
  for (;;) {
    const next = leftChild(cur);
    if (next === null || next.span === undefined || e.span === undefined || spanStart(next.span) !== spanStart(e.span)) {
      return e;
    }
    spine.push(cur);
    cur = next;
    if (cur.comments !== undefined && cur.comments.length > 0) break;
  }
  const comments = cur.comments;
  const { comments: _c, ...bare } = cur;
  let rebuilt: Expr = bare as Expr;
  for (let i = spine.length - 1; i >= 0; i--) {
    const p = spine[i] as Expr;
    rebuilt =
      p.type === "Apply"
        ? { ...p, fn: rebuilt }
        : p.type === "Binary"
          ? { ...p, left: rebuilt }
          : ({ ...p, expr: rebuilt } as Expr);
  }
  return { ...rebuilt, comments } as Expr;
}

/** Parsed code: whether all of a node's comments are inside its empty brackets (`{ # c }`). */
export function onlyInnerComments(pr: Printer, e: Expr): boolean {
  const sp = splitInner(pr, e);
  return sp !== null && !hasComments(sp.rest);
}

/**
 * Parsed code: an absorbable term without comments, or with comments only inside its empty
 * brackets, which nixfmt counts as items (Pretty.hs `isAbsorbable`: `hasOnlyComments items`).
 */
export function absorbableTermClean(pr: Printer, e: Expr): boolean {
  return isAbsorbableTerm(e, pr.ctx.hints) && (!hasComments(e) || onlyInnerComments(pr, e));
}

export function splitInner(pr: Printer, e: Expr): { inner: readonly Comment[]; rest: Expr; open: string; close: string; at: number } | null {
  const f = pr.ctx.hints;
  const cs = e.comments;
  if (f === undefined || e.span === undefined || cs === undefined) return null;
  let open: string;
  let close: string;
  if (e.type === "List" && e.items.length === 0) [open, close] = ["[", "]"];
  else if (e.type === "Attrs" && e.bindings.length === 0) [open, close] = [e.rec ? "rec {" : "{", "}"];
  else return null;
  const end = spanEnd(e.span) - 1;
  const next = f.commentsBeforeNext(end);
  if (next === null || next.at !== end || next.infos.length > cs.length) return null;
  const k = cs.length - next.infos.length;
  return { inner: cs.slice(k), rest: { ...e, comments: k > 0 ? cs.slice(0, k) : undefined }, open, close, at: end };
}

/** `leafText`, with a parsed string's text as written (see {@link rawStrText}). */
export function leadingComments(pr: Printer, node: NodeBase, cs: readonly Comment[] | undefined): Doc {
  const f = pr.ctx.hints;
  if (f === undefined || cs === undefined || cs.length === 0) return commentDocs(cs, f !== undefined);
  if (node.span === undefined) {
    // Parentheses given the comment after their `(` (parenCommentUp): it comes last; their own
    // are looked up before the `(`.
    const span = pr.movedParens.get(node);
    if (span === undefined) return commentDocs(cs, true);
    const own = cs.slice(0, -1);
    return [...(own.length > 0 ? commentsAt(pr, spanStart(span), own) : []), ...movedUpDoc(cs[cs.length - 1] as Comment)];
  }
  // A unary operator's comments may come from after it (the parser lifts its operand's comments
  // before it), also when such an operator starts the node (`-\n# c\n(a) ++ b`): those cannot be
  // looked up before its token (they would take earlier comments' places) and are printed as they
  // are; the ones written before it are looked up, with their blank lines.
  const at = spanStart(node.span);
  if (f.unaryAt(at)) {
    const own = Math.max(0, cs.length - liftedAfterUnary(f, node as Expr));
    return [...(own > 0 ? commentsAt(pr, at, cs.slice(0, own), own) : []), ...liftedComments(cs.slice(own))];
  }
  // (Before the language annotations of a string it starts with, which that string holds.)
  return commentsAt(pr, at, cs, cs.length + annotationsAtStart(node as Expr));
}

/**
 * Comments not found where expected (lifted before `-`/`!` from after it), each on its own line:
 * nixfmt's one-line rule still applies, so that the second pass, which finds them, prints the same.
 */
export function liftedComments(cs: readonly Comment[]): Doc {
  const out: Doc = [];
  for (const c of cs) {
    const ls = c.kind === "block" && !c.text.includes("*/") && !isLanguageAnnotation(c) ? dedentComment(c.text) : null;
    if (ls !== null && ls.length === 1) out.push(comment(`# ${(ls[0] as string).trim()}`), HARDLINE);
    else out.push(...commentDoc(c, true));
  }
  return out;
}

/** Parsed code: whether all of a node's comments sit on the previous token's line (its trailing comment). */
export function onlyTrailing(pr: Printer, e: Expr): boolean {
  const f = pr.ctx.hints;
  const cs = e.comments;
  if (f === undefined || cs === undefined || cs.length === 0 || e.span === undefined) return false;
  const info = f.commentInfo(spanStart(e.span), cs.length);
  return info !== null && info.every((ci, i) => ci.sameLine && trailable(cs[i] as Comment));
}

/** Whether a comment can be (part of) a trailing comment: `# …` or a one-line `/* … *\/`. */
export function trailable(c: Comment): boolean {
  return c.kind === "line" || (c.kind === "block" && !isLanguageAnnotation(c) && !/[\r\n]/.test(c.text));
}

/** Comments on one line as one trailing comment: texts stripped, empty ones dropped, joined by spaces (Lexer.hs `convertTrailing`). */
export function joinTrailing(cs: readonly Comment[]): string {
  return cs
    .map((c) => commentText(c).trim())
    .filter((t) => t !== "")
    .join(" ");
}

/** Whether `info`, found by a lookup, describes the comments `cs` (the first of them, in order). */
function infoOf(info: readonly CommentInfo[], cs: readonly Comment[]): boolean {
  return cs.every((c, i) => info[i]?.text === c.text);
}

/**
 * Parsed code: comments that end before the token at `offset`, laid out as in the source: blank
 * lines between them kept, and a first comment that sat at the end of the previous token's line
 * marked to go back there (see {@link TRAILING_MARK}).
 */
export function commentsAt(pr: Printer, offset: number, cs: readonly Comment[], total = cs.length, skip = 0): Doc {
  // `cs` are the first of the `total` comments that end before the token at `offset`; the first
  // `skip` of them are printed elsewhere.
  const info = pr.ctx.hints?.commentInfo(offset, total) ?? null;
  if (info === null) return liftedComments(cs.slice(skip));
  // Trailing only where the comments found before that token are these: one the parser moved from
  // after the node's first token (`./bar # o2` / `.nix`) is not there, and the lookup, which goes
  // back a few tokens, found another (`= /* o0 */ [`) and made it that one's trailing comment
  // (the property over edited real files, seed 758).
  const found = infoOf(info, cs);
  const out: Doc = [];
  for (let i = skip; i < cs.length; i++) {
    const c = cs[i] as Comment;
    const ci = info[i] as CommentInfo;
    if (i > 0 && ci.blank) out.push(EMPTYLINE);
    if (i === 0 && found && ci.sameLine && trailable(c)) {
      // The comments on the previous token's line (one-line block comments, then at most one line
      // comment) make one trailing comment: texts stripped and joined, an empty one dropped
      // (Lexer.hs `isTrailing`, `convertTrailing`), after the previous item's own (foldTrailing).
      const from = i;
      while (i + 1 < cs.length && (info[i + 1] as CommentInfo).sameLine && trailable(cs[i + 1] as Comment)) i++;
      const before = pr.trailingBefore.get(c);
      const t = joinTrailing(before === undefined ? cs.slice(from, i + 1) : [before, ...cs.slice(from, i + 1)]);
      if (t !== "") out.push(comment(`${TRAILING_MARK}# ${t}`), HARDLINE);
    } else out.push(...commentDoc(c, true, ci.column));
  }
  return out;
}

/**
 * The comments on a token's line from `cs[from]` on (of `avail`, the first on that line, `info`
 * theirs): how many make its trailing comment, and that comment, their texts joined as a line
 * comment as nixfmt makes it (`LineComment (" " <> c)`; Lexer.hs `convertTrailing`), null when all
 * are empty. A comment that cannot trail is one alone.
 */
export function trailingRun(cs: readonly Comment[], info: readonly CommentInfo[], from: number, avail: number): { up: Comment | null; moved: number } {
  const first = cs[from] as Comment;
  let moved = 1;
  if (trailable(first)) while (moved < avail && info[moved]?.sameLine === true && trailable(cs[from + moved] as Comment)) moved++;
  const joined = moved === 1 ? null : joinTrailing(cs.slice(from, from + moved));
  return { up: joined === null ? first : joined === "" ? null : { kind: "line", text: ` ${joined}` }, moved };
}

/**
 * Parsed code: the leading comments of `x` that were written before the token preceding it (an
 * operator, `else`), which the parser hands to the next expression; and `x` with only the
 * comments written right before it. Null when there are none.
 */
export function commentsBeforeToken(
  pr: Printer,
  x: Expr,
  moveUp = false,
): { before: readonly Comment[]; up: Comment | null; rest: Expr } | null {
  const f = pr.ctx.hints;
  const cs = x.comments;
  if (f === undefined || cs === undefined || cs.length === 0 || x.span === undefined || x.trailing !== undefined) return null;
  // Comments inside an empty list or set are the node's own, whatever precedes it; so are those
  // written after a `-`/`!` it starts with (lifted before it, last).
  const inner = splitInner(pr, x)?.inner.length ?? 0;
  const lifted = f.unaryAt(spanStart(x.span)) ? liftedAfterUnary(f, x) : 0;
  const own = cs.length - inner - lifted;
  let after = f.commentBlanks(spanStart(x.span))?.length ?? 0;
  // `moveUp`: the token's own trailing comment goes before it too (Pretty.hs `moveTrailingCommentUp`);
  // several on its line make one, their texts joined (Lexer.hs `convertTrailing`).
  let up: Comment | null = null;
  let moved = 0;
  const first = cs[own - after];
  if (moveUp && after > 0 && after <= own && first !== undefined && !isLanguageAnnotation(first)) {
    const info = f.commentInfo(spanStart(x.span), after);
    if (info?.[0]?.sameLine === true) {
      ({ up, moved } = trailingRun(cs, info, own - after, after));
      after -= moved;
    }
  }
  if (after >= own) return null;
  const { comments: _c, ...bare } = x;
  const kept = cs.slice(own - after);
  const rest = (kept.length > 0 ? { ...bare, comments: kept } : bare) as Expr;
  return { before: cs.slice(0, own - after - moved), up, rest };
}

/**
 * {@link commentsBeforeToken} for the token-placed comments of `assert`, bindings, lambdas and
 * `or`; null for an expression that starts with a unary operator, whose comments may come from
 * after that token (the parser lifts them before it, and on to the expression it starts), so
 * that which of them precede the token before it cannot be told by counting.
 */
export function commentsBeforeTokenOf(pr: Printer, x: Expr, moveUp = false): ReturnType<typeof commentsBeforeToken> {
  const f = pr.ctx.hints;
  if (f === undefined || x.span === undefined) return null;
  const at = spanStart(x.span);
  return f.unaryAt(at) ? null : commentsBeforeToken(pr, x, moveUp);
}

/**
 * Parsed code: `token` after the comments written before it, which the parser hands to the
 * expression `x` after the token: one on the previous token's line stays there as its trailing
 * comment, the others go on their own lines, and `token` starts the next line (nixfmt prints a
 * token's trivia before it: `;` of `assert`, `=`, the `:` of a lambda). Null when no comment
 * precedes the token; else also `x` without those comments.
 */
export function tokenAfterComments(pr: Printer, x: Expr, token: string): { doc: Doc; rest: Expr } | null {
  const split = commentsBeforeTokenOf(pr, x);
  if (split === null || split.before.length === 0 || x.span === undefined) return null;
  const total = (x.comments as readonly Comment[]).length;
  return { doc: [HARDLINE, ...commentsAt(pr, spanStart(x.span), split.before, total), token], rest: split.rest };
}

/**
 * Parsed code: whether the node's first comment sits on the line of the token before it (it is
 * printed there; a blank line after it is printed by `commentsAt` or after the comments).
 */
export function firstCommentTrailing(pr: Printer, e: Expr): boolean {
  return firstCommentOnPreviousLine(pr.ctx.hints, e);
}

/**
 * Comments written on their own lines before a closing token (a binding's `;`, `)`), which
 * nixfmt keeps in that token's trivia: each on its own line after what precedes them, a blank
 * line before them kept (parsed code); `at` is the token's offset, when known.
 */
export function commentsBeforeCloser(pr: Printer, cs: readonly Comment[], at: number | undefined): Doc {
  const f = pr.ctx.hints;
  if (f === undefined || at === undefined) return [HARDLINE, ...commentDocs(cs, f !== undefined)];
  const blank = f.commentInfo(at, cs.length)?.[0]?.blank === true;
  return [blank ? EMPTYLINE : HARDLINE, ...commentsAt(pr, at, cs)];
}

/**
 * Parsed code: whether a blank line is written before a binding's `=` or right before its value
 * (trivia of those tokens): the binding then takes several lines.
 */
export function blankInAssign(pr: Printer, value: Expr): boolean {
  const f = pr.ctx.hints;
  if (f === undefined || value.span === undefined) return false;
  const at = spanStart(value.span);
  return f.blankBeforePrevious(at) || pr.blankAt(at);
}

/** Parsed code: whether a blank line precedes the node (before its comments, if any). */
export function blankBeforeNode(pr: Printer, e: NodeBase): boolean {
  const f = pr.ctx.hints;
  return f !== undefined && e.span !== undefined && f.blankBeforeLeading(spanStart(e.span));
}

/**
 * Parsed code: the comments at the start of `e` that sit on the previous token's line, which make
 * that token's trailing comment (several join into one: Lexer.hs `convertTrailing`); `total` is
 * how many comments the source has before `e` (its leading string's language annotations count).
 * Null when the first is not on that line or cannot trail.
 */
export function trailingRunOf(pr: Printer, e: Expr): { up: Comment | null; moved: number; total: number; info: readonly CommentInfo[] } | null {
  const f = pr.ctx.hints;
  const cs = e.comments;
  if (f === undefined || cs === undefined || cs.length === 0 || e.span === undefined || !trailable(cs[0] as Comment)) return null;
  // Comments written after a `-`/`!` that `e` starts with are lifted before it, last: not before
  // its first token, so not counted there (FC_SEED=717: `( # c` then `-`, `#`, `a` kept `# c` on
  // the line of `(` once, and moved it down the next time).
  const lifted = f.unaryAt(spanStart(e.span)) ? liftedAfterUnary(f, e) : 0;
  const total = cs.length - lifted + annotationsAtStart(e);
  const info = f.commentInfo(spanStart(e.span), total);
  if (info === null || info[0]?.sameLine !== true || (f.commentBlanks(spanStart(e.span))?.length ?? 0) !== total) return null;
  return { ...trailingRun(cs, info, 0, cs.length - lifted), total, info };
}

/**
 * Parsed code: the comments at the start of `e` on the previous token's line as that token's
 * trailing comment (joined, see {@link trailingRunOf}; empty when there are none), `e` without
 * them, and whether a blank line leads `e` after them. For a keyword form's `;`, which nixfmt
 * prints with its trailing comment.
 */
export function splitTrailingRun(pr: Printer, e: Expr): { trail: Doc; rest: Expr; blank: boolean } {
  const run = trailingRunOf(pr, e);
  const blank = blankAfterRun(pr, e, run);
  if (run === null) return { trail: [], rest: e, blank };
  const cs = e.comments as readonly Comment[];
  return { trail: trailingDoc(run.up ?? undefined, true), rest: { ...e, comments: cs.length > run.moved ? cs.slice(run.moved) : undefined } as Expr, blank };
}

/**
 * Parsed code: {@link blankBeforeNode} for a node whose comments may start with several on the
 * previous token's line: the blank line that leads the node comes after all of them (the source
 * facts skip only the first).
 */
export function blankBeforeNodeAfterTrailing(pr: Printer, e: Expr): boolean {
  return blankAfterRun(pr, e, trailingRunOf(pr, e));
}

function blankAfterRun(pr: Printer, e: Expr, run: ReturnType<typeof trailingRunOf>): boolean {
  if (run === null || run.moved < 2) return blankBeforeNode(pr, e);
  return run.moved < run.total ? (run.info[run.moved] as CommentInfo).blank : blankAfterComments(pr, e);
}

/** Parsed code: whether a blank line precedes the token after `e` that closes it (`}` of `${`, `)`). */
export function blankBeforeCloser(pr: Printer, e: Expr): boolean {
  const f = pr.ctx.hints;
  return f !== undefined && e.span !== undefined && f.blankBeforeNext(spanEnd(e.span));
}

/** Whether the source has a blank line between a node's leading comments and the node. */
export function blankAfterComments(pr: Printer, e: NodeBase): boolean {
  const f = pr.ctx.hints;
  return f !== undefined && e.span !== undefined && f.blankAfterComments(spanStart(e.span));
}

/** Whether the source has a blank line before the closing bracket of a node. */
export function blankBeforeClose(pr: Printer, e: NodeBase): boolean {
  const f = pr.ctx.hints;
  return f !== undefined && e.span !== undefined && f.blankBefore(spanEnd(e.span) - 1);
}

/**
 * Parsed code: the items of a block, each with the comments after its trailing comment on its line
 * joined to it (Lexer.hs `convertTrailing`): the parser takes one trailing comment per token and
 * gives the others to the next item, where they would print as a second `#` on that line. The
 * item's trailing comment moves to the next item's (`trailingBefore`), whose `commentsAt` prints
 * them all as one at the end of the item's line, blank lines among its other comments kept.
 */
export function foldTrailing<T extends NodeBase>(pr: Printer, items: readonly T[]): readonly T[] {
  const f = pr.ctx.hints;
  if (f === undefined) return items;
  let out: T[] | null = null;
  for (let i = 1; i < items.length; i++) {
    const prev = (out ?? items)[i - 1] as T;
    const next = items[i] as T;
    const tr = prev.trailing;
    const cs = next.comments;
    if (tr === undefined || cs === undefined || next.span === undefined || (next as unknown as Expr).type === "Unary") continue;
    const at = spanStart(next.span);
    // Comments lifted from after a leading `-`/`!` cannot be looked up before it (leadingComments).
    if (f.unaryAt(at)) continue;
    const own = cs.length - (splitInner(pr, next as unknown as Expr)?.inner.length ?? 0);
    if (own === 0 || !foldsInto(pr, tr, cs, at, own)) continue;
    out ??= [...items];
    const { trailing: _t, ...bare } = prev;
    out[i - 1] = bare as T;
  }
  return out ?? items;
}

/**
 * Parsed code: how many of the comments `cs`, the last before the token at `at`, start on the line
 * of the token before them, one after another, and so join its trailing comment (as
 * {@link commentsAt} joins them); 0 when the first does not.
 */
export function sameLineRun(pr: Printer, cs: readonly Comment[], at: number): number {
  const info = pr.ctx.hints?.commentInfo(at, cs.length);
  if (info == null || !infoOf(info, cs) || info[0]?.sameLine !== true || !trailable(cs[0] as Comment)) return 0;
  return trailingRun(cs, info, 0, cs.length).moved;
}

/**
 * Parsed code: whether the comments `cs`, the first `count` of which are the last before the token
 * at `at`, start on the line of the token before them, whose trailing comment is `tr`; if so, they
 * are printed joined to it, as one (`trailingBefore`, read by `commentsAt`).
 */
export function foldsInto(pr: Printer, tr: Comment, cs: readonly Comment[], at: number, count: number): boolean {
  const first = cs[0];
  if (first === undefined || !trailable(first) || pr.ctx.hints?.commentInfo(at, count)?.[0]?.sameLine !== true) return false;
  pr.trailingBefore.set(first, tr);
  return true;
}

/**
 * Parsed code: the comments written after a container's last item, before its closing token
 * (`}`, `]`, `in`), which the parser hangs on that item (as its trailing comment or after its
 * leading ones). nixfmt prints them on their own lines before the closing token. Returns the
 * item without them, the comments as block items (blank lines as in the source) and whether a
 * blank line precedes the closing token; null when there are none.
 */
export function danglingAfterLast<T extends NodeBase>(pr: Printer, item: T): { item: T; lines: BlockItem[]; blankClose: boolean } | null {
  const f = pr.ctx.hints;
  if (f === undefined || item.span === undefined) return null;
  const next = f.commentsBeforeNext(spanEnd(item.span));
  if (next === null) return null;
  // A first comment on the item's line is its own trailing comment (the parser took it so).
  const own = (next.infos[0] as CommentInfo).sameLine ? 1 : 0;
  const infos = next.infos.slice(own);
  const n = infos.length;
  if (n === 0) return null;
  let rest: T;
  let dangling: readonly Comment[];
  const cs = item.comments ?? [];
  if (own === 0 && n === 1 && item.trailing !== undefined) {
    const { trailing: tr, ...bare } = item;
    rest = bare as unknown as T;
    dangling = [tr];
  } else {
    if (cs.length < n) return null;
    const kept = cs.slice(0, cs.length - n);
    const { comments: _c, ...bare } = item;
    rest = (kept.length > 0 ? { ...bare, comments: kept } : bare) as unknown as T;
    dangling = cs.slice(cs.length - n);
  }
  // More comments on the item's line join its trailing comment (Lexer.hs `convertTrailing`).
  let k = 0;
  const tr = item.trailing;
  if (own === 1 && tr !== undefined) {
    while (k < n && (infos[k] as CommentInfo).sameLine && trailable(dangling[k] as Comment)) k++;
    if (k > 0) {
      const text = joinTrailing([tr, ...dangling.slice(0, k)]);
      rest = { ...rest, trailing: { kind: "line", text } };
    }
  }
  const lines: BlockItem[] = [];
  for (let i = k; i < n; i++) {
    const doc = commentDoc(dangling[i] as Comment, true, (infos[i] as CommentInfo).column);
    lines.push({ blank: (infos[i] as CommentInfo).blank, item: pr.block(doc) });
  }
  return { item: rest, lines, blankClose: f.blankAfterComments(next.at) };
}

/**
 * Parsed code: the items of a block as they are printed: the last one without the comments written
 * after it ({@link danglingAfterLast}, returned apart; not looked for with `dangling` false), and
 * each one with the comments after it on its line ({@link foldTrailing}).
 */
export function blockItemsOf<T extends NodeBase>(
  pr: Printer,
  items: readonly T[],
  dangling = true,
): { items: readonly T[]; dangling: ReturnType<typeof danglingAfterLast<T>> } {
  const last = items[items.length - 1];
  const d = dangling && last !== undefined ? danglingAfterLast(pr, last) : null;
  return { items: foldTrailing(pr, d === null ? items : [...items.slice(0, -1), d.item]), dangling: d };
}

/** Whether a blank line goes before an item: as recorded, or (first items) as in the source. */
export function blankItem(pr: Printer, b: NodeBase, first: boolean): boolean {
  // The container prints the item's blank line (not the node the item starts with).
  pr.claimBlank(b);
  const f = pr.ctx.hints;
  if (f !== undefined && b.span !== undefined) return f.blankBeforeLeading(spanStart(b.span));
  return !first && b.blankBefore === true;
}

/**
 * `name = leaf;` pre-rendered as one text when it is certain to be laid out flat: a binding item
 * starts its own line (or sits in a set that is flat anyway) and width excludes indentation, so
 * fitting is independent of where the set is. Strings and paths never break at all.
 */

/**
 * Parsed code: a comment after `(` on its line goes before the parentheses (Pretty.hs
 * `prettyTerm (Parenthesized …)`: `moveTrailingCommentUp paropen`). The parser gives it to the
 * innermost expression starting after `(`; this returns the parentheses with it as their own.
 */
export function parenCommentUp(pr: Printer, e: Paren): Paren {
  const inner = hoistLeadingComments(e.expr);
  const cs = inner.comments;
  if (cs === undefined) return e;
  // Several on its line make one (as after any token). (trailingRunOf counts the language
  // annotations of a string `inner` starts with: a lookup without them took the wrong comment for
  // the one on the line of `(`: FC_SEED=601.)
  const run = trailingRunOf(pr, inner);
  if (run === null) return e;
  const { up, moved } = run;
  const { comments: _c, ...bare } = inner;
  const rest = (cs.length > moved ? { ...bare, comments: cs.slice(moved) } : bare) as Expr;
  if (up === null) return { ...e, expr: rest };
  // Without its span: the source has no such comment before this `(` to look up (leadingComments).
  const { span: _s, ...paren } = e;
  const out: Paren = { ...paren, expr: rest, comments: [...(e.comments ?? []), up] };
  if (e.span !== undefined) pr.movedParens.set(out, e.span);
  return out;
}
