/**
 * Functions and application: set patterns, lambda chains, application spines with their absorbed
 * last argument (nixfmt `Pretty.hs`: `instance Pretty ParamAttr`, `prettyApp`, `absorbLast`;
 * standard.md "Functions", "Function application").
 *
 * @module
 */
import type { Comment, Expr, FormalsParam, Lambda, List, Paren, Select } from "../ast/nodes.js";
import type { CommentInfo } from "./hints.js";
import { BREAK, EMPTYLINE, group, HARDLINE, HARDSPACE, nest, PRIORITY, REGULAR, SPACE, trailing, TRANSPARENT, cat, type Doc } from "./doc.js";
import { hasComments, isLanguageAnnotation, isAbsorbableTerm, canFlattenFormals, isAbsorbableExpr, isSimple } from "./classify.js";
import { paren, atSelectLevel, asFunction, endsWithUri } from "./parens.js";
import { unexpand, splitLead, sepBy } from "./doc-utils.js";
import { commentsBeforeCloser, absorbableTermClean, trailable, parenCommentUp, tokenAfterComments, movedUpDoc, commentDoc, commentDocs, commentsAt, trailingDoc, leadingComments, firstCommentTrailing, blankBeforeNode, blankBeforeCloser, blankAfterComments, splitInner } from "./comments.js";
import { absorbRHS, set, list } from "./bindings.js";
import type { Printer, Gen } from "./printer.js";

export function* formals(pr: Printer, p: FormalsParam, broken = false, blankInside = false): Gen {
  let set: Doc;
  // An empty pattern keeps its braces on two lines if written so (Pretty.hs `SetParameter` with no
  // attributes), and a blank line between them (trivia of the `}`), in --strict too.
  if (p.formals.length === 0 && !p.ellipsis) set = [group(["{", blankInside ? EMPTYLINE : broken ? HARDLINE : HARDSPACE, "}"])];
  else {
    const flat = canFlattenFormals(p) && !broken;
    const sep = flat ? SPACE : HARDLINE;
    const items: Doc[] = [];
    const hints = pr.ctx.hints;
    // A blank line before a leading comma already printed before the comment that followed it.
    let blankTaken = false;
    for (let i = 0; i < p.formals.length; i++) {
      const f = p.formals[i] as (typeof p.formals)[number];
      const isLast = i === p.formals.length - 1 && !p.ellipsis;
      const d: Doc = [];
      const cs = f.comments ?? [];
      let tr: Comment | undefined;
      let after: readonly Comment[] = [];
      // For the comments before `}`: where they sit (a blank line before one stays).
      let afterInfos: readonly CommentInfo[] = [];
      if (hints !== undefined && f.span !== undefined) {
        // Parsed code: the parser gives a formal the comment after its comma (first), its own
        // leading comments, and (the last formal) those before `}`. nixfmt prints the first after
        // the comma (`a, # c`; Pretty.hs `moveParamAttrComment`) and the last before `}`.
        const at = f.span.start.offset;
        let lead: readonly Comment[];
        if (i < p.formals.length - 1) {
          const comma = cs.length > 0 ? hints.commaTrailing(f.span.end.offset) : null;
          if (comma === "trailing") tr = cs[0];
          else if (comma === "below") {
            after = [cs[0] as Comment];
            // `a\n\n, # c\n  b`: the blank line before the comma goes before the comment.
            const next = p.formals[i + 1]?.span;
            const blank = next !== undefined && hints.blankBeforePrevious(next.start.offset);
            afterInfos = [{ blank, sameLine: false, column: 0 }];
          }
          lead = cs.slice(comma === null ? 0 : 1);
        } else {
          // The last formal also gets the comments before `}`: the first one on the formal's
          // line is its trailing comment, the others print before `}`.
          const next = hints.afterFormal(f.span.end.offset);
          const n = Math.min(next.infos.length, cs.length);
          const sameLine = n > 0 && (next.infos[0] as CommentInfo).sameLine;
          const own = hints.commentBlanks(f.span.start.offset)?.length ?? 0;
          if (next.comma && n === 0 && next.beforeComma === 1 && cs.length === own + 1) {
            // `e /*f*/ , ...`: a lone comment before the comma goes after it (`e, # f`).
            tr = cs[cs.length - 1];
            lead = cs.slice(0, -1);
          } else if (next.comma && sameLine) {
            tr = cs[0];
            lead = cs.slice(1, cs.length - (n - 1));
            after = cs.slice(cs.length - (n - 1));
          } else {
            lead = cs.slice(0, cs.length - n);
            after = cs.slice(cs.length - n);
            if (sameLine) [tr, after] = [after[0], after.slice(1)];
          }
          afterInfos = next.infos.slice(n - after.length, n);
        }
        const nLead = lead.length;
        const info = nLead > 0 ? hints.commentInfo(at, nLead) : null;
        // Blank lines stay (trivia): before the comments or the name, before a leading comma
        // (`a\n\n, b`), and between the comments and the name.
        const onName = hints.commentBlanks(at) !== null;
        const blankFirst = info !== null ? (info[0] as CommentInfo).blank : hints.blankBefore(at);
        if (blankFirst || (i > 0 && info === null && !blankTaken && hints.blankBeforePrevious(at))) d.push(EMPTYLINE);
        d.push(...commentsAt(pr, at, lead, nLead));
        if (nLead > 0 && (onName ? hints.blankAfterComments(at) : hints.blankBefore(at) || hints.blankAfterPreviousComments(at))) {
          d.push(EMPTYLINE);
        }
      } else d.push(...commentDocs(f.comments, false));
      if (f.default === undefined) d.push(f.name);
      else {
        // A final URI would swallow the `,` that follows (a URI character): parenthesise.
        const rhs = yield absorbRHS(pr, endsWithUri(f.default) ? paren(f.default) : f.default);
        d.push(group([f.name, HARDSPACE, nest(["?", cat(rhs)])]));
      }
      d.push(isLast ? trailing(",") : ",");
      // (Without its final line break: the separator breaks, and a blank line after it must stay.)
      if (tr !== undefined) d.push(...trailingDoc(tr, true).slice(0, after.length > 0 || !isLast ? -1 : undefined));
      after.forEach((c, k) => d.push(afterInfos[k]?.blank === true ? EMPTYLINE : HARDLINE, ...commentDoc(c, true)));
      blankTaken = afterInfos[0]?.blank === true && i < p.formals.length - 1;
      items.push(d);
    }
    // Parsed code: blank lines before `...` and before `}` stay (trivia of those tokens).
    const lastFormal = p.formals[p.formals.length - 1];
    const end = hints !== undefined && lastFormal?.span !== undefined ? hints.afterFormal(lastFormal.span.end.offset) : null;
    // The blank line before the comments there is printed with them (the last formal's `after`).
    const blankEnd = end !== null && (end.blankBeforeComma || (end.infos.length === 0 ? end.blank : end.blankAfterComments));
    if (p.ellipsis) items.push([...(blankEnd ? [EMPTYLINE] : []), "...", ...trailingDoc(p.ellipsisTrailing, hints !== undefined)]);
    const blankClose = end !== null && (p.ellipsis ? end.blankNext : blankEnd);
    set = [group(["{", sep, nest(sepBy(sep, items)), ...(blankClose ? [sep, EMPTYLINE] : [sep]), "}"])];
  }
  if (p.bind === undefined) return set;
  return p.bind.position === "before" ? [p.bind.name, "@", ...set] : [...set, "@", p.bind.name];
}

/**
 * The comment on the line of a set pattern's `{` (before the first formal, after the comment of
 * its comma if the parser put one first), and the pattern without it; null when there is none.
 */
function braceCommentUp(pr: Printer, n: Lambda, p: FormalsParam): { up: Comment; param: FormalsParam } | null {
  const f = pr.ctx.hints;
  const first = p.formals[0];
  const cs = first?.comments;
  if (f === undefined || first?.span === undefined || cs === undefined || n.span === undefined || p.bind?.position === "before") return null;
  const at = first.span.start.offset;
  const own = f.commentBlanks(at)?.length ?? 0;
  const k = p.formals.length > 1 && f.commaTrailing(first.span.end.offset) !== null ? 1 : 0;
  const up = cs[k];
  const infos = own > 0 ? f.commentInfo(at, own) : null;
  if (up === undefined || infos === null || isLanguageAnnotation(up)) return null;
  // On the `{` line (the hints do not call a comment after an opening brace trailing: inside a
  // set it goes below), unless a line comment lines up with what follows it (Lexer.hs
  // `convertTrivia`): then it leads the first formal.
  const text = f.text(n.span.start.offset, at);
  if (!/^\{[ \t]*(#|\/\*)/.test(text)) return null;
  const nl = text.lastIndexOf("\n");
  const below = own > 1 ? infos[1]?.column : nl >= 0 ? text.length - nl - 1 : -1;
  if (up.kind === "line" && below === infos[0]?.column) return null;
  const rest = [...cs.slice(0, k), ...cs.slice(k + 1)];
  const formal = { ...first, comments: rest.length > 0 ? rest : undefined };
  return { up, param: { ...p, formals: [formal, ...p.formals.slice(1)] } };
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
      else out.push(HARDSPACE, body.param.name, ":");
      body = body.body;
      depth++;
    }
    if (isAbsorbableExpr(body, pr.ctx.hints) && !hasComments(body)) {
      out.push(HARDSPACE, group(yield pr.absorbExpr(false, body), PRIORITY));
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
  // Parsed code: a comment after the pattern's `{` on its line goes before the lambda (Pretty.hs
  // `SetParameter`: `moveTrailingCommentUp bopen`); the parser gives it to the first formal.
  const lifted = facts === undefined ? null : braceCommentUp(pr, n, n.param);
  const p = lifted === null ? n.param : lifted.param;
  const broken = facts?.formalsBroken(n) ?? false;
  // The `{` of an empty pattern starts the lambda unless a name and `@` precede it.
  const blankInside =
    facts !== undefined && p.formals.length === 0 && !p.ellipsis && p.bind?.position !== "before" && n.span !== undefined
      ? facts.blankBeforeNext(n.span.start.offset + 1)
      : false;
  const param0 = yield formals(pr, p, broken, blankInside);
  const param: Doc = lifted === null ? param0 : [...movedUpDoc(lifted.up), ...param0];
  const body = n.body;
  // A blank line before the body puts it on its own line even when it could be absorbed (its
  // trivia starts with a line break: Pretty.hs `instance Pretty Trivia`), in --strict too.
  if (facts !== undefined && (facts.bodyOnNextLine(n) || blankBeforeNode(pr, body))) {
    // A blank line after the body's comments is printed with them, not before them.
    const blank = blankBeforeNode(pr, body);
    return [cat(param), ":", HARDLINE, ...(blank ? [EMPTYLINE] : []), cat(yield pr.pretty(body))];
  }
  if (
    p.bind === undefined &&
    canFlattenFormals(p) &&
    !broken &&
    (isAbsorbableExpr(body, pr.ctx.hints) && !hasComments(body) || absorbableTermClean(pr, body))
  ) {
    return [cat(param), ":", HARDSPACE, group(yield pr.pretty(body), PRIORITY)];
  }
  if (isAbsorbableTerm(body, pr.ctx.hints) && !hasComments(body)) {
    return [cat(param), ":", SPACE, group(yield pr.termWide(body))];
  }
  return [cat(param), ":", SPACE, cat(yield pr.pretty(body))];
}

export function* app(pr: Printer, indentFunction: boolean, pre: Doc, hasPost: boolean, fn: Expr, arg: Expr, commented = false): Gen {
  const args: Expr[] = [arg];
  let head: Expr = fn;
  while (head.type === "Apply" && !hasComments(head)) {
    args.push(head.arg);
    head = head.fn;
  }
  args.reverse();
  const up = headCommentUp(pr, head, args[0] as Expr);
  if (up !== null) {
    args[0] = up.arg;
    const fnDoc = yield pr.pretty(asFunction(head));
    const d = yield appParts(pr, false, pre, hasPost, fnDoc, args.map(atSelectLevel), false);
    return [HARDLINE, ...up.doc, cat(d), ...(hasPost ? [HARDLINE] : [])];
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
  const at = arg.span.start.offset;
  // The argument's own comments are those before its first token: past a `-`/`!` they are not
  // counted (see commentsBeforeTokenOf).
  if (/^[-!]/.test(f.text(at, at + 1))) return null;
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
    const [lead, da] = splitLead(yield absorbInner(pr, a));
    acc =
      k === "sel"
        ? [group(acc, TRANSPARENT), SPACE, nest([...lead, group(da, REGULAR)])]
        : [group(acc, TRANSPARENT), SPACE, nest([...lead, group(da, PRIORITY)])];
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

/** What is written before a `)`: its comments on their own lines, or a blank line. */
export function closeTrivia(pr: Printer, n: Paren): Doc {
  if (n.beforeClose !== undefined) return commentsBeforeCloser(pr, n.beforeClose, n.span === undefined ? undefined : n.span.end.offset - 1);
  return blankBeforeCloser(pr, n.expr) ? [EMPTYLINE] : [];
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

export function* absorbParen(pr: Printer, n: Paren): Gen {
  const e = n.expr;
  // Parsed code: a comment after `(` on its line goes to the next line, inside (Pretty.hs
  // `absorbParen`: the `(`'s trailing comment printed in the body).
  const moved = pr.ctx.hints === undefined ? null : parenCommentUp(pr, { type: "Paren", expr: e });
  const up = moved?.comments?.[0];
  const d: Doc = up === undefined ? yield pr.pretty(e) : [...commentDoc(up, true), cat(yield pr.pretty((moved as Paren).expr))];
  // The trivia of `)` (comments, a blank line) goes into the body.
  const body: Doc = [cat(d), ...closeTrivia(pr, n)];
  return [group([nest(["(", BREAK, group([nest(body)], REGULAR), BREAK, ")"])], PRIORITY)];
}
