/**
 * `let`, `with`, `assert` and `if` (nixfmt `Pretty.hs`: `instance Pretty Expression` for `Let`,
 * `With`, `Assert`, `If`; standard.md "Let", "If", "With", "Assert").
 *
 * @module
 */
import { spanStart, type Binding, type Comment, type Expr, type If, type Let, type With } from "../ast/nodes.js";
import { BREAK, comment, EMPTYLINE, group, HARDLINE, HARDSPACE, nest, PRIORITY, REGULAR, SPACE, cat, type Doc } from "./doc.js";
import { hasComments } from "./classify.js";
import { atSelectLevel, asFunction } from "./parens.js";
import { TRAILING_MARK, commentDoc, movedUpDoc, hoistLeadingComments, commentsAt, commentsBeforeToken, commentsBeforeTokenOf, tokenAfterComments, blankBeforeNodeAfterTrailing, splitTrailingRun, blankAfterComments, blockItemsOf } from "./comments.js";
import { bindingItem } from "./bindings.js";
import { appParts } from "./functions.js";
import type { Printer, Gen } from "./printer.js";

export function* letIn(pr: Printer, n: Let): Gen {
  const bindings = n.bindings;
  let body = n.body;
  const items: Doc = [];
  const { items: bds, dangling } = blockItemsOf(pr, bindings);
  for (let i = 0; i < bds.length; i++) items.push(HARDLINE, cat(yield bindingItem(pr, bds[i] as Binding, i === 0)));
  // Comments written before `in` stay there, on their own lines.
  if (dangling !== null) for (const l of dangling.lines) items.push(HARDLINE, ...(l.blank ? [EMPTYLINE] : []), l.item);
  // With no bindings the parser gives them to the body: they stay before `in` all the same, one on
  // the line of `let` as its trailing comment.
  const beforeIn = bindings.length === 0 ? commentsBeforeIn(pr, n) : null;
  if (beforeIn !== null) {
    items.push(HARDLINE, ...beforeIn.doc);
    body = beforeIn.body;
  }
  const b = yield pr.pretty(body);
  const f = pr.ctx.hints;
  const blank = body.span !== undefined && (f?.blankBefore(spanStart(body.span)) ?? false);
  const blankIn =
    dangling !== null
      ? dangling.blankClose
      : beforeIn !== null
        ? beforeIn.blankClose
        : body.span !== undefined && (f?.blankBeforePrevious(spanStart(body.span)) ?? false);
  return [
    group(["let", nest(items)]),
    HARDLINE,
    ...(blankIn ? [EMPTYLINE] : []),
    group(["in", HARDLINE, ...(blank ? [EMPTYLINE] : []), cat(b)]),
  ];
}

/**
 * Parsed code: the comments of an empty `let` written before `in` (the parser gives them to the
 * body), whether a blank line follows them, and the body without them.
 */
function commentsBeforeIn(pr: Printer, n: Let): { doc: Doc; blankClose: boolean; body: Expr } | null {
  const f = pr.ctx.hints;
  const cs = n.body.comments;
  if (f === undefined || n.span === undefined || cs === undefined) return null;
  const next = f.commentsBeforeNext(spanStart(n.span) + "let".length);
  if (next === null || f.text(next.at, next.at + 2) !== "in" || next.infos.length > cs.length) return null;
  const k = next.infos.length;
  const doc = commentsAt(pr, next.at, cs.slice(0, k), k);
  if (doc[doc.length - 1] === HARDLINE) doc.pop();
  return { doc, blankClose: f.blankAfterComments(next.at), body: { ...n.body, comments: k < cs.length ? cs.slice(k) : undefined } };
}

export function* withExpr(pr: Printer, n: With, absorb: boolean): Gen {
  const env = yield pr.pretty(n.env);
  if (absorb) {
    // Leading comments of the body leave its priority group (`group`, as Predoc's `fixup`), so they
    // break the `with` group: `a =` / `with b;` / `# c` / `{`.
    const body = yield pr.termWide(n.body);
    return [
      group(
        [BREAK, "with", HARDSPACE, nest([group(env)]), ";", HARDSPACE, group(body, PRIORITY)],
        REGULAR,
      ),
    ];
  }
  // The comments on the `;` line are the `;`'s trailing comment, joined into one, and a blank line
  // after them stays after them (Pretty.hs `prettyWith`: `group (… <> pretty semicolon) <> line <>
  // pretty expr1`), as after assert's `;`. (Left to the body, with a blank line after them, they
  // went below that blank line.)
  const { trail, rest, blank } = splitTrailingRun(pr, n.body);
  const body = yield pr.pretty(rest);
  // A blank line after `with` is the environment's trivia: `with` / blank line / `  lib;` (nixfmt).
  const env0: Doc = blankBeforeNodeAfterTrailing(pr, n.env) ? ["with", nest([EMPTYLINE, group(env)])] : ["with", HARDSPACE, nest([group(withTrailing(pr, env))])];
  return [group([...env0, ";", ...trail]), ...(blank ? [HARDLINE, EMPTYLINE] : [SPACE]), cat(body)];
}

/**
 * Parsed code: an environment document that starts with a comment moved up before it (from the `{`
 * of a function's pattern: `with { # c` …) as the trailing comment of `with`, which is how the next
 * pass reads it: printed on a line of its own inside the nest and joined back to `with`'s line.
 * Written after `with ` on its line, it kept the nest from indenting the lines below it (a nest
 * opened in the middle of a line does not indent), which the next pass did: the comments
 * property, seed 773.
 */
function withTrailing(pr: Printer, env: Doc): Doc {
  const first = env[0];
  if (pr.ctx.hints === undefined || typeof first !== "object" || first.k !== 3 || !first.text.startsWith("#")) return env;
  return [HARDLINE, comment(`${TRAILING_MARK}${first.text}`), ...env.slice(1)];
}

export function* assertExpr(pr: Printer, cond0: Expr, body: Expr): Gen {
  // Parsed code: a comment after `assert` on its line goes before it (Pretty.hs `prettyApp`:
  // `moveTrailingCommentUp` on the first token, and `assert` is rendered as that token).
  const up = commentsBeforeTokenOf(pr, cond0, true);
  const lifted = up !== null && up.up !== null && up.before.length === 0;
  const cond = lifted ? up.rest : cond0;
  // Rendered as if `assert` were a function applied to the condition's own arguments.
  const args: Expr[] = [];
  let head: Expr = cond;
  while (head.type === "Apply" && !hasComments(head)) {
    args.push(head.arg);
    head = head.fn;
  }
  args.reverse();
  const condArgs = args.length === 0 ? [cond] : [asFunction(head), ...args.map(atSelectLevel)];
  const app = yield appParts(pr, false, [], false, ["assert"], condArgs, false);
  // Parsed code: comments written before `;` (the parser hands them to the body) stay there: one on
  // the condition's line is its trailing comment, and `;` goes on the next line (Pretty.hs: `pretty
  // semicolon`, the token's own trivia before it).
  const beforeSemi = tokenAfterComments(pr, body, ";");
  // The comments on the `;` line are the `;`'s trailing comment (nixfmt), joined into one: its
  // space counts when the condition is fitted on its line, and it breaks the group, a set body
  // included. (A one-line block comment there kept a set flat, and the second pass, reading it as
  // a line comment, broke it: found by a probe of comment placements.) A blank line after them
  // stays after them.
  const split = splitTrailingRun(pr, beforeSemi === null ? body : beforeSemi.rest);
  const b = yield pr.pretty(split.rest);
  const out = group([cat(app), ...(beforeSemi === null ? [";"] : beforeSemi.doc), ...split.trail, HARDLINE, ...(split.blank ? [EMPTYLINE] : []), cat(b)]);
  return lifted ? [...movedUpDoc(up.up as Comment), out] : [out];
}

export function* ifExpr(pr: Printer, n: If): Gen {
  const out: Doc = [];
  let cur: Expr = n;
  let sep: number = SPACE;
  for (;;) {
    const fc = pr.ctx.hints;
    if (cur !== n && cur.type === "If" && fc !== undefined && cur.span !== undefined && cur.trailing === undefined) {
      // Parsed code: comments or a blank line between `else` and `if` stay there, and the chain
      // goes on at the same level (nixfmt prints the `if` token's trivia after `else `).
      const at = spanStart(cur.span);
      if (cur.comments !== undefined && cur.comments.length > 0) {
        const first = fc.commentInfo(at, cur.comments.length)?.[0];
        out.push(first?.blank === true ? EMPTYLINE : HARDLINE, ...commentsAt(pr, at, cur.comments));
        if (blankAfterComments(pr, cur)) out.push(EMPTYLINE);
        const { comments: _c, ...bare } = cur;
        cur = bare as If;
      } else if (fc.blankBefore(at)) out.push(EMPTYLINE);
    }
    if (cur.type !== "If" || (cur !== n && hasComments(cur))) {
      out.push(SPACE, nest([group(yield pr.pretty(cur))]));
      break;
    }
    // Parsed code: a comment after the first `if` on its line goes before it (Pretty.hs
    // `prettyIf`: `moveTrailingCommentUp`).
    let cond = cur.cond;
    if (cur === n && pr.ctx.hints !== undefined) {
      const split = commentsBeforeToken(pr, cond, true);
      if (split !== null && split.up !== null && split.before.length === 0) {
        out.push(...commentDoc(split.up, true));
        cond = split.rest;
      }
    }
    const c = yield pr.pretty(cond);
    // Parsed code: comments written before `then` (the parser hands them to the branch) stay
    // there, which expands the condition (`if` / cond / `# c` / `then`; `cond # c` / `then`).
    const thenSplit = pr.ctx.hints === undefined ? null : commentsBeforeToken(pr, hoistLeadingComments(cur.then));
    const t = yield pr.pretty(thenSplit === null ? cur.then : thenSplit.rest);
    // A blank line the author left before `then` is kept (nixfmt: trivia of the `then` token).
    const blankThen = pr.ctx.hints !== undefined && cur.then.span !== undefined && pr.ctx.hints.blankBeforePrevious(spanStart(cur.then.span));
    if (thenSplit === null) out.push(group(["if", SPACE, nest(c), blankThen ? EMPTYLINE : SPACE, "then"]));
    else {
      const at = spanStart(cur.then.span as NonNullable<Expr["span"]>);
      const total = (hoistLeadingComments(cur.then).comments as readonly Comment[]).length;
      out.push(group(["if", SPACE, nest(c), HARDLINE, ...commentsAt(pr, at, thenSplit.before, total), "then"]));
    }
    out.push(sep, nest([group(t)]));
    let next: Expr = pr.ctx.hints === undefined ? cur.else : hoistLeadingComments(cur.else);
    // Parsed code: comments written before `else` (not between `else` and `if`) stay there,
    // on their own lines, and the chain goes on as `else if` (nixfmt keeps them on `else`).
    const f = pr.ctx.hints;
    // A comment after `else` on its line goes before it too (Pretty.hs: `moveTrailingCommentUp else_`).
    const split: ReturnType<typeof commentsBeforeToken> = f === undefined ? null : commentsBeforeToken(pr, next, true);
    if (f !== undefined && split !== null && next.span !== undefined) {
      out.push(HARDLINE);
      if (f.blankBeforePrevious(spanStart(next.span))) out.push(EMPTYLINE);
      out.push(...commentsAt(pr, spanStart(next.span), split.before, (next.comments as readonly Comment[]).length));
      if (split.up !== null) out.push(...commentDoc(split.up, true));
      out.push("else", HARDSPACE);
      next = split.rest;
    } else if (f !== undefined && next.span !== undefined && f.blankBeforePrevious(spanStart(next.span))) {
      // A blank line before `else` is kept.
      out.push(EMPTYLINE, "else", HARDSPACE);
    } else out.push(sep, "else", HARDSPACE);
    sep = HARDLINE;
    cur = next;
  }
  return [group(out)];
}
