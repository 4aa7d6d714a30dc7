/**
 * Bindings, attribute sets and lists (nixfmt `Pretty.hs`: `instance Pretty Binder`, `absorbRHS`,
 * `prettySet`, `prettyTerm (List …)`; standard.md "Attribute sets and lists", "Bindings").
 *
 * @module
 */
import { isLanguageAnnotation, spanEnd, spanStart, type Assign, type AttrName, type Attrs, type Binary, type Binding, type Comment, type Expr, type InheritGap, type LegacyLet, type List } from "../ast/nodes.js";
import { BREAK, EMPTYLINE, group, HARDLINE, HARDSPACE, nest, PRIORITY, SPACE, TRANSPARENT, cat, bracketBlock, wrapBlock, asBlockOrText, type BlockItem, type Doc } from "./doc.js";
import { isTerm, hasComments, isAbsorbableTerm, isAbsorbableExpr } from "./classify.js";
import { paren, atSelectLevel } from "./parens.js";
import { sepBy, itemDoc } from "./doc-utils.js";
import { renderAttrNameStatic, isBareName } from "./leaves.js";
import { annotationsAtStart, sameLineRun, joinTrailing, liftedComments, blankInAssign, commentsBeforeCloser, commentDocs, commentsAt, commentsBeforeTokenOf, tokenAfterComments, firstCommentTrailing, movedUpDoc, trailingRun, trailingDoc, innerContainer, splitInner, leadingComments, blankAfterComments, blankBeforeClose, blankItem, onlyTrailing, blockItemsOf } from "./comments.js";
import { attrPath } from "./strings.js";
import { app, absorbParen } from "./functions.js";
import { flattenOp, op } from "./operators.js";
import type { Printer, Gen, Req } from "./printer.js";
import type { CommentInfo } from "./hints.js";

/** A copy of an item without its item-level trivia (comments are printed around it). */
export function stripTrivia(e: Expr): Expr {
  const { comments: _c, trailing: _t, blankBefore: _b, ...rest } = e;
  return rest as Expr;
}

/** Whether a binding's value is certain to print as `{`/`[` … expanded (absorbed, force-expanded). */
export function willExpandAsValue(e: Expr): boolean {
  if (hasComments(e)) return false;
  if (e.type === "Attrs" || e.type === "LegacyLet") {
    return e.bindings.length > 1 || (e.bindings.length === 1 && (e.bindings[0] as Binding).type !== "Inherit");
  }
  return e.type === "List" && e.items.length >= 2;
}

/** A binding item document (`[text]`, `[block]`, optionally after EMPTYLINE) as a block item. */
export function toBlockItem(d: Doc): BlockItem {
  const blank = d[0] === EMPTYLINE;
  const rest = blank ? d.slice(1) : d;
  const x = asBlockOrText(rest);
  if (x === null) throw new Error("internal: a binding item is not a block");
  return { blank, item: x };
}

export function bindingItem(pr: Printer, b: Binding, first: boolean): Req {
  if (b.type === "Assign" && b.comments === undefined && b.trailing === undefined && b.beforeSemicolon === undefined && !blankInAssign(pr, b.value)) {
    const flat = leafBinding(pr, b.path, b.value);
    if (flat !== null) return blankItem(pr, b, first) ? [EMPTYLINE, flat] : [flat];
  }
  return bindingItemG(pr, b, first);
}

/** An empty list or set the author wrote over two lines (`{\n}`): it prints that way. */
export function leafBinding(pr: Printer, path: readonly AttrName[], value: Expr): string | null {
  if (value.comments !== undefined || value.trailing !== undefined) return null;
  const v = pr.leaf(value);
  if (v === null || pr.brokenEmpty(value)) return null;
  let lhs = "";
  for (let i = 0; i < path.length; i++) {
    const a = path[i] as AttrName;
    if (typeof a !== "string") return null;
    lhs += i === 0 ? renderAttrNameStatic(a) : `.${renderAttrNameStatic(a)}`;
  }
  const text = `${lhs} = ${v};`;
  // Strings and paths never break, but only a simple name keeps them on the `=` line.
  const simple = path.length <= 4 && path.every((a) => isBareName(a as string));
  const unbreakable = value.type === "Str" || value.type === "Path" || value.type === "IndStr";
  return (unbreakable && simple) || text.length < pr.ctx.width ? text : null;
}

export function* bindingItemG(pr: Printer, b: Binding, first: boolean): Gen {
  const blank = blankItem(pr, b, first);
  if (
    b.type === "Assign" &&
    b.comments === undefined &&
    b.trailing === undefined &&
    b.beforeSemicolon === undefined &&
    willExpandAsValue(b.value) &&
    !blankInAssign(pr, b.value) &&
    b.path.length <= 4 &&
    b.path.every((a) => typeof a === "string" && isBareName(a))
  ) {
    // `name = {` … `};`: the value is a block already; no layout pass is needed.
    const v = asBlockOrText(yield pr.termWide(b.value));
    if (v !== null && typeof v !== "string") {
      const blk = wrapBlock(`${(b.path as readonly string[]).join(".")} = `, v, ";");
      return blank ? [EMPTYLINE, blk] : [blk];
    }
  }
  const item: Doc = [...leadingComments(pr, b, b.comments)];
  if (b.comments !== undefined && b.comments.length > 0 && blankAfterComments(pr, b)) item.push(EMPTYLINE);
  const d =
    b.type === "Assign"
      ? yield assign(pr, b.path, b.value, b)
      : yield inherit(pr, b.from, b.names, pr.ctx.hints?.inheritBroken(b) ?? false, b.gaps, pr.ctx.hints?.inheritNames(b), pr.ctx.hints?.inheritGaps(b));
  item.push(itemDoc(d), ...trailingDoc(b.trailing, pr.ctx.hints !== undefined));
  const blk = pr.block(item);
  return blank ? [EMPTYLINE, blk] : [blk];
}

/**
 * `path = value;`, an item that starts its own line, laid out now (see `renderBlock`); `at`, the
 * binding it prints, gives the comments before its `;`.
 */
export function* assign(pr: Printer, path: readonly AttrName[], value: Expr, at?: Assign): Gen {
  const semi = beforeSemicolon(pr, at);
  const lhs = yield attrPath(pr, path, false, at?.pathComments);
  // Parsed code: comments written before `=` (the parser hands them to the value) stay there: one
  // on the name's line is its trailing comment, and `=` goes on the next line, indented, with the
  // value after it as absorbRHS lays it out (Pretty.hs `instance Pretty Binder`: `nest (hardspace
  // <> pretty assign <> rhs)`, the `=` token's trivia before it).
  const eq = tokenAfterComments(pr, value, "=");
  if (eq !== null) return [cat(lhs), nest([...eq.doc, cat(yield absorbRHS(pr, eq.rest))]), ...semi];
  // A blank line before `=` (its trivia) puts it on a line of its own too.
  const f = pr.ctx.hints;
  if (f !== undefined && value.span !== undefined && f.blankBeforePrevious(spanStart(value.span))) {
    return [cat(lhs), nest([EMPTYLINE, "=", cat(yield absorbRHS(pr, value))]), ...semi];
  }
  const simpleLhs = path.length <= 4 && path.every((a) => typeof a === "string" && isBareName(a));
  const rhs = yield absorbRHS(pr, value);
  const r: Doc = simpleLhs ? rhs : [BREAK, group(rhs, PRIORITY)];
  return [cat(lhs), nest([HARDSPACE, "=", cat(r)]), ...semi];
}

/**
 * A binding's `;`, after the comments written before it: one on the value's line is the value's
 * trailing comment, the others on their own lines, and the `;` on the next line at the binding's
 * level (Pretty.hs `instance Pretty Binder`: `pretty semicolon`, the token's trivia before it).
 */
function beforeSemicolon(pr: Printer, b: Assign | undefined): Doc {
  const cs = b?.beforeSemicolon;
  if (cs === undefined || cs.length === 0) return [";"];
  return [...commentsBeforeCloser(pr, cs, b?.span === undefined ? undefined : spanEnd(b.span) - 1), ";"];
}

export function* inherit(
  pr: Printer,
  from: Expr | undefined,
  names: readonly string[],
  broken = false,
  gaps?: readonly InheritGap[],
  written?: readonly (string | null)[] | null,
  offsets?: readonly number[] | null,
): Gen {
  const verbatim = pr.ctx.hints !== undefined;
  // A gap as nixfmt prints a token's comments: the trailing one after the token before it, then
  // a blank line and the comments on their own lines before the next token.
  // (Parsed code: one followed by more comments on its line is printed with them, as one, as
  // foldTrailing does for items; joined here, as the next pass reads them, one comment after the
  // token: printed as commentsAt joins them, it could be shifted off the column of the names
  // below, which the next pass does not do (`inherit  # c1 c0` with --indent 8: the comments
  // property, seed 765).)
  const folded = (gaps ?? []).map((g, i): number => {
    const at = offsets?.[i];
    return g.trailing !== undefined && g.comments !== undefined && at !== undefined ? sameLineRun(pr, g.comments, at) : 0;
  });
  const after = (i: number): Doc => {
    const g = gaps?.[i];
    const k = folded[i] ?? 0;
    if (g?.trailing === undefined || k === 0) return trailingDoc(g?.trailing, verbatim);
    return trailingDoc({ kind: "line", text: joinTrailing([g.trailing, ...(g.comments ?? []).slice(0, k)]) }, verbatim);
  };
  const before = (i: number): Doc => {
    const g = gaps?.[i];
    if (g === undefined) return [];
    // From the source, blank lines between the comments stay and block comments keep their column.
    const at = offsets?.[i];
    const cs = g.comments === undefined || at === undefined ? commentDocs(g.comments, verbatim) : commentsAt(pr, at, g.comments, g.comments.length, folded[i]);
    return [...(g.blankBefore === true ? [EMPTYLINE] : []), ...cs];
  };
  // A name as the source spells it, as nixfmt keeps it (`"x"` and `${"x"}` stay). Else `or`, a
  // keyword-like name, is quoted: nixpkgs writes `inherit "or"` (and older Nix needs the quotes).
  const ids = names.map((n, i): Doc => [
    ...before(i),
    written?.[i] ?? (n === "or" ? '"or"' : renderAttrNameStatic(n)),
    ...after(i + 1),
  ]);
  const few = names.length < 4 && !broken;
  const sep = few ? SPACE : HARDLINE;
  const nosep = few ? BREAK : HARDLINE;
  const semi: Doc = [...before(names.length), ";"];
  // With no names, nixfmt's layout gives `inherit ;` (the separators merge into one space).
  if (from === undefined) return ["inherit", ...after(0), sep, nest([...sepBy(sep, ids), nosep, ...semi])];
  // Comments before `(from)` are the keyword's: one on its line stays there (parsed code).
  const cs = from.comments;
  const body: Doc = [];
  if (cs !== undefined && cs.length > 0) {
    // Parsed code: the comments written after `(` (the first token of `from` holds them) stay
    // inside the parentheses, as in any (Pretty.hs `prettyTerm (Parenthesized …)`), except one on
    // the line of `(`, which goes before it on its own line (`moveTrailingCommentUp paropen`).
    const f = pr.ctx.hints;
    const at = from.span === undefined ? undefined : spanStart(from.span);
    // (Not the language annotations of a string it starts with, which that string holds.)
    const ann = annotationsAtStart(from);
    const written = f === undefined || at === undefined ? 0 : (f.commentBlanks(at)?.length ?? 0) - ann;
    // Comments lifted from after a leading `-`/`!` cannot be told from those before it by counting
    // (leadingComments): all go before the `(`, each on its own line, as the second pass reads them.
    const unary = f !== undefined && ((from as Expr).type === "Unary" || (at !== undefined && f.unaryAt(at)));
    const inside = unary ? 0 : Math.max(0, Math.min(written, cs.length));
    const k = cs.length - inside;
    // Several comments on the line of `(` make one trailing comment, moved up whole (Lexer.hs
    // `convertTrailing`); moving only the first left the rest after `(`, where the second pass
    // read them as the trailing comment and moved them too (FC_SEED=601). (A language annotation
    // stays with its string, inside.)
    const info = inside > 0 && !isLanguageAnnotation(cs[k] as Comment) ? f?.commentInfo(at as number, inside + ann) : undefined;
    const run = info?.[0]?.sameLine === true ? trailingRun(cs, info, k, inside) : { up: null, moved: 0 };
    if (unary) body.push(HARDLINE, ...liftedComments(cs));
    else if (inside === 0) body.push(HARDLINE, ...leadingComments(pr, from, cs));
    else if (k > 0 || run.moved > 0) {
      body.push(HARDLINE, ...(k > 0 ? commentsAt(pr, at as number, cs.slice(0, k), cs.length + ann) : []));
      if (run.up !== null) body.push(...movedUpDoc(run.up));
    }
    const rest = inside === 0 ? [] : cs.slice(k + run.moved);
    from = { ...from, comments: rest.length > 0 ? rest : undefined } as Expr;
  }
  // A blank line before `(from)` stays (trivia of its `(`), in --strict too.
  const blankFrom = from.span !== undefined && pr.ctx.hints?.blankBeforePrevious(spanStart(from.span)) === true;
  // Its trailing comment was written inside the parentheses, before `)`, and comments left on it
  // after `(`: they stay there.
  const src = yield pr.pretty(from.trailing !== undefined || from.comments !== undefined ? { type: "Paren", expr: from } : paren(from));
  // A comment after `(from)` goes inside its group without the line break: text of a flat group
  // does not fix the indentation of the names that follow.
  const tail = after(0);
  body.push(group([blankFrom ? EMPTYLINE : SPACE, cat(src), ...tail.slice(0, -1)]), ...tail.slice(-1));
  body.push(sep, ...sepBy(sep, ids), nosep, ...semi);
  return ["inherit", nest(body)];
}

/** `absorbRHS`: the value of a binding or a formal's default. */
export function absorbRHS(pr: Printer, e: Expr): Req {
  // Parsed code: a blank line before the value (its first token's trivia) stays, and the value
  // starts after it as it would after `=`.
  if (pr.ctx.hints !== undefined && !hasComments(e) && pr.takeBlank(e)) return afterBlankRHS(pr, e);
  return absorbRHSHere(pr, e);
}

function* afterBlankRHS(pr: Printer, e: Expr): Gen {
  return [EMPTYLINE, cat(yield absorbRHSHere(pr, e))];
}

function* absorbRHSHere(pr: Printer, e: Expr): Gen {
  // An empty list or set with comments inside is absorbed like a non-empty one (nixfmt counts
  // the comments as items).
  const sp = splitInner(pr, e);
  if (sp !== null && !hasComments(sp.rest)) return [nest([HARDSPACE, group(innerContainer(sp, pr))])];
  if (
    (e.type === "Attrs" || e.type === "LegacyLet") &&
    !hasComments(e) &&
    e.bindings.length === 1 &&
    (e.bindings[0] as Binding).type === "Inherit"
  ) {
    return [nest([HARDSPACE, group(yield pr.absorbExpr(false, e))])];
  }
  // Comments on the `=` line only are the `=`'s trailing comment for nixfmt: the value is still
  // absorbed (and a set force-expanded) after it.
  if (e.comments !== undefined && e.trailing === undefined && onlyTrailing(pr, e) && !blankAfterComments(pr, e)) {
    const bare = { ...e, comments: undefined } as Expr;
    if (isAbsorbableExpr(bare, pr.ctx.hints)) {
      return [nest([HARDLINE, ...leadingComments(pr, e, e.comments), group(yield pr.absorbExpr(true, bare))])];
    }
    // So is nixfmt's case 1 below (`=` # c / `[` … `]` / `++ b`, the chain not indented).
    if (concatFromTerm(pr, bare)) return [HARDLINE, ...leadingComments(pr, e, e.comments), cat(yield op(pr, bare as Binary, true))];
  }
  if (!hasComments(e)) {
    if (isAbsorbableExpr(e, pr.ctx.hints)) return [nest([HARDSPACE, group(yield pr.absorbExpr(true, e))])];
    switch (e.type) {
      case "Paren":
        return [nest([HARDSPACE, cat(yield absorbParen(pr, e))])];
      case "Str":
      case "IndStr":
      case "Path":
        return [nest([HARDSPACE, group(yield pr.pretty(e))])];
      case "Apply":
        return [nest(yield app(pr, false, [SPACE], false, e.fn, e.arg))];
      case "With":
        return [nest([group([SPACE, cat(yield pr.pretty(e))])])];
      case "Binary": {
        if (concatFromTerm(pr, e)) return [HARDSPACE, cat(yield op(pr, e as Binary, true))];
        if (e.op === "//" || e.op === "++" || e.op === "+") {
          const ops = flattenOp(pr, e);
          const first = ops[0] as Expr;
          const last = ops[ops.length - 1] as Expr;
          // nixfmt's case 2 wants the operator without trivia: comments before it (which the
          // parser hands to `last`) or after it on its line make this an ordinary operator
          // chain; comments on their own lines after it are the operand's (`LoneAnn op`).
          // (A blank line before the operator is trivia too.)
          const f = pr.ctx.hints;
          const loneOp =
            f === undefined ||
            ((last.span === undefined || !f.blankBeforePrevious(spanStart(last.span))) &&
              (!hasComments(last) ||
                (last.trailing === undefined && commentsBeforeTokenOf(pr, last) === null && !firstCommentTrailing(pr, last))));
          if (ops.length === 2 && isAbsorbableTerm(last, pr.ctx.hints) && loneOp) {
            const l = yield pr.pretty(first);
            // The operand's comments leave its priority group (`group`, as Predoc's `fixup`): their
            // line breaks expand the whole chain (`=` / `a` / `++` / `# c` / `[`).
            const r = yield pr.termWide(last);
            return [
              nest([
                group([
                  SPACE,
                  cat(l),
                  SPACE,
                  group([e.op, HARDSPACE, group(r, PRIORITY)], TRANSPARENT),
                ]),
              ]),
            ];
          }
        }
        break;
      }
      default:
        if (isTerm(e)) return [nest([group([SPACE, cat(yield pr.pretty(e))])])];
    }
  }
  return [nest([SPACE, group(yield pr.pretty(e))])];
}

/**
 * nixfmt's absorbRHS case 1 (https://github.com/NixOS/nixfmt/issues/228): a `//`, `++` or `+`
 * chain whose first operand is an absorbable term without comments starts on the `=` line, the
 * chain not indented.
 */
function concatFromTerm(pr: Printer, e: Expr): boolean {
  if (e.type !== "Binary" || (e.op !== "//" && e.op !== "++" && e.op !== "+")) return false;
  const first = flattenOp(pr, e)[0] as Expr;
  // (`matchFirstToken (not . hasPreTrivia)`: a blank line before it is trivia too.)
  return isAbsorbableTerm(first, pr.ctx.hints) && !hasComments(first) && (first.span === undefined || !pr.blankAt(spanStart(first.span)));
}

export function* set(pr: Printer, kw: string | null, bindings: readonly Binding[], wide: boolean, node?: Attrs): Gen {
  // Parsed code: comments between `rec` and `{` stay there, `{` on the next line (Pretty.hs
  // `prettySet`: `rec`'s trailing comment, the `{` token's trivia); the parser gives them to the
  // first binding. The same for `let {` (legacyLet).
  const afterRec = kw === "rec" && node !== undefined ? commentsAfterKeyword(pr, node, "rec") : null;
  if (afterRec !== null && node !== undefined) {
    const rest: Attrs = { ...node, rec: false, bindings: afterRec.bindings };
    return ["rec", ...afterRec.doc, cat(yield set(pr, null, rest.bindings, wide, rest))];
  }
  const head: Doc = kw === null ? ["{"] : [kw, HARDSPACE, "{"];
  const broken = node !== undefined && (pr.ctx.hints?.bracketsBroken(node) ?? false);
  // A blank line inside empty brackets stays (nixfmt: trivia of the closing bracket).
  if (bindings.length === 0) return [...head, ...emptyInside(pr, node, broken), "}"];
  // Comments after the last binding (before `}`) expand the set too: they are items for nixfmt.
  const { items: bds, dangling } = blockItemsOf(pr, bindings);
  if (wide || bindings.length >= 2 || broken || dangling !== null) {
    // Certain to expand: build the block directly (plain data in one go).
    if (kw === null && node !== undefined) {
      const fast = pr.dataBlock(node);
      if (fast !== null) return [fast];
    }
    const blockItems: BlockItem[] = [];
    for (let i = 0; i < bds.length; i++) {
      const r = bindingItem(pr, bds[i] as Binding, i === 0);
      const d = Array.isArray(r) ? r : yield r;
      blockItems.push(toBlockItem(d));
    }
    if (dangling !== null) blockItems.push(...dangling.lines);
    const blankClose = dangling !== null ? dangling.blankClose : node !== undefined && blankBeforeClose(pr, node);
    return [bracketBlock(kw === null ? "{" : `${kw} {`, blockItems, "}", blankClose, pr.ctx.indent)];
  }
  const items: Doc = [];
  for (let i = 0; i < bindings.length; i++) {
    if (i > 0) items.push(HARDLINE);
    const r = bindingItem(pr, bindings[i] as Binding, i === 0);
    items.push(cat(Array.isArray(r) ? r : yield r));
  }
  return [...head, SPACE, nest(items), SPACE, "}"];
}

/** The legacy `let { … }`: a set after the keyword `let`, as `rec { … }` (comments after `let` too). */
export function* legacyLet(pr: Printer, n: LegacyLet, wide: boolean): Gen {
  const after = commentsAfterKeyword(pr, n, "let");
  if (after !== null) return ["let", ...after.doc, cat(yield set(pr, null, after.bindings, wide))];
  return yield set(pr, "let", n.bindings, wide);
}

/**
 * The comments written between the keyword `kw` (`rec`, `let`) and `{` (see {@link set}), and the
 * bindings without them, or null.
 */
function commentsAfterKeyword(pr: Printer, n: Attrs | LegacyLet, kw: string): { doc: Doc; bindings: Binding[] } | null {
  const f = pr.ctx.hints;
  const first = n.bindings[0];
  if (f === undefined || n.span === undefined || first === undefined) return null;
  const next = f.commentsBeforeNext(spanStart(n.span) + kw.length);
  const cs = first.comments;
  if (next === null || f.text(next.at, next.at + 1) !== "{" || cs === undefined || cs.length < next.infos.length) return null;
  const k = next.infos.length;
  const doc: Doc = [(next.infos[0] as CommentInfo).blank ? EMPTYLINE : HARDLINE, ...commentsAt(pr, next.at, cs.slice(0, k), k)];
  const rest = { ...first, comments: cs.length > k ? cs.slice(k) : undefined } as Binding;
  return { doc, bindings: [rest, ...n.bindings.slice(1)] };
}

export function listGrouped(pr: Printer, n: List): Req {
  if (n.items.length === 0) return ["[", ...emptyInside(pr, n, pr.ctx.hints?.bracketsBroken(n) ?? false), "]"];
  return list(pr, n, HARDLINE, true);
}

export function* list(pr: Printer, n: List, sep: number, grouped = false): Gen {
  const broken = pr.ctx.hints?.bracketsBroken(n) ?? false;
  if (n.items.length === 0) return ["[", ...emptyInside(pr, n, broken), "]"];
  if (sep === HARDLINE && n.items.length >= 2) {
    const fast = pr.dataBlock(n);
    if (fast !== null) return [fast];
  }
  const blocks: BlockItem[] = [];
  const { items: wholes, dangling } = blockItemsOf(pr, n.items, sep === HARDLINE);
  for (let i = 0; i < wholes.length; i++) {
    const whole = wholes[i] as Expr;
    // An empty list or set with comments inside: those are its own, not the item's.
    const sp = splitInner(pr, whole);
    const it = sp === null ? whole : sp.rest;
    // (First: the item's blank line is the list's to print, not the node's.)
    const blank = blankItem(pr, it, i === 0);
    const plain = it.comments === undefined && it.trailing === undefined && it.blankBefore === undefined;
    const node = plain ? it : stripTrivia(it);
    const r = sp !== null ? innerContainer(sp, pr) : pr.pretty(atSelectLevel(node));
    const d = Array.isArray(r) ? r : yield r;
    const item: Doc = plain ? [] : [...leadingComments(pr, it, it.comments)];
    if (!plain && it.comments !== undefined && it.comments.length > 0 && blankAfterComments(pr, it)) {
      item.push(EMPTYLINE);
    }
    item.push(itemDoc(d));
    if (!plain) item.push(...trailingDoc(it.trailing, pr.ctx.hints !== undefined));
    blocks.push({ blank, item: pr.block(item) });
  }
  if (dangling !== null) blocks.push(...dangling.lines);
  if (sep === HARDLINE && (n.items.length >= 2 || broken || dangling !== null)) {
    return [bracketBlock("[", blocks, "]", dangling !== null ? dangling.blankClose : blankBeforeClose(pr, n), pr.ctx.indent)];
  }
  const items: Doc = [];
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i] as BlockItem;
    if (i > 0) items.push(sep);
    if (b.blank && i > 0) items.push(EMPTYLINE);
    items.push(b.item);
  }
  // Brackets on different lines stay so (Pretty.hs `renderList`), also with `line` separators; a
  // blank line before `]` is the bracket's trivia, kept as in the block layout above (with
  // `--strict` it is what keeps the brackets apart: dropped, the next pass joined them).
  const edge = broken ? HARDLINE : SPACE;
  const close: Doc = broken && blankBeforeClose(pr, n) ? [HARDLINE, EMPTYLINE] : [edge];
  const d: Doc = ["[", edge, nest(items), ...close, "]"];
  return grouped ? [group(d)] : d;
}

/** What goes between the brackets of an empty list or set: a space, a line break, or a blank line. */
function emptyInside(pr: Printer, node: Attrs | List | undefined, broken: boolean): Doc {
  if (node !== undefined && blankBeforeClose(pr, node)) return [HARDLINE, EMPTYLINE];
  return [broken ? HARDLINE : HARDSPACE];
}
