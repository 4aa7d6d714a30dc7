/**
 * {@link NixDocument}: lossless edits of Nix source by attribute path. Each edit computes the few
 * text splices it needs from the parsed tree and returns a new document; every byte outside the
 * edited nodes stays as it was. New or changed nodes are printed by the RFC 166 printer at the
 * indentation of their place; when the construct around them must change layout (a one-line set
 * that gets a second binding), that construct is reprinted, as nixfmt would lay it out.
 *
 * @module
 */
import type { Assign, Attrs, Binding, Expr, Formal, FormalsParam, Inherit, Lambda, List, Span } from "../ast/nodes.js";
import { toExpr, type Nixable } from "../builders/values.js";
import { parse } from "../parse/index.js";
import { print } from "../print/index.js";
import { entryText } from "../print/driver.js";
import { checkedIndent } from "../print/render.js";
import {
  bindingsOf,
  findAll,
  insertPoint,
  letBinding,
  type Hit,
  type NodeLoc,
  type Scope,
} from "./find.js";
import { attrPath, NixEditError, showPath, staticName, type AttrPathInput } from "./path.js";
import {
  blankLine,
  endOf,
  eolAt,
  indentStep,
  isFormatDirective,
  lineIndent,
  lineStart,
  nextLineStart,
  placeText,
  scanTrivia,
  skipTrivia,
  startOf,
  startsLine,
  trailingCommentEnd,
  type Splice,
} from "./text.js";

/** Options of {@link edit}. */
export interface EditOptions {
  /** A file name for error messages. */
  readonly file?: string;
  /** Line width for printed nodes, not counting indentation (as nixfmt); default 100. */
  readonly width?: number;
  /**
   * Columns per indentation level inside printed nodes (as nixfmt's `--indent`). Default: the
   * file's own step, the most common increase of indentation from a line to the next (2 when no
   * line goes deeper).
   */
  readonly indent?: number;
}

/** A value to put into a document: an AST node (builders, the `nix` tag) or a JS value. */
export type EditValue = Nixable | Expr;

/** What {@link NixDocument.get} finds. */
export interface Found {
  /** The value's node: parsed (with its span), or made for an inherited name (`inherit (x) a;` gives `x.a`). */
  readonly node: Expr;
  /** The binding that defines it (an `Assign`, or the `Inherit` naming it). */
  readonly binding: Binding;
  /** Where the value is in the source (for an inherited name: the `inherit` statement). */
  readonly span: Span;
  /** The value's source text (for an inherited name: `x.a`, or the name). */
  readonly text: string;
  /** The `inherit x;` that led to a `let` binding, when the path was found through one. */
  readonly inherited?: Inherit;
}

/** Which list item {@link NixDocument.removeItem} removes. */
export type ItemMatch = number | ((item: Expr, text: string) => boolean) | EditValue;

/** Where a function's formals are: the lambda at an attribute path, else the file's own function. */
export interface FormalOptions {
  readonly at?: AttrPathInput;
}

/**
 * Parses Nix source for editing.
 *
 * @throws NixParseError (with line and column) when the source is not valid Nix; RangeError when
 * `options.indent` is not a whole number from 1 to 16.
 */
export function edit(source: string, options: EditOptions = {}): NixDocument {
  return new NixDocument(source, options);
}

/**
 * Whether `loc` is the file's expression, or reached from it through bodies of a lambda, `let`,
 * `with` or `assert` alone (`{ lib }: let … in with lib; …`): the file's skeleton.
 */
function topLevel(loc: NodeLoc): boolean {
  let cur = loc;
  while (cur.parent.kind === "inner") {
    const up = cur.parent.parent;
    const n = up.node;
    const body = n.type === "Lambda" || n.type === "Let" || n.type === "With" || n.type === "Assert" ? n.body : undefined;
    if (body !== cur.node) return false;
    cur = up;
  }
  return cur.parent.kind === "root";
}

/**
 * An immutable parsed Nix file. Edits return new documents; {@link NixDocument.toString} gives the
 * text. The tree is parsed once per document (edits on a document parse the result lazily, when
 * it is read or edited again).
 */
export class NixDocument {
  readonly #source: string;
  readonly #options: EditOptions;
  #ast: Expr | undefined;
  #indent: number | undefined;

  /**
   * Parses `source` (see {@link edit}).
   *
   * @param lazy Internal: leave the parse until the tree is first needed (documents made by edits).
   * @throws NixParseError when `source` is not valid Nix; RangeError when `options.indent` is not a
   * whole number from 1 to 16.
   */
  constructor(source: string, options: EditOptions = {}, lazy = false) {
    if (options.indent !== undefined) checkedIndent(options.indent);
    this.#source = source;
    this.#options = options;
    if (!lazy) this.#ast = parse(source, options.file === undefined ? {} : { file: options.file });
  }

  /** The source text. */
  get source(): string {
    return this.#source;
  }

  /** The parsed tree (spans point into {@link NixDocument.source}). */
  get ast(): Expr {
    return (this.#ast ??= parse(this.#source, this.#options.file === undefined ? {} : { file: this.#options.file }));
  }

  /** The text of the document. */
  toString(): string {
    return this.#source;
  }

  private get width(): number {
    return this.#options.width ?? 100;
  }

  /** The indentation step of printed nodes: the option, else the file's own (read once per chain of edits). */
  private get indent(): number {
    return (this.#indent ??= this.#options.indent ?? indentStep(this.#source));
  }

  /**
   * Text laid out with the indentation step. A text on one line does not depend on it, so the file
   * is read for its step only when the text spans lines (an edit stays proportional to the edit).
   */
  private laidOut(f: (indent: number) => string): string {
    const known = this.#options.indent ?? this.#indent;
    if (known !== undefined) return f(known);
    const text = f(2);
    return !text.includes("\n") || this.indent === 2 ? text : f(this.indent);
  }

  /** An entry (binding or list item) as the printer lays it out, lines after the first relative to its start. */
  private entry(e: Binding | Expr): string {
    return this.laidOut((indent) => entryText(e, this.width, indent));
  }

  /** An expression printed alone, without the final line break. */
  private printed(e: Expr): string {
    return this.laidOut((indent) => print(e, { width: this.width, indent }).replace(/\n$/, ""));
  }

  private root(): NodeLoc {
    return { node: this.ast, parent: { kind: "root" } };
  }

  private fail(reason: string, path: readonly string[], span?: Span | undefined): never {
    // Without a node to point at (a missing path), the message points at the file's expression.
    const at = span ?? this.#ast?.span;
    throw new NixEditError(
      reason,
      path.length === 0 ? "" : showPath(path),
      at === undefined ? undefined : { file: this.#options.file, line: at.start.line, column: at.start.column },
    );
  }

  private with(splices: readonly Splice[]): NixDocument {
    // Non-overlapping splices, applied from the end so earlier offsets stay valid.
    const sorted = [...splices].sort((a, b) => b.from - a.from);
    let src = this.#source;
    for (const s of sorted) src = src.slice(0, s.from) + s.text + src.slice(s.to);
    // The file keeps its indentation step through edits: found once, it is passed on.
    const options = this.#indent === undefined || this.#options.indent !== undefined ? this.#options : { ...this.#options, indent: this.#indent };
    return new NixDocument(src, options, true);
  }

  // --- lookup -----------------------------------------------------------------------------------

  /** The one place that defines `path`, or null when nothing does; throws when it is ambiguous. */
  private resolve(path: readonly string[]): Hit | null {
    const hits = findAll(this.root(), path);
    if (hits.length === 0) return null;
    const values = hits.filter((h) => h.kind !== "below");
    if (values.length === 0) return hits[0]!;
    if (hits.length > 1) {
      const where = hits.map((h) => describeAt(h.binding.span)).join(", ");
      this.fail(`the path is defined in several places (${where}); edit a longer path`, path, hits[1]!.binding.span);
    }
    const h = values[0]!;
    if (h.kind === "through-inherit") {
      this.fail(`${showPath([h.name])} is inherited here; its attributes cannot be edited in this file`, path, h.binding.span);
    }
    return h;
  }

  /**
   * The value at `path`: its node, span and source text; `undefined` when nothing defines it.
   *
   * An inherited name is followed to the `let` binding it refers to; `inherit (x) a;` gives the
   * node `x.a` (its text written from the tree) with the statement's span.
   *
   * @throws {@link NixEditError} when the path is ambiguous (defined by several bindings, or only
   *   by dotted bindings below it) or goes through an inherited name.
   */
  get(path: AttrPathInput): Found | undefined {
    const p = attrPath(path);
    const h = this.resolve(p);
    if (h === null) return undefined;
    if (h.kind === "below") {
      this.fail("the path is a set made of dotted bindings below it; get one of them", p, h.binding.span);
    }
    if (h.kind === "value") return this.found(h.binding, h.value.node);
    if (h.kind === "inherit") {
      const lb = h.binding.from === undefined ? letBinding(h.lets, h.name) : null;
      if (lb !== null && lb.kind === "value") return { ...this.found(lb.binding, lb.value.node), inherited: h.binding };
      const node: Expr =
        h.binding.from === undefined
          ? { type: "Var", name: h.name }
          : { type: "Select", expr: h.binding.from, path: [h.name] };
      return { node, binding: h.binding, span: h.binding.span!, text: this.printed(node) };
    }
    return this.fail("internal: unexpected lookup result", p);
  }

  private found(binding: Binding, node: Expr): Found {
    const span = node.span!;
    return { node, binding, span, text: this.#source.slice(startOf(span), endOf(span)) };
  }

  /** Whether something defines `path`. */
  has(path: AttrPathInput): boolean {
    return findAll(this.root(), attrPath(path)).length > 0;
  }

  // --- set --------------------------------------------------------------------------------------

  /**
   * Sets the value at `path`: replaces the value where a binding defines it, else inserts a
   * binding into the deepest existing set on the way (`a.b = …` next to its siblings, or inside
   * `a = { … }` when that exists).
   *
   * Inherited names: `inherit x;` that refers to a `let` binding of this file sets that binding
   * (the value comes from there); otherwise (`inherit (src) x;`, or a function argument) the name
   * leaves the `inherit` and becomes its own binding `x = value;` right after it.
   *
   * @throws {@link NixEditError} for an ambiguous path, a path through an inherited name or a
   *   non-set value, or no attribute set to insert into; NixValueError for a JS value with no Nix form.
   */
  set(path: AttrPathInput, value: EditValue): NixDocument {
    const p = attrPath(path);
    const v = this.value(value);
    const h = this.resolve(p);
    if (h === null) return this.with(this.insert(p, v));
    if (h.kind === "value") {
      return this.with(this.replaceBinding(h.scope, h.binding, withValue(h.binding, v)));
    }
    if (h.kind === "inherit") {
      if (h.binding.from === undefined) {
        const lb = letBinding(h.lets, h.name);
        if (lb !== null && lb.kind === "value") {
          return this.with(this.replaceBinding(lb.scope, lb.binding, withValue(lb.binding, v)));
        }
      }
      return this.with(this.splitInherit(h.scope, h.binding, h.name, { type: "Assign", path: [h.name], value: v }));
    }
    return this.fail(
      `the path is a set made of dotted bindings below it (${describeAt(h.binding.span)}); set a longer path, or remove it first`,
      p,
      h.binding.span,
    );
  }

  /**
   * A value as a node. In a file with CRLF line endings a multi-line indented string would take
   * CRs into its value (Nix keeps them), so it is written as a double-quoted string there.
   */
  private value(value: EditValue): Expr {
    const e = toExpr(value as Nixable);
    return eolAt(this.#source, 0) === "\r\n" ? quoteMultilineIndStrs(e) as Expr : e;
  }

  private insert(p: readonly string[], v: Expr): Splice[] {
    const ip = insertPoint(this.root(), p);
    if (ip === null) this.fail("not found, and there is no attribute set to add it to", p, this.ast.span);
    if (ip.kind === "blocked") {
      this.fail(`${showPath(ip.names)} is not an attribute set here (it is ${describeKind(ip.binding.value)})`, p, ip.binding.value.span);
    }
    const nb: Assign = { type: "Assign", path: ip.names as [string, ...string[]], value: v };
    const bs = bindingsOf(ip.scope);
    if (bs.length === 0 || !this.expanded(ip.scope.node)) {
      const at = ip.after === null ? bs.length : bs.indexOf(ip.after) + 1;
      const rebuilt = { ...ip.scope.node, bindings: [...bs.slice(0, at), nb, ...bs.slice(at)] } as Expr;
      return this.replaceNode(ip.scope.loc, rebuilt);
    }
    const anchor = ip.after ?? bs[bs.length - 1]!;
    return [this.insertAfter(anchor, nb)];
  }

  /** A new binding on its own line after `anchor` (and after its comment on that line). */
  private insertAfter(anchor: { readonly span?: Span | undefined }, entry: Binding | Expr): Splice {
    const src = this.#source;
    const at = trailingCommentEnd(src, endOf(anchor.span));
    const start = startOf(anchor.span);
    const indent = lineIndent(src, start);
    const eol = eolAt(src, at);
    return { from: at, to: at, text: eol + indent + placeText(this.entry(entry), indent, eol) };
  }

  /** Whether the author broke a set, `let` or list open (its first item is not on the opening line). */
  private expanded(node: Expr): boolean {
    if (node.type === "Let") return true;
    const src = this.#source;
    const start = startOf(node.span);
    const first =
      node.type === "List" ? node.items[0] : node.type === "Attrs" || node.type === "LegacyLet" ? node.bindings[0] : undefined;
    const end = first === undefined ? endOf(node.span) : startOf(first.span);
    return src.slice(start, end).includes("\n");
  }

  /** Replaces `old` in `scope` by `next` (printed at its place), reprinting the scope if it must break. */
  private replaceBinding(scope: Scope, old: Binding, next: Binding): Splice[] {
    const text = this.entry(next);
    if (text.includes("\n") && !this.expanded(scope.node)) {
      const rebuilt = { ...scope.node, bindings: bindingsOf(scope).map((b) => (b === old ? next : b)) } as Expr;
      return this.replaceNode(scope.loc, rebuilt);
    }
    return [this.placeAt(old.span, text)];
  }

  /** Splices printed text over `span`, lines after the first at the indentation of its line. */
  private placeAt(span: Span | undefined, text: string): Splice {
    const src = this.#source;
    const from = startOf(span);
    return { from, to: endOf(span), text: placeText(text, lineIndent(src, from), eolAt(src, from)) };
  }

  /** Replaces the node at `loc` by `next`, reprinting its parent construct where layout demands it. */
  private replaceNode(loc: NodeLoc, next: Expr): Splice[] {
    const par = loc.parent;
    switch (par.kind) {
      case "value":
        return this.replaceBinding(par.scope, par.binding, withValue(par.binding, next));
      case "item": {
        const list = par.list.node as List;
        const text = this.entry(next);
        if (text.includes("\n") && !this.expanded(list)) {
          return this.replaceNode(par.list, { ...list, items: list.items.map((x, i) => (i === par.index ? next : x)) });
        }
        return [this.placeAt(loc.node.span, text)];
      }
      case "root":
        return [this.placeAt(loc.node.span, this.printed(next))];
      case "inner": {
        // Printed alone, an inner node (a call's argument, an operand) knows nothing of the text
        // before it on its line. Where it breaks or no longer fits there, or where its binding was
        // in the printer's own layout (a formatted file stays formatted), the parent is printed
        // again, up to the binding or list item whose layout nixfmt decides as a whole. Not past
        // the file's own skeleton (its function, `let`, `with`, `assert`, whose bodies follow a
        // head that ends where they start): there the node is placed as at the top, where printing
        // the parent again would lay out every binding of a `let` anew for one edit of its body.
        const text = this.printed(next);
        const up = par.parent;
        if (!topLevel(up) && (!this.fitsInPlace(loc.node.span, text) || this.canonicalEntry(up))) {
          return this.replaceNode(up, withChild(up.node, loc.node, next));
        }
        return [this.placeAt(loc.node.span, text)];
      }
    }
  }

  /** Whether the binding (or list item) holding `loc` reads exactly as the printer lays it out. */
  private canonicalEntry(loc: NodeLoc): boolean {
    let cur = loc;
    while (cur.parent.kind === "inner") cur = cur.parent.parent;
    const par = cur.parent;
    if (par.kind === "value") {
      const b = par.binding;
      return this.#source.slice(startOf(b.span), endOf(b.span)) === placeText(this.entry(b), lineIndent(this.#source, startOf(b.span)), eolAt(this.#source, startOf(b.span)));
    }
    return false;
  }

  /** Whether `text` replacing `span` stays one line within the width (not counting indentation). */
  private fitsInPlace(span: Span | undefined, text: string): boolean {
    if (text.includes("\n")) return false;
    const src = this.#source;
    const from = startOf(span);
    const to = endOf(span);
    const lineFrom = src.lastIndexOf("\n", from - 1) + 1;
    const nl = src.indexOf("\n", to);
    const lineTo = nl < 0 ? src.length : nl;
    const line = src.slice(lineFrom, from) + text + src.slice(to, lineTo).replace(/\r$/, "");
    return line.trimStart().length <= this.width;
  }

  /** `inherit … name …;` loses `name`, and `next` follows it. */
  private splitInherit(scope: Scope, inh: Inherit, name: string, next: Assign): Splice[] {
    const bs = bindingsOf(scope);
    const rest = inh.names.filter((n) => n !== name);
    if (!this.expanded(scope.node)) {
      const out: Binding[] = [];
      for (const b of bs) {
        if (b !== inh) out.push(b);
        else {
          if (rest.length > 0) out.push({ ...inh, names: rest, gaps: undefined } as Inherit);
          out.push(next);
        }
      }
      return this.replaceNode(scope.loc, { ...scope.node, bindings: out } as Expr);
    }
    if (rest.length === 0) return [this.placeAt(inh.span, this.entry(next))];
    return [this.removeInheritName(inh, name), this.insertAfter(inh, next)];
  }

  // --- remove -----------------------------------------------------------------------------------

  /**
   * Removes the binding at `path` with its own comments (those on the lines right above it and
   * after it on its line); a name of an `inherit` leaves the statement (the statement goes when it
   * was the last). A path made of dotted bindings below it (`a` for `a.b = …; a.c = …;`) removes
   * them all.
   *
   * @throws {@link NixEditError} when nothing defines the path, or it is ambiguous.
   */
  remove(path: AttrPathInput): NixDocument {
    const p = attrPath(path);
    const hits = findAll(this.root(), p);
    if (hits.length === 0) this.fail("not found", p, undefined);
    if (hits.every((h) => h.kind === "below")) {
      return this.with(hits.map((h) => this.removeBinding(h.scope, h.binding)));
    }
    const h = this.resolve(p)!;
    if (h.kind === "value") return this.with([this.removeBinding(h.scope, h.binding)]);
    if (h.kind === "inherit") {
      if (h.binding.names.length === 1) return this.with([this.removeBinding(h.scope, h.binding)]);
      return this.with([this.removeInheritName(h.binding, h.name)]);
    }
    return this.fail("internal: unexpected lookup result", p);
  }

  /** Where the gap before the binding or item `index` of a group starts. */
  private gapStart(group: Expr, items: readonly { readonly span?: Span | undefined }[], index: number): number {
    if (index > 0) return trailingCommentEnd(this.#source, endOf(items[index - 1]!.span));
    const src = this.#source;
    const s = startOf(group.span);
    if (group.type === "Let") return s + 3;
    if (group.type === "List") return src.indexOf("[", s) + 1;
    return src.indexOf("{", s) + 1;
  }

  /** The splice that removes an item (binding, list element, formal) with its own comments. */
  private removeRange(group: Expr, items: readonly { readonly span?: Span | undefined }[], index: number): Splice {
    const src = this.#source;
    const item = items[index]!;
    let from = startOf(item.span);
    const end = trailingCommentEnd(src, endOf(item.span));
    // Its own comments: on lines of their own right above it, with no blank line in between.
    const { comments } = scanTrivia(src, this.gapStart(group, items, index), from);
    for (let k = comments.length - 1; k >= 0; k--) {
      const c = comments[k]!;
      // A format directive marks a region of the file, which goes on without this item.
      if (!c.ownLine || isFormatDirective(src.slice(c.from, c.to)) || /\n[ \t\r]*\n/.test(src.slice(c.to, from))) break;
      from = c.from;
    }
    const lines = this.removeLines(from, end);
    if (lines !== null) return lines;
    let t = end;
    while (src[t] === " " || src[t] === "\t") t++;
    return { from, to: t, text: "" };
  }

  /**
   * The splice that removes the lines of `[from, end)` when the range is whole lines (nothing but
   * indentation before it, nothing but the line break after it), else null. Blank lines around
   * collapse to one between items; none is left right after an opening bracket or right before a
   * closing one (as nixfmt prints).
   */
  private removeLines(from: number, end: number): Splice | null {
    const src = this.#source;
    if (!startsLine(src, from) || !/^[ \t\r]*\n?$/.test(src.slice(end, nextLineStart(src, end)))) return null;
    let f = lineStart(src, from);
    let t = nextLineStart(src, end);
    let f2 = f;
    while (f2 > 0 && blankLine(src, f2 - 1)) f2 = lineStart(src, f2 - 1);
    let t2 = t;
    while (t2 < src.length && blankLine(src, t2)) t2 = nextLineStart(src, t2);
    const closer = /^[ \t]*([\]}]|in\b)/.test(src.slice(t2, nextLineStart(src, t2)));
    const opener = f2 === 0 || /(\{|\[|\blet)[ \t\r]*\n$/.test(src.slice(lineStart(src, f2 - 1), f2));
    if (closer || opener) {
      f = f2;
      t = t2;
    } else if (f2 < f && t2 > t) t = nextLineStart(src, t);
    return { from: f, to: t, text: "" };
  }

  private removeBinding(scope: Scope, b: Binding): Splice {
    const bs = bindingsOf(scope);
    return this.removeRange(scope.node, bs, bs.indexOf(b));
  }

  /** Removes one name (and the space after it) from an `inherit` that keeps others. */
  private removeInheritName(inh: Inherit, name: string): Splice {
    const src = this.#source;
    let i = inh.from === undefined ? startOf(inh.span) + "inherit".length : src.indexOf(")", endOf(inh.from.span)) + 1;
    const end = endOf(inh.span) - 1;
    for (;;) {
      i = skipTrivia(src, i);
      if (i >= end) break;
      const tokEnd = nameTokenEnd(src, i);
      if (unquote(src.slice(i, tokEnd)) === name) {
        const lineEnd = trailingCommentEnd(src, tokEnd);
        if (startsLine(src, i) && /^[ \t\r]*\n/.test(src.slice(lineEnd, nextLineStart(src, lineEnd)))) {
          return { from: lineStart(src, i), to: nextLineStart(src, lineEnd), text: "" };
        }
        let t = tokEnd;
        while (src[t] === " " || src[t] === "\t") t++;
        let f = i;
        // The last name before `;`: take the space before it instead of after.
        if (t >= end) while (f > 0 && (src[f - 1] === " " || src[f - 1] === "\t")) f--;
        return { from: f, to: t >= end ? tokEnd : t, text: "" };
      }
      i = tokEnd;
    }
    return this.fail(`internal: ${name} not found in its inherit`, [name], inh.span);
  }

  // --- lists ------------------------------------------------------------------------------------

  /**
   * The value node at `path` for an edit inside it (a list, a pattern). `inherit x;` naming a `let`
   * binding of the file leads to that binding's value, as for {@link NixDocument.get} and
   * {@link NixDocument.set}: the value comes from there. Any other inherited name, or dotted
   * bindings below the path, have no value here to edit: `refusal` says so.
   */
  private valueAt(p: readonly string[], refusal: string): NodeLoc {
    const h = this.resolve(p);
    if (h === null) this.fail("not found", p);
    if (h.kind === "value") return h.value;
    if (h.kind === "inherit" && h.binding.from === undefined) {
      const lb = letBinding(h.lets, h.name);
      if (lb !== null && lb.kind === "value") return lb.value;
    }
    return this.fail(h.kind === "inherit" ? `${refusal}: the name is inherited and its value is not in this file` : refusal, p, h.binding.span);
  }

  /** The list at `path` (through parentheses). */
  private listAt(p: readonly string[]): NodeLoc {
    let loc = p.length === 0 ? this.root() : this.valueAt(p, "not a list binding");
    // `with pkgs; [ … ]` is a list too.
    for (;;) {
      const n: Expr = loc.node;
      if (n.type === "Paren") loc = { node: n.expr, parent: { kind: "inner", parent: loc } };
      else if (n.type === "With") loc = { node: n.body, parent: { kind: "inner", parent: loc } };
      else break;
    }
    if (loc.node.type !== "List") this.fail(`the value is not a list literal (it is ${describeKind(loc.node)})`, p, loc.node.span);
    return loc;
  }

  /**
   * Appends items to the list at `path`, each on its own line when the list is broken open; a
   * one-line list is reprinted as nixfmt lays it out with the new items.
   *
   * @throws {@link NixEditError} when the path is missing or its value is not a list literal.
   */
  append(path: AttrPathInput, ...values: readonly EditValue[]): NixDocument {
    const p = listPath(path);
    const loc = this.listAt(p);
    const list = loc.node as List;
    const items = values.map((v) => this.value(v));
    if (items.length === 0) return this;
    if (list.items.length === 0 || !this.expanded(list)) {
      return this.with(this.replaceNode(loc, { ...list, items: [...list.items, ...items] }));
    }
    const anchor = list.items[list.items.length - 1]!;
    const first = this.insertAfter(anchor, items[0]!);
    let text = first.text;
    const indent = /[^\n]*$/.exec(text.slice(0, text.length - this.entry(items[0]!).split("\n")[0]!.length))![0];
    const eol = eolAt(this.#source, first.from);
    for (const it of items.slice(1)) text += eol + indent + placeText(this.entry(it), indent, eol);
    return this.with([{ ...first, text }]);
  }

  /**
   * Removes one item of the list at `path`: by index, by a predicate on the item and its source
   * text, or the first item equal to a value (compared by printed form).
   *
   * @throws {@link NixEditError} when the path is missing, its value is not a list literal, or no
   *   item matches.
   */
  removeItem(path: AttrPathInput, which: ItemMatch): NixDocument {
    const p = listPath(path);
    const loc = this.listAt(p);
    const list = loc.node as List;
    const src = this.#source;
    let index: number;
    if (typeof which === "number") index = Number.isInteger(which) && which >= 0 && which < list.items.length ? which : -1;
    else if (typeof which === "function") {
      const pred = which as (item: Expr, text: string) => boolean;
      index = list.items.findIndex((it) => pred(it, src.slice(startOf(it.span), endOf(it.span))));
    } else {
      const want = this.entry(toExpr(which as Nixable));
      index = list.items.findIndex((it) => this.entry(bare(it)) === want);
    }
    if (index < 0) this.fail("no such item in the list", p, list.span);
    return this.with([this.removeRange(list, list.items, index)]);
  }

  // --- formals ----------------------------------------------------------------------------------

  /** The lambda with a set pattern at `at`, else the file's own function. */
  private lambdaAt(at: AttrPathInput | undefined): NodeLoc {
    const p = at === undefined ? [] : attrPath(at);
    let loc = at === undefined ? this.root() : this.valueAt(p, "not a function binding");
    while (loc.node.type === "Paren") loc = { node: loc.node.expr, parent: { kind: "inner", parent: loc } };
    if (loc.node.type !== "Lambda" || loc.node.param.type !== "FormalsParam") {
      this.fail("not a function with a set pattern ({ a, b }: …)", p, loc.node.span);
    }
    return loc;
  }

  /** Offsets of a set pattern's `{`, `}` and the end of the `:` after it. */
  private patternBounds(lam: Lambda): { open: number; close: number; colonEnd: number } {
    const src = this.#source;
    const fp = lam.param as FormalsParam;
    const open = src.indexOf("{", startOf(lam.span));
    let i = fp.formals.length > 0 ? endOf(fp.formals[fp.formals.length - 1]!.span) : open + 1;
    for (;;) {
      i = skipTrivia(src, i);
      if (src[i] === ",") i++;
      else if (src.startsWith("...", i)) i += 3;
      else break;
    }
    const close = i;
    i = skipTrivia(src, close + 1);
    if (src[i] === "@") {
      i = skipTrivia(src, i + 1);
      while (i < src.length && /[A-Za-z0-9_'-]/.test(src[i]!)) i++;
      i = skipTrivia(src, i);
    }
    return { open, close, colonEnd: i + 1 };
  }

  /**
   * Adds a formal to a function's set pattern (`{ lib, stdenv }:` → `{ lib, stdenv, fetchurl }:`,
   * laid out as nixfmt does), optionally with a default. A no-op when the formal exists.
   *
   * @throws {@link NixEditError} when there is no function with a set pattern there.
   */
  addFormal(name: string, options: FormalOptions & { readonly default?: EditValue } = {}): NixDocument {
    const loc = this.lambdaAt(options.at);
    const lam = loc.node as Lambda;
    const fp = lam.param as FormalsParam;
    if (fp.formals.some((f) => f.name === name)) return this;
    const formal: Formal =
      options.default === undefined ? { name } : { name, default: this.value(options.default) };
    const src = this.#source;
    const b = this.patternBounds(lam);
    const expanded = src.slice(b.open, b.close).includes("\n");
    const printed = this.formalText(formal);
    if (expanded && !printed.includes("\n")) {
      const last = fp.formals[fp.formals.length - 1];
      if (last !== undefined) {
        const afterLast = skipTrivia(src, endOf(last.span));
        const comma = src[afterLast] === ",";
        const at = comma ? trailingCommentEnd(src, afterLast + 1) : endOf(last.span);
        const indent = lineIndent(src, startOf(last.span));
        const eol = eolAt(src, at);
        const ell = fp.ellipsis ? src.indexOf("...", afterLast) : -1;
        if (ell >= 0 && startsLine(src, ell)) {
          const ls = lineStart(src, ell);
          return this.with([{ from: ls, to: ls, text: `${lineIndent(src, ell)}${printed},${eol}` }]);
        }
        return this.with([{ from: at, to: at, text: `${comma ? "" : ","}${eol}${indent}${printed}${comma ? "," : ""}` }]);
      }
    }
    // Reprint the pattern as the printer lays it out, up to its colon.
    const param: FormalsParam = { ...fp, formals: [...fp.formals, formal] };
    return this.with([this.patternSplice(loc, lam, param, b)]);
  }

  /**
   * Removes a formal from a function's set pattern, with its own comments when it has a line of its
   * own (the lines right above it with no blank line between, and the comment after it on its line).
   *
   * @throws {@link NixEditError} when there is no such formal or no function with a set pattern.
   */
  removeFormal(name: string, options: FormalOptions = {}): NixDocument {
    const loc = this.lambdaAt(options.at);
    const lam = loc.node as Lambda;
    const fp = lam.param as FormalsParam;
    const k = fp.formals.findIndex((f) => f.name === name);
    if (k < 0) this.fail(`the function has no formal ${name}`, options.at === undefined ? [] : attrPath(options.at), lam.span);
    const src = this.#source;
    if (fp.formals.length === 1 && !fp.ellipsis) {
      const b = this.patternBounds(lam);
      if (!src.slice(b.open, b.close).includes("#") && !src.slice(b.open, b.close).includes("/*")) {
        return this.with([{ from: b.open, to: b.close + 1, text: "{ }" }]);
      }
    }
    const f = fp.formals[k]!;
    const s = startOf(f.span);
    const e = endOf(f.span);
    const afterE = skipTrivia(src, e);
    const comma = src[afterE] === ",";
    const end = comma ? afterE + 1 : e;
    const lineEnd = trailingCommentEnd(src, end);
    if (startsLine(src, s) && /^[ \t\r]*\n/.test(src.slice(lineEnd, nextLineStart(src, lineEnd)))) {
      // Whole lines, with the formal's own comments: those on lines of their own right above it
      // (no blank line between), after the previous formal's comma and its comment on that line.
      let gap = this.patternBounds(lam).open + 1;
      if (k > 0) {
        const prevEnd = endOf(fp.formals[k - 1]!.span);
        const c = skipTrivia(src, prevEnd);
        gap = trailingCommentEnd(src, src[c] === "," ? c + 1 : prevEnd);
      }
      let from = s;
      const { comments } = scanTrivia(src, gap, s);
      for (let j = comments.length - 1; j >= 0; j--) {
        const c = comments[j]!;
        if (!c.ownLine || /\n[ \t\r]*\n/.test(src.slice(c.to, from))) break;
        from = c.from;
      }
      return this.with([this.removeLines(from, lineEnd)!]);
    }
    if (comma) {
      let t = end;
      while (src[t] === " " || src[t] === "\t") t++;
      return this.with([{ from: s, to: t, text: "" }]);
    }
    // The last formal without a comma after it: the comma before it goes too.
    let from = s;
    if (k > 0) {
      const prevEnd = endOf(fp.formals[k - 1]!.span);
      from = src.indexOf(",", prevEnd);
    }
    return this.with([{ from, to: e, text: "" }]);
  }

  private formalText(f: Formal): string {
    if (f.default === undefined) return f.name;
    const t = this.printed({ type: "Lambda", param: { type: "FormalsParam", formals: [f], ellipsis: false }, body: { type: "Var", name: "x" } });
    return t.slice(t.indexOf("{") + 1, t.lastIndexOf("}")).trim().replace(/,$/, "");
  }

  private patternSplice(loc: NodeLoc, lam: Lambda, param: FormalsParam, b: { colonEnd: number }): Splice {
    const src = this.#source;
    const t = this.printed({ type: "Lambda", param, body: { type: "Var", name: "x" } });
    const head = t.slice(0, t.lastIndexOf(":") + 1);
    const from = startOf(lam.span);
    const indent = lineIndent(src, from);
    const eol = eolAt(src, from);
    let text = placeText(head, indent, eol);
    let to = b.colonEnd;
    const par = loc.parent;
    const bodyStart = startOf(lam.body.span);
    const gap = src.slice(to, bodyStart);
    const plainGap = !gap.includes("\n") && !gap.includes("#") && !gap.includes("/*");
    // A binding's function whose pattern now spans lines goes below the `=`, one level deeper, with
    // its body on the line after `}:` (nixfmt). The body's lines move by one level, which keeps
    // its meaning unless it holds a string with a line break in it: then only the pattern changes.
    if (head.includes("\n") && par.kind === "value" && par.binding.value === lam && plainGap && !multilineString(src, lam.body)) {
      const eq = src.lastIndexOf("=", from);
      if (eq > startOf(par.binding.span) && /^[ \t]*$/.test(src.slice(eq + 1, from))) {
        const step = " ".repeat(this.indent);
        const inner = lineIndent(src, startOf(par.binding.span)) + step;
        const body = src.slice(bodyStart, endOf(lam.body.span)).replace(/\n(?=[^\r\n])/g, `\n${step}`);
        return { from: eq + 1, to: endOf(lam.body.span), text: eol + inner + placeText(head, inner, eol) + eol + inner + body };
      }
    }
    // A file's function whose pattern now spans lines has its body on the next line (nixfmt).
    if (head.includes("\n") && par.kind === "root") {
      if (plainGap) {
        text += eol + indent;
        to = bodyStart;
      }
    }
    return { from, to, text };
  }
}

/** Whether a parsed expression holds a string or path literal whose source spans lines. */
function multilineString(src: string, e: Expr): boolean {
  const stack: unknown[] = [e];
  while (stack.length > 0) {
    const x = stack.pop();
    if (Array.isArray(x)) {
      for (const y of x) stack.push(y);
      continue;
    }
    if (typeof x !== "object" || x === null || Object.getPrototypeOf(x) !== Object.prototype) continue;
    const o = x as { readonly [k: string]: unknown };
    if ((o.type === "Str" || o.type === "IndStr") && o.span !== undefined) {
      const sp = o.span as Span;
      if (src.slice(startOf(sp), endOf(sp)).includes("\n")) return true;
    }
    for (const k of Object.keys(o)) if (k !== "span") stack.push(o[k]);
  }
  return false;
}

/** The tree with every indented string that spans lines made a double-quoted one (same value). */
function quoteMultilineIndStrs(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(quoteMultilineIndStrs);
  if (typeof x !== "object" || x === null || Object.getPrototypeOf(x) !== Object.prototype) return x;
  const o = x as { readonly [k: string]: unknown };
  const out: { [k: string]: unknown } = {};
  for (const k of Object.keys(o)) out[k] = quoteMultilineIndStrs(o[k]);
  if (o.type === "IndStr" && (o.parts as readonly unknown[]).some((p) => typeof p === "string" && p.includes("\n"))) {
    out.type = "Str";
  }
  return out;
}

/** `line:column` of a span. */
function describeAt(span: Span | undefined): string {
  return span === undefined ? "?" : `${span.start.line}:${span.start.column}`;
}

function describeKind(e: Expr): string {
  const kinds: Partial<Record<Expr["type"], string>> = {
    Attrs: "an attribute set",
    Apply: "a function call",
    Int: "an integer",
    Float: "a float",
    Str: "a string",
    IndStr: "a string",
    List: "a list",
    Var: `the variable ${e.type === "Var" ? e.name : ""}`,
    Lambda: "a function",
    Select: "a selection",
  };
  return kinds[e.type] ?? `a ${e.type} expression`;
}

/** The path of a list edit: an empty array names the file's own expression. */
function listPath(path: AttrPathInput): readonly string[] {
  return typeof path !== "string" && path.length === 0 ? [] : attrPath(path);
}

/** A node without its comments (for comparing printed forms). */
function bare(e: Expr): Expr {
  const { comments: _c, trailing: _t, blankBefore: _b, ...rest } = e;
  return rest as Expr;
}

/** Where a name of an `inherit` ends (an identifier, a quoted string, or `${"…"}`, which Nix takes too). */
function nameTokenEnd(src: string, i: number): number {
  if (src.startsWith("${", i)) {
    const j = skipTrivia(src, nameTokenEnd(src, skipTrivia(src, i + 2)));
    return src[j] === "}" ? j + 1 : j;
  }
  if (src[i] === '"') {
    let j = i + 1;
    while (j < src.length && src[j] !== '"') j += src[j] === "\\" ? 2 : 1;
    return j + 1;
  }
  let j = i;
  while (j < src.length && /[A-Za-z0-9_'-]/.test(src[j]!)) j++;
  return j === i ? i + 1 : j;
}

/** The name a token stands for (`"a b"` and `${"a b"}` → `a b`). */
function unquote(tok: string): string {
  if (!tok.startsWith('"') && !tok.startsWith("${")) return tok;
  try {
    const e = parse(`{ ${tok} = 1; }`) as Attrs;
    const a = e.bindings[0] as Assign;
    return staticName(a.path[0]) ?? tok;
  } catch {
    return tok;
  }
}

/** `parent` with its child `old` (found by identity among its fields and list fields) replaced by `next`. */
function withChild(parent: Expr, old: Expr, next: Expr): Expr {
  const out: Record<string, unknown> = { ...parent };
  for (const [k, v] of Object.entries(parent)) {
    if (v === old) out[k] = next;
    else if (Array.isArray(v) && v.includes(old)) out[k] = v.map((x: unknown) => (x === old ? next : x));
  }
  return out as unknown as Expr;
}

/** `b` with the value `v`: its path as written, comments inside `${…}` names included. */
function withValue(b: Assign, v: Expr): Assign {
  return b.pathComments === undefined ? { type: "Assign", path: b.path, value: v } : { type: "Assign", path: b.path, pathComments: b.pathComments, value: v };
}
