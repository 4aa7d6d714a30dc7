/**
 * Functions and application: set patterns, lambda chains, application spines with their absorbed
 * last argument (nixfmt `Pretty.hs`: `instance Pretty ParamAttr`, `prettyApp`, `absorbLast`;
 * standard.md "Functions", "Function application").
 *
 * @module
 */
import { spanEnd, spanStart, DIRECTIVE_MARK, type Comment, type Expr, type FormalsParam, type Lambda, type Paren } from "../ast/nodes.js";
import type { CommentInfo, PatternTrivia, TokenTrivia } from "./hints.js";
import { comment, BREAK, EMPTYLINE, group, HARDLINE, HARDSPACE, nest, PRIORITY, REGULAR, SPACE, trailing, TRANSPARENT, cat, type Doc, type DocE } from "./doc.js";
import { hasComments, isAbsorbableTerm, canFlattenFormals, isAbsorbableExpr, isSimple } from "./classify.js";
import { paren, atSelectLevel, asFunction, endsWithUri } from "./parens.js";
import { unexpand, sepBy } from "./doc-utils.js";
import { TRAILING_MARK, joinTrailing, commentsBeforeCloser, absorbableTermClean, trailable, trailingRun, parenCommentUp, tokenAfterComments, movedUpDoc, commentDoc, commentDocs, trailingDoc, leadingComments, firstCommentTrailing, blankBeforeNode, blankBeforeCloser, blankAfterComments, splitInner } from "./comments.js";
import { absorbRHS, list } from "./bindings.js";
import type { Printer, Gen, Req } from "./printer.js";

/**
 * A set pattern from the tree alone (generated code, or an empty pattern): each formal's comments
 * on their own lines before it. Parsed code is laid out from its tokens ({@link patternFromTrivia}).
 */
export function* formals(pr: Printer, p: FormalsParam, broken = false, blankInside = false): Gen {
  let set: Doc;
  // An empty pattern keeps its braces on two lines if written so (Pretty.hs `SetParameter` with no
  // attributes), and a blank line between them (trivia of the `}`), in --strict too.
  if (p.formals.length === 0 && !p.ellipsis) set = [group(["{", blankInside ? EMPTYLINE : broken ? HARDLINE : HARDSPACE, "}"])];
  else {
    const flat = canFlattenFormals(p) && !broken;
    const sep = flat ? SPACE : HARDLINE;
    const verbatim = pr.ctx.hints !== undefined;
    const items: Doc[] = [];
    for (let i = 0; i < p.formals.length; i++) {
      const f = p.formals[i] as (typeof p.formals)[number];
      const d: Doc = [...commentDocs(f.comments, verbatim)];
      if (f.default === undefined) d.push(f.name);
      else {
        // A final URI would swallow the `,` that follows (a URI character): parenthesise.
        const rhs = yield absorbRHS(pr, endsWithUri(f.default) ? paren(f.default) : f.default);
        d.push(group([f.name, HARDSPACE, nest(["?", cat(rhs)])]));
      }
      d.push(i === p.formals.length - 1 && !p.ellipsis ? trailing(",") : ",");
      items.push(d);
    }
    if (p.ellipsis) items.push([...commentDocs(p.ellipsisComments, verbatim), "...", ...trailingDoc(p.ellipsisTrailing, verbatim)]);
    set = [group(["{", sep, nest(sepBy(sep, items)), sep, "}"])];
  }
  if (p.bind === undefined) return set;
  return p.bind.position === "before" ? [p.bind.name, "@", ...set] : [...set, "@", p.bind.name];
}

/** A trivia item of a token (nixfmt's `Trivium`): a blank line, or a comment at its column. */
type Trivium = { readonly blank: true } | { readonly comment: Comment; readonly column: number };

/** A token of a set pattern as nixfmt holds it: the trivia before it, its trailing comment. */
interface PatTok {
  pre: Trivium[];
  trail: string | null;
}

/** nixfmt's `ParamAttr`: a formal (`last` is the trailing comment of its last token) or `...`. */
type PatItem =
  | { name: string; pre: Trivium[]; nameTrail: string | null; q: PatTok | null; def?: Expr; last: string | null; comma: PatTok | null }
  | { ellipsis: PatTok };

/** A token's trivia as nixfmt's `Trivia`: a blank line or a comment each. */
function preOf(t: TokenTrivia): Trivium[] {
  const out: Trivium[] = [];
  for (const l of t.leading) {
    if (l.blank) out.push({ blank: true });
    out.push({ comment: l.comment, column: l.column });
  }
  if (t.blankAfter) out.push({ blank: true });
  return out;
}

/** The trailing comment the comments on a token's line make (texts stripped and joined), or null. */
function trailOf(t: TokenTrivia): string | null {
  const s = joinTrailing(t.trailing);
  return s === "" ? null : s;
}

const preDoc = (pre: readonly Trivium[]): Doc =>
  pre.length === 0 ? [] : [HARDLINE, ...pre.flatMap((x) => ("comment" in x ? commentDoc(x.comment, true, x.column) : [EMPTYLINE]))];
// (Marked, so that nixfmt's shift after a one-character line applies: see render.ts `joinTrailing`.)
const trailDoc = (t: string | null): Doc => (t === null ? [] : [HARDLINE, comment(`${TRAILING_MARK}# ${t}`), HARDLINE]);
/** Whether trivia holds a format directive (Pretty.hs `containsDirective`: such trivia is not moved). */
const hasDirective = (pre: readonly Trivium[]): boolean => pre.some((x) => "comment" in x && x.comment.text.startsWith(DIRECTIVE_MARK));

/**
 * Parsed code: a set pattern laid out from its tokens' trivia, as Pretty.hs `instance Pretty
 * Parameter` does: comments before a comma move to the next formal (`moveParamsComments`), a
 * formal's trailing comment goes after a comma that has none (`moveParamAttrComment`), the last
 * formal gets a comma printed only when the pattern is expanded, and the comments before `}` stay
 * there. Returns the pattern and the comment after its `{` (printed before the lambda: Pretty.hs
 * `moveTrailingCommentUp bopen`).
 */
function* patternFromTrivia(pr: Printer, p: FormalsParam, t: PatternTrivia, broken: boolean): Generator<Req, { doc: Doc; up: string | null; flat: boolean }, Doc> {
  const items: PatItem[] = p.formals.map((f, i) => {
    const ft = t.formals[i] as PatternTrivia["formals"][number];
    // The trailing comment of the name, and of the formal's last token (the name, or the
    // default's last token) before its comma.
    const nameTrail = ft.question === null ? null : trailOf(ft.question);
    const item: PatItem = {
      name: f.name,
      pre: preOf(ft.name),
      nameTrail,
      q: ft.question === null ? null : { pre: preOf(ft.question), trail: null },
      last: trailOf(ft.after),
      comma: ft.comma ? { pre: preOf(ft.after), trail: null } : null,
    };
    if (f.default !== undefined) {
      // The default's comments start with those before `?` (the parser hands them on).
      const n = (ft.question as TokenTrivia).trailing.length + (ft.question as TokenTrivia).leading.length;
      const cs = f.default.comments?.slice(n);
      item.def = { ...f.default, comments: cs !== undefined && cs.length > 0 ? cs : undefined } as Expr;
      // A trailing comment the parser gave the default (from inside it, with no place in the
      // pattern's trivia) is the formal's last one, printed after the comma.
      const tr = f.default.trailing;
      if (tr !== undefined && item.last === null) {
        const { trailing: _t, ...bare } = item.def;
        item.def = bare as Expr;
        const text = tr.text.trim();
        if (text !== "") item.last = text;
      }
    }
    return item;
  });
  // The trailing comment of each comma (and of `...`): the one the next token's trivia starts with.
  for (let i = 0; i < items.length; i++) {
    const it = items[i] as PatItem & { comma: PatTok | null };
    if (it.comma === null) continue;
    const next = i + 1 < t.formals.length ? (t.formals[i + 1] as PatternTrivia["formals"][number]).name : (t.ellipsis ?? t.close);
    it.comma.trail = trailOf(next);
  }
  if (t.ellipsis !== null) items.push({ ellipsis: { pre: preOf(t.ellipsis), trail: trailOf(t.close) } });
  // Before the moves (Pretty.hs `canFlattenAttrs`): no trivia on any name, comma, `...` or `}`.
  const hasTrivia = (x: PatTok | null): boolean => x !== null && (x.pre.length > 0 || x.trail !== null);
  const clean =
    items.every((x) => ("ellipsis" in x ? !hasTrivia(x.ellipsis) : x.pre.length === 0 && x.nameTrail === null && (x.def !== undefined || x.last === null) && !hasTrivia(x.comma))) &&
    preOf(t.close).length === 0 &&
    trailOf(t.next) === null;
  // moveParamsComments: a comma's own-line comments (when it has no trailing one) go to what follows.
  for (let i = 0; i + 1 < items.length; i++) {
    const it = items[i] as PatItem;
    const next = items[i + 1] as PatItem;
    if ("ellipsis" in it || it.comma === null || it.comma.trail !== null || it.comma.pre.length === 0 || hasDirective(it.comma.pre)) continue;
    if ("ellipsis" in next) next.ellipsis.pre = [...it.comma.pre, ...next.ellipsis.pre];
    else next.pre = [...it.comma.pre, ...next.pre];
    it.comma.pre = [];
  }
  const lastItem = items[items.length - 1];
  if (lastItem !== undefined && !("ellipsis" in lastItem) && lastItem.comma === null) lastItem.comma = { pre: [], trail: null };
  // moveParamAttrComment: the last token's trailing comment goes after a comma that has no trivia.
  for (const it of items) {
    if ("ellipsis" in it || it.comma === null || hasTrivia(it.comma)) continue;
    if (it.def === undefined && it.last === null) continue;
    it.comma.trail = it.last;
    it.last = null;
  }
  // (The comments are the tokens' here, not the formals'.)
  const flat = canFlattenFormals(p, false) && !broken && clean;
  const sep = flat ? SPACE : HARDLINE;
  const docs: Doc[] = [];
  for (let i = 0; i < items.length; i++) {
    const it = items[i] as PatItem;
    if ("ellipsis" in it) {
      docs.push([...preDoc(it.ellipsis.pre), "...", ...trailDoc(it.ellipsis.trail)]);
      continue;
    }
    const comma = it.comma as PatTok;
    // handleTrailingComma: a last comma without trivia is printed only when expanded.
    const lastComma = i === items.length - 1 && !hasTrivia(comma);
    const commaDoc: Doc = lastComma ? [] : [...preDoc(comma.pre), ",", ...trailDoc(comma.trail)];
    if (it.def === undefined) {
      docs.push([...preDoc(it.pre), it.name, ...trailDoc(it.last), ...commaDoc, ...(lastComma ? [trailing(",")] : [])]);
      continue;
    }
    // A final URI would swallow the `,` that follows (a URI character): parenthesise.
    const rhs = yield absorbRHS(pr, endsWithUri(it.def) ? paren(it.def) : it.def);
    const q = it.q as PatTok;
    docs.push([
      ...preDoc(it.pre),
      group([it.name, ...trailDoc(it.nameTrail), HARDSPACE, nest([...preDoc(q.pre), "?", cat(rhs), ...trailDoc(it.last)]), ...commaDoc]),
      ...(lastComma ? [trailing(",")] : []),
    ]);
  }
  const close = preDoc(preOf(t.close));
  const set: Doc = [group(["{", sep, nest(sepBy(sep, docs)), sep, nest(close), "}"])];
  return { doc: set, up: trailOf(t.first), flat };
}

/** The content of a doc that is one regular group, else null. */
function groupContent(doc: Doc): Doc | null {
  const g = doc.length === 1 ? doc[0] : undefined;
  return typeof g === "object" && g.k === 0 && g.ann === REGULAR ? g.doc : null;
}

export function* lambda(pr: Printer, n: Lambda): Gen {
  if (n.param.type === "IdentParam") {
    // Comments before the `:` stay there (Pretty.hs: `pretty colon`, the token's trivia before it).
    const c = tokenAfterComments(pr, n.body, ":");
    const out: Doc = [BREAK, n.param.name, ...(c === null ? [":"] : c.doc)];
    let body: Expr = c === null ? n.body : c.rest;
    let depth = 1;
    while (
      body.type === "Lambda" &&
      body.param.type === "IdentParam" &&
      (!hasComments(body) || (pr.ctx.hints !== undefined && body.trailing === undefined))
    ) {
      // Parsed code: a comment before a later parameter stays there (nixfmt keeps the chain,
      // the comment's line breaks expand it).
      if (hasComments(body)) {
        out.push(HARDLINE, ...leadingComments(pr, body, body.comments));
        if (blankAfterComments(pr, body)) out.push(EMPTYLINE);
        out.push(body.param.name, ":");
      }
      // A blank line before a later parameter or the body stays there (their tokens' trivia).
      else out.push(pr.takeBlank(body) ? EMPTYLINE : HARDSPACE, body.param.name, ":");
      body = body.body;
      depth++;
    }
    if (isAbsorbableExpr(body, pr.ctx.hints) && !hasComments(body)) {
      out.push(pr.takeBlank(body) ? EMPTYLINE : HARDSPACE, group(yield pr.absorbExpr(false, body), PRIORITY));
    } else if (absorbableTermClean(pr, body)) {
      // A set or list holding only comments is absorbed like a filled one.
      out.push(HARDSPACE, group(yield pr.pretty(body), PRIORITY));
    } else {
      // A blank line after a comment on the `:` line is printed after that comment (withComments).
      if (blankBeforeNode(pr, body) && !firstCommentTrailing(pr, body)) out.push(HARDLINE, EMPTYLINE, cat(yield pr.pretty(body)));
      else out.push(depth <= 2 ? SPACE : HARDLINE, cat(yield pr.pretty(body)));
    }
    return [group(out, REGULAR)];
  }
  const facts = pr.ctx.hints;
  const broken = facts?.formalsBroken(n) ?? false;
  // Parsed code: the pattern is laid out from its tokens' trivia; a comment after its `{` on its
  // line goes before the lambda (Pretty.hs `SetParameter`: `moveTrailingCommentUp bopen`).
  const trivia = facts === undefined || (n.param.formals.length === 0 && !n.param.ellipsis) ? null : facts.patternTrivia(n);
  let param: Doc;
  // Comments moved up from after the `{`, printed before the lambda.
  let lead: Doc = [];
  const p = n.param;
  // Whether the pattern may share a line with the body (Pretty.hs `canFlattenAttrs`).
  let flat: boolean;
  if (trivia !== null) {
    const r = yield* patternFromTrivia(pr, p, trivia, broken);
    const up: Doc = r.up === null ? [] : movedUpDoc({ kind: "line", text: r.up });
    if (p.bind === undefined) {
      lead = up;
      param = r.doc;
    } else if (p.bind.position === "after") param = [...up, ...r.doc, "@", p.bind.name];
    else {
      // Comments between `@` and `{` are the `{`'s trivia, before its moved-up trailing comment.
      const pre: Doc = [];
      for (const l of trivia.open.leading) pre.push(...commentDoc(l.comment, true, l.column));
      pre.push(...up);
      param = [p.bind.name, "@", ...(pre.length > 0 ? [HARDLINE, ...pre] : []), ...r.doc];
    }
    flat = r.flat;
  } else {
    // Also after a name and `@` (`a@{` blank `}`): found by mutating nixfmt's test files, where
    // --strict kept the braces apart for the blank line and then dropped it (not a fixed point).
    const blankInside = facts !== undefined && p.formals.length === 0 && !p.ellipsis && facts.blankBeforePatternClose(n);
    param = yield formals(pr, p, broken, blankInside);
    flat = canFlattenFormals(p) && !broken;
  }
  // Comments before the `:` stay there, as after a parameter name.
  const colon = tokenAfterComments(pr, n.body, ":");
  const col: DocE = colon === null ? ":" : cat(colon.doc);
  const body = colon === null ? n.body : colon.rest;
  // A blank line before the body puts it on its own line even when it could be absorbed (its
  // trivia starts with a line break: Pretty.hs `instance Pretty Trivia`), in --strict too.
  if (facts !== undefined && (facts.bodyOnNextLine(n) || blankBeforeNode(pr, body))) {
    // A blank line after the body's comments is printed with them, not before them; so is one
    // after a comment on the `:` line, which stays there (Pretty.hs: `pretty colon`, its trailing
    // comment, then the body with its blank line).
    const blank = blankBeforeNode(pr, body) && !firstCommentTrailing(pr, body);
    return [...lead, cat(param), col, HARDLINE, ...(blank ? [EMPTYLINE] : []), cat(yield pr.pretty(body))];
  }
  if (
    p.bind === undefined &&
    flat &&
    (isAbsorbableExpr(body, pr.ctx.hints) && !hasComments(body) || absorbableTermClean(pr, body))
  ) {
    const bodyDoc = group(yield pr.pretty(body), PRIORITY);
    // nixfmt keeps the body after `}:` (a hard space) even when the pattern is too wide and breaks
    // open, and the next pass, reading a pattern written over several lines, puts the body on a
    // line of its own. One group for both gives that second layout at once: the body stays after
    // `}:` only while the pattern stays on one line (the priority split), else goes below it.
    const inner = colon === null ? groupContent(param) : null;
    if (inner !== null) return [...lead, group([...inner, col, SPACE, bodyDoc])];
    return [...lead, cat(param), col, HARDSPACE, bodyDoc];
  }
  if (isAbsorbableTerm(body, pr.ctx.hints) && !hasComments(body)) {
    return [...lead, cat(param), col, SPACE, group(yield pr.termWide(body))];
  }
  return [...lead, cat(param), col, SPACE, cat(yield pr.pretty(body))];
}

export function* app(pr: Printer, indentFunction: boolean, pre: Doc, hasPost: boolean, fn: Expr, arg: Expr, commented = false): Gen {
  const args: Expr[] = [arg];
  let head: Expr = fn;
  while (head.type === "Apply" && !hasComments(head)) {
    args.push(head.arg);
    head = head.fn;
  }
  args.reverse();
  // A blank line before the function goes before the whole application (`comment'`, as below).
  // (Asked for the whole application, which starts at the function's first token.)
  const blank =
    pr.ctx.hints !== undefined && !commented && !hasComments(head) && head.span !== undefined && arg.span !== undefined &&
    pr.takeBlankOf(spanStart(head.span), spanEnd(arg.span));
  // A comment after the `(` of a parenthesised function, on its line, goes before the whole
  // application too (`mapFirstToken'` finds that `(`), not inside the call, which it would expand.
  const paren = head.type === "Paren" && pr.ctx.hints !== undefined && !hasComments(head) ? head : null;
  const moved = paren === null ? null : parenCommentUp(pr, paren);
  const up = moved === paren ? headCommentUp(pr, head, args[0] as Expr) : null;
  if (moved !== paren || up !== null || blank) {
    let lead: Doc = [];
    if (moved !== null && moved !== paren) {
      // (The parentheses keep their span: comments before their `)` are looked up there.)
      if (moved.comments !== undefined) lead = movedUpDoc(moved.comments[0] as Comment);
      head = { ...(paren as Paren), expr: moved.expr };
    } else if (up !== null) {
      args[0] = up.arg;
      lead = up.doc;
    }
    const fnDoc = yield pr.pretty(asFunction(head));
    const d = yield appParts(pr, false, pre, hasPost, fnDoc, args.map(atSelectLevel), false);
    return [...(blank ? [EMPTYLINE] : [HARDLINE]), ...lead, cat(d), ...(hasPost ? [HARDLINE] : [])];
  }
  const simple = !commented && isSimple({ type: "Apply", fn, arg });
  const fnDoc = yield pr.pretty(asFunction(head));
  return yield appParts(pr, indentFunction, pre, hasPost, fnDoc, args.map(atSelectLevel), simple);
}

/**
 * Parsed code: the comment after a one-token function on its line (the parser hands it to the
 * first argument) goes before the whole application, so that it does not expand the call
 * (Pretty.hs `prettyApp`: `mapFirstToken' (hoistNonAnnotationTrivia . moveTrailingCommentUp) f`,
 * printed as `comment'` before it; the application is then not "simple"). Null when there is none;
 * else the comment's lines and the argument without it.
 */
function headCommentUp(pr: Printer, head: Expr, arg: Expr): { doc: Doc; arg: Expr } | null {
  const f = pr.ctx.hints;
  const cs = arg.comments;
  if (f === undefined || cs === undefined || arg.span === undefined || !ONE_TOKEN.has(head.type) || hasComments(head)) return null;
  const at = spanStart(arg.span);
  // The argument's own comments are those before its first token: past a `-`/`!` they are not
  // counted (see commentsBeforeTokenOf).
  if (f.unaryAt(at)) return null;
  const info = f.commentInfo(at, cs.length);
  if (info === null) return null;
  let n = 0;
  while (n < cs.length && (info[n] as CommentInfo).sameLine && trailable(cs[n] as Comment)) n++;
  if (n === 0) return null;
  const text = cs.slice(0, n).map((c) => c.text.trim()).filter((t) => t !== "").join(" ");
  const { comments: _c, ...bare } = arg;
  return { doc: movedUpDoc({ kind: "line", text }), arg: (n < cs.length ? { ...bare, comments: cs.slice(n) } : bare) as Expr };
}

/** Terms nixfmt reads as one token (strings and paths included): the function heads whose comment moves up. */
const ONE_TOKEN: ReadonlySet<Expr["type"]> = new Set(["Var", "Int", "Float", "Str", "IndStr", "Path", "SearchPath", "Uri", "CurPos"]);

/** `prettyApp` over a spine: the function's document and the (already parenthesised) arguments. */
export function* appParts(
  pr: Printer,
  indentFunction: boolean,
  pre: Doc,
  hasPost: boolean,
  fnDoc: Doc,
  args: Expr[],
  simple: boolean,
): Gen {
  const post: Doc = hasPost ? [BREAK] : [];
  const last = args[args.length - 1] as Expr;
  const inner = args.slice(0, -1);
  const head: Doc = indentFunction ? [nest([group([BREAK, cat(fnDoc)])])] : fnDoc;
  // Decide pairings from the outermost application inwards (as pattern matching does).
  const lastTwoLists =
    inner.length >= 1 && last.type === "List" && (inner[inner.length - 1] as Expr).type === "List";
  const spineArgs = lastTwoLists ? inner.slice(0, -1) : inner;
  const kinds: ("sel" | "pair" | "one")[] = new Array<"sel" | "pair" | "one">(spineArgs.length);
  for (let j = spineArgs.length - 1; j >= 0; j--) {
    const a = spineArgs[j] as Expr;
    if (a.type === "Select") kinds[j] = "sel";
    else if (j >= 1 && a.type === "List" && (spineArgs[j - 1] as Expr).type === "List") {
      kinds[j] = "pair";
      kinds[j - 1] = "one"; // consumed by the pair
      j--;
    } else kinds[j] = "one";
  }
  let acc: Doc = head;
  for (let j = 0; j < spineArgs.length; j++) {
    const a = spineArgs[j] as Expr;
    const k = kinds[j];
    if (k === "pair") continue; // handled with its partner below
    if (j + 1 < spineArgs.length && kinds[j + 1] === "pair") {
      const b = spineArgs[j + 1] as Expr;
      const da = yield absorbInner(pr, a);
      const db = yield absorbInner(pr, b);
      acc = [
        group(
          [group(acc, TRANSPARENT), nest([group([SPACE, group(da), SPACE, group(db)], REGULAR)])],
          TRANSPARENT,
        ),
      ];
      j++;
      continue;
    }
    const da = yield absorbInner(pr, a);
    acc = [group(acc, TRANSPARENT), SPACE, nest([group(da, k === "sel" ? REGULAR : PRIORITY)])];
  }
  if (lastTwoLists) {
    const l1 = inner[inner.length - 1] as Expr;
    const d1 = yield absorbInner(pr, l1);
    const d2 = yield absorbInner(pr, last);
    return [
      group(
        [
          ...pre,
          group(acc, TRANSPARENT),
          SPACE,
          nest([group(d1)]),
          SPACE,
          nest([group(d2)]),
          ...post,
        ],
        REGULAR,
      ),
    ];
  }
  const renderedF: Doc = [...pre, group(acc, TRANSPARENT)];
  const lastDoc = yield absorbLast(pr, last);
  if (simple) {
    const flat = unexpand(renderedF, Infinity);
    if (flat !== null) return [group([cat(flat), HARDSPACE, cat(lastDoc)], REGULAR)];
  }
  return [group([...renderedF, SPACE, cat(lastDoc), ...post], REGULAR)];
}

/**
 * Parsed code: the comments before `)` that start on the line of the token before them are that
 * token's trailing comment, joined into one (Lexer.hs `convertTrivia`), as the parser makes a lone
 * one; `n` with them moved onto its expression. So `( … _ /* a *\/ /* b *\/ )` is laid out as its
 * output, `_ # a b`, is the next time (found by the property over edited real files, seed 716).
 */
export function closeTrailing(pr: Printer, n: Paren): Paren {
  const f = pr.ctx.hints;
  const cs = n.beforeClose;
  if (f === undefined || cs === undefined || n.span === undefined || n.expr.trailing !== undefined || !trailable(cs[0] as Comment)) return n;
  const info = f.commentInfo(spanEnd(n.span) - 1, cs.length);
  if (info === null || info[0]?.sameLine !== true) return n;
  const { up, moved } = trailingRun(cs, info, 0, cs.length);
  const rest = cs.slice(moved);
  const expr = up === null ? n.expr : { ...n.expr, trailing: up };
  return { ...n, expr, beforeClose: rest.length > 0 ? rest : undefined };
}

/** What is written before a `)`: its comments on their own lines, or a blank line. */
export function closeTrivia(pr: Printer, n: Paren): Doc {
  if (n.beforeClose !== undefined) return commentsBeforeCloser(pr, n.beforeClose, n.span === undefined ? undefined : spanEnd(n.span) - 1);
  // Parentheses the printer adds (no span) have no `)` in the source: a blank line after what they
  // hold is not theirs (`./a` blank `.nix` became `(./a` blank `).nix`, which the next pass read as
  // written: found by the property over edited real files, seed 732).
  return n.span !== undefined && blankBeforeCloser(pr, n.expr) ? [EMPTYLINE] : [];
}

export function* absorbInner(pr: Printer, a: Expr): Gen {
  if (a.type === "List" && a.items.length > 0 && a.items.length <= 6 && a.items.every(isSimple)) {
    // Comments before `[` are the bracket's trivia: the list keeps its one-line form after them.
    if (!hasComments(a)) return yield list(pr, a, SPACE);
    if (a.trailing === undefined && splitInner(pr, a) === null) return yield pr.withComments(a, false, SPACE);
  }
  return yield pr.pretty(a);
}

export function* absorbLast(pr: Printer, a: Expr): Gen {
  // A blank line before the argument stays before it; it then cannot be absorbed into the line.
  if (!hasComments(a) && pr.takeBlank(a)) return [EMPTYLINE, cat(a.type === "Paren" ? yield absorbParen(pr, a) : [group([nest(yield pr.pretty(a))], REGULAR)])];
  if (absorbableTermClean(pr, a)) return [group([nest(yield hasComments(a) ? pr.pretty(a) : pr.term(a))], PRIORITY)];
  if (hasComments(a)) return [group([nest(yield pr.pretty(a))], REGULAR)];
  if (a.type === "Paren") {
    // Comments inside the parentheses go inside (nixfmt's absorbParen), absorbed all the same.
    const inner = a.expr;
    if (hasComments(inner) || a.beforeClose !== undefined) return yield absorbParen(pr, a);
    if (
      inner.type === "Lambda" &&
      inner.param.type === "IdentParam" &&
      absorbableTermClean(pr, inner.body)
    ) {
      const b = yield pr.termWide(inner.body);
      return [group([nest(["(", inner.param.name, ":", HARDSPACE, cat(b), ")"])], PRIORITY)];
    }
    if (
      inner.type === "Apply" &&
      inner.fn.type === "Var" &&
      !hasComments(inner.fn) &&
      isAbsorbableTerm(inner.arg, pr.ctx.hints) &&
      !hasComments(inner.arg)
    ) {
      const b = yield pr.termWide(inner.arg);
      return [group([nest(["(", inner.fn.name, HARDSPACE, cat(b), ")"])], PRIORITY)];
    }
    return yield absorbParen(pr, a);
  }
  return [group([nest(yield pr.pretty(a))], REGULAR)];
}

export function* absorbParen(pr: Printer, written: Paren): Gen {
  const n = closeTrailing(pr, written);
  const e = n.expr;
  // Parsed code: a comment after `(` on its line goes to the next line, inside (Pretty.hs
  // `absorbParen`: the `(`'s trailing comment printed in the body).
  const moved = pr.ctx.hints === undefined ? null : parenCommentUp(pr, { type: "Paren", expr: e });
  const up = moved?.comments?.[0];
  let d: Doc;
  if (up === undefined) d = yield pr.pretty(e);
  else {
    // nixfmt gives the comment to the expression's first token (`prependTrivia`), so an
    // application there is not "simple" (`isSimple` wants tokens without trivia) and may break
    // before its last argument, as it does when the comment is written on its own line (found by
    // the property over edited real files, seed 721).
    const x = (moved as Paren).expr;
    pr.markFirstToken(x);
    d = [...commentDoc(up, true), cat(yield pr.pretty(x))];
  }
  // The trivia of `)` (comments, a blank line) goes into the body.
  const body: Doc = [cat(d), ...closeTrivia(pr, n)];
  return [group([nest(["(", BREAK, group([nest(body)], REGULAR), BREAK, ")"])], PRIORITY)];
}
