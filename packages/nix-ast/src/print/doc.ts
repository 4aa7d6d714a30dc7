/**
 * A small document IR and its greedy layout engine, modelled on the semantics of nixfmt's `Predoc`
 * (groups that either fit on one line or dissolve, priority groups tried first, nesting that raises
 * indentation at most one level per line, width measured without indentation).
 *
 * Everything here is iterative: documents nest as deep as the AST (10,000 levels and more), so
 * neither layout nor measurement may recurse on the document structure.
 *
 * @module
 */

/** Spacing codes, ordered so that merging consecutive spacings mostly takes the maximum. */
export const SOFTBREAK = 1; // line break or nothing, decided lazily
export const BREAK = 2; // line break or nothing, follows the group
export const HARDSPACE = 3; // always a space
export const SOFTSPACE = 4; // line break or space, decided lazily
export const SPACE = 5; // line break or space, follows the group
export const HARDLINE = 6; // always a line break
export const EMPTYLINE = 7; // a blank line
/** `NEWLINES + n` is exactly n line breaks (used inside indented strings). */
export const NEWLINES = 100;

/** Group kinds: a priority group is expanded first; a transparent one lends its children to its parent. */
export const REGULAR = 0;
export const PRIORITY = 1;
export const TRANSPARENT = 2;

/** A group: rendered flat if it fits, else dissolved. */
export interface GroupE {
  readonly k: 0;
  readonly ann: 0 | 1 | 2;
  readonly doc: Doc;
}
/** Content one nesting level deeper. */
export interface NestE {
  readonly k: 1;
  readonly doc: Doc;
}
/** Content shifted by `n` columns beyond its indentation (indented-string lines). */
export interface OffsetE {
  readonly k: 2;
  readonly n: number;
  readonly doc: Doc;
}
/** Text that does not count towards line width (comments). */
export interface CommentE {
  readonly k: 3;
  readonly text: string;
}
/** Text printed only when its group is expanded (a trailing comma). */
export interface TrailingE {
  readonly k: 4;
  readonly text: string;
}
/**
 * An item already laid out on its own (see {@link renderBlock}): output pieces whose lines are
 * indented relative to the line where the block starts. Always spans several lines or ends in a line
 * comment: either way it never fits in a flat group.
 */
export interface BlockE {
  readonly k: 6;
  readonly pieces: Piece[];
  /** Width of the first and of the last line, without indentation. */
  readonly firstWidth: number;
  readonly lastWidth: number;
}

/** A block embedded in output, its lines shifted by `base` columns. */
interface Embed {
  readonly block: BlockE;
  readonly base: number;
}

/** Several lines of text already laid out (plain data); lines after the first are indented relative to its start. */
interface Lines {
  readonly lines: string;
}

/**
 * Output pieces: one-line text; a number n ≥ 0 is the indentation of a new line (n columns relative
 * to the enclosing block); a negative number -n is n line breaks; an {@link Embed} is a nested
 * block; {@link Lines} is multi-line text.
 */
type Piece = string | number | Embed | Lines;

/**
 * Text printed as written at the start of a line, without indentation (the raw lines of an indented
 * string cut by a disabled region: Predoc.hs `rawText`). Even empty, it claims the line start, so
 * the text after it gets no indentation either. It never fits in a flat group.
 */
export interface RawE {
  readonly k: 7;
  readonly text: string;
}

/** A plain sequence: splices a child document without copying it (keeps building linear). */
export interface CatE {
  readonly k: 5;
  readonly doc: Doc;
}

/** A document element: plain text, a spacing code, or a node. */
export type DocE = string | number | GroupE | NestE | OffsetE | CommentE | TrailingE | CatE | BlockE | RawE;
/** A document: a sequence of elements. */
export type Doc = DocE[];

/** Whether an element moves out of the group it starts (Predoc.hs `fixup`: hard spacing, comments). */
function hoistable(e: DocE): boolean {
  return typeof e === "number" ? e === HARDSPACE || e === HARDLINE || e === EMPTYLINE || e >= NEWLINES : typeof e === "object" && e.k === 3;
}

/**
 * Predoc's `fixup`: the hard line breaks and comments a document starts with, looking into the
 * nests and splices it starts with, and the document without them (those containers kept
 * around the rest). Null when it starts with neither.
 */
function leadOf(doc: Doc, bodies = false): { lead: Doc; rest: Doc } | null {
  const lead: Doc = [];
  for (let i = 0; i < doc.length; i++) {
    const e = doc[i] as DocE;
    if (hoistable(e) || (bodies && isCommentBody(e))) {
      lead.push(e);
      continue;
    }
    // (Not into groups: `group` has moved out what they start with already.)
    if (typeof e === "object" && (e.k === 1 || e.k === 5)) {
      const inner = leadOf(e.doc, bodies);
      if (inner !== null) {
        // Out of a nest, comments keep its indentation (Predoc's nesting is on the texts).
        if (e.k === 1) lead.push({ k: 1, doc: inner.lead });
        else lead.push(...inner.lead);
        const wrapped: DocE = e.k === 1 ? { k: 1, doc: inner.rest } : { k: 5, doc: inner.rest };
        return { lead, rest: inner.rest.length === 0 ? doc.slice(i + 1) : [wrapped, ...doc.slice(i + 1)] };
      }
    }
    return lead.length === 0 ? null : { lead, rest: doc.slice(i) };
  }
  return lead.length === 0 ? null : { lead, rest: [] };
}

/** Whether an element is the body of a block comment: an offset of comment lines only. */
function isCommentBody(e: DocE): boolean {
  return typeof e === "object" && e.k === 2 && e.doc.every((x) => x === HARDLINE || x === EMPTYLINE || (typeof x === "object" && x.k === 3));
}

/** Whether a document holds a comment at its top level or in the nests it holds there. */
function hasComment(doc: Doc): boolean {
  return doc.some((e) => typeof e === "object" && (e.k === 3 || (e.k === 1 && hasComment(e.doc))));
}

/**
 * The comments on lines of their own (and the line breaks around them) a document starts with, as
 * {@link leadOf} finds them, and the rest; null when it starts with no such comment.
 */
export function leadingCommentsOf(doc: Doc): { lead: Doc; rest: Doc } | null {
  // (Block comments of several lines whole: `-` then `rec /* a` / `b */ { }` printed the comment
  // after the `-`, where the next pass read it as written there: the comments property, seed 742.)
  const split = leadOf(doc, true);
  if (split === null || !hasComment(split.lead)) return null;
  // Whole lines only: not a language annotation (a comment and a space before its string).
  let last = split.lead[split.lead.length - 1];
  while (typeof last === "object" && last.k === 1) last = last.doc[last.doc.length - 1];
  if (last !== HARDLINE && last !== EMPTYLINE) return null;
  // Not inside a comment: a block comment's body is an offset, which leadOf does not enter.
  let first = split.rest[0];
  while (typeof first === "object" && (first.k === 1 || first.k === 5)) first = first.doc[0];
  return typeof first === "object" && first.k === 2 ? null : split;
}

/**
 * A group of kind `ann`. What it starts with that cannot stay on one line (line breaks, comments)
 * is put before it (Predoc.hs `fixup`), so that they break the enclosing layout, not this group;
 * only a hard space alone stays inside.
 */
export function group(doc: Doc, ann: 0 | 1 | 2 = REGULAR): DocE {
  const first = doc[0];
  if (first === undefined || typeof first === "string" || (typeof first === "number" && first < HARDSPACE)) return { k: 0, ann, doc };
  const split = leadOf(doc);
  if (split === null || split.lead.every((e) => e === HARDSPACE)) return { k: 0, ann, doc };
  return split.rest.length === 0 ? { k: 5, doc: split.lead } : { k: 5, doc: [...split.lead, { k: 0, ann, doc: split.rest }] };
}
/** One nesting level deeper. */
export function nest(doc: Doc): NestE {
  return { k: 1, doc };
}
/** Shifted by `n` columns. */
export function offset(n: number, doc: Doc): OffsetE {
  return { k: 2, n, doc };
}
/** A zero-width comment text. */
export function comment(text: string): CommentE {
  return { k: 3, text };
}
/** Splices `doc` in place without copying it. */
export function cat(doc: Doc): DocE {
  return doc.length === 1 ? (doc[0] as DocE) : { k: 5, doc };
}
/** Text at a line start, without indentation (see {@link RawE}). */
export function raw(text: string): RawE {
  return { k: 7, text };
}

/** Text only shown when the enclosing group is expanded. */
export function trailing(text: string): TrailingE {
  return { k: 4, text };
}

/** Merges two consecutive spacings into one (nixfmt's rules). */
export function mergeSpacing(a: number, b: number): number {
  if (a > b) {
    const t = a;
    a = b;
    b = t;
  }
  if (a === BREAK && (b === HARDSPACE || b === SOFTSPACE)) return SPACE;
  if (a === SOFTBREAK && b === HARDSPACE) return SOFTSPACE;
  if (b >= NEWLINES) {
    if (a >= NEWLINES) return a + b - NEWLINES;
    if (a === EMPTYLINE) return b + 2;
    if (a === HARDSPACE) return b;
    return b + 1;
  }
  return b;
}

/** What to do when a priority attempt's expanded part is done: check `post`, else roll back. */
interface Control {
  readonly g: GroupE;
  readonly tri: Triples;
  readonly k: number;
  readonly snap: Snap;
}

/** A frame of the layout stack: a document, the next index, its nesting level and offset. */
interface Frame {
  readonly doc: Doc;
  i: number;
  readonly nl: number;
  readonly off: number;
  /** Lookahead-only content whose top-level spacings count as compact (a priority group's post). */
  readonly compact: boolean;
  /** A control frame (empty doc) finishing a priority attempt; never walked by lookahead. */
  readonly ctl: Control | null;
  /** The content of a dissolved group: its end separates texts (see `Layout.glue`). */
  readonly grp: boolean;
  readonly next: Frame | null;
}

/** The indentation stack, persistent so that a failed attempt can be rolled back in O(1). */
interface Indent {
  readonly ci: number;
  readonly nl: number;
  readonly next: Indent | null;
}

interface Snap {
  readonly len: number;
  readonly lineIndent: number;
  readonly lineOff: number;
  readonly firstWidth: number;
  readonly cc: number;
  readonly ind: Indent;
  readonly pending: number;
  readonly glue: number;
  readonly glueOff: number;
}

const SPACES: string[] = [""];
function spaces(n: number): string {
  while (SPACES.length <= n) SPACES.push(`${SPACES[SPACES.length - 1] as string} `);
  return SPACES[n] as string;
}

/** Compact form of a top-level spacing in a priority group's post part. */
function compactSpacing(e: number): number {
  if (e === SPACE || e === SOFTSPACE) return HARDSPACE;
  if (e === BREAK || e === SOFTBREAK) return 0;
  return e;
}

/**
 * Walks a document sequence and the frames after it, without recursion. Nodes are entered only on
 * request; spacings of compact frames are reported in compact form (0 = nothing).
 */
class Cursor {
  private docs: Doc[] = [];
  private idx: number[] = [];
  private cmp: boolean[] = [];
  private frame: Frame | null;
  constructor(first: Doc | null, frame: Frame | null) {
    this.frame = frame;
    if (first !== null) {
      this.docs.push(first);
      this.idx.push(0);
      this.cmp.push(false);
    }
  }
  /** The next element, or undefined at the end. */
  peek(): DocE | undefined {
    for (;;) {
      const top = this.docs.length - 1;
      if (top >= 0) {
        const d = this.docs[top] as Doc;
        const i = this.idx[top] as number;
        if (i < d.length) {
          const e = d[i] as DocE;
          return typeof e === "number" && this.cmp[top] === true ? compactSpacing(e) : e;
        }
        this.docs.pop();
        this.idx.pop();
        this.cmp.pop();
        continue;
      }
      const f = this.frame;
      if (f === null) return undefined;
      this.frame = f.next;
      if (f.ctl !== null) continue;
      this.docs.push(f.doc);
      this.idx.push(f.i);
      this.cmp.push(f.compact);
    }
  }
  /** Skips the element returned by `peek`. */
  skip(): void {
    const top = this.docs.length - 1;
    this.idx[top] = (this.idx[top] as number) + 1;
  }
  /** Enters the node returned by `peek`; a group's content is never compact-mapped. */
  enter(doc: Doc, isGroup: boolean): void {
    const top = this.docs.length - 1;
    const c = this.cmp[top] === true && !isGroup;
    this.skip();
    this.docs.push(doc);
    this.idx.push(0);
    this.cmp.push(c);
  }
  /** A fresh cursor positioned after the current element. */
  restAfterCurrent(): Cursor {
    const c = new Cursor(null, this.frame);
    const last = this.docs.length - 1;
    for (let k = 0; k <= last; k++) {
      c.docs.push(this.docs[k] as Doc);
      c.idx.push((this.idx[k] as number) + (k === last ? 1 : 0));
      c.cmp.push(this.cmp[k] as boolean);
    }
    return c;
  }
}

/** Options of the layout engine. */
export interface LayoutOptions {
  /** Target width, not counting indentation (as nixfmt). */
  readonly width: number;
  /** Spaces per nesting level. */
  readonly indent: number;
}

/**
 * Lays out a document greedily and returns the text (without a final newline). Time is linear in the
 * size of the document in practice: a fit test stops at the target width or at the first forced
 * break, and exhausted frames are dropped eagerly so that lookahead never walks them.
 */
export function layout(doc: Doc, opts: LayoutOptions): string {
  const l = new Layout(opts);
  l.run([group(doc)]);
  return assemble(l.pieces);
}

/**
 * Lays out an item that is known to start its own line (a binding, a list element, a `let`
 * binding of an expanded container; or a container that is flat and so the item flat too) and to
 * be followed by a line break. Because the width does not count indentation, such a layout does not
 * depend on where the item ends up: it is done once, here, and the parent embeds the result. This
 * keeps documents short-lived (memory and GC) and the final text is assembled in one pass.
 *
 * Returns a plain string for a one-line result.
 */
export function renderBlock(doc: Doc, opts: LayoutOptions): DocE {
  const l = new Layout(opts);
  l.run(doc);
  const pieces = l.pieces;
  // The item started at a line start with relative indentation 0.
  if (pieces.length > 0 && pieces[0] === 0) pieces.shift();
  // A one-line item that ends in a line comment must still be followed by a line break: as a block
  // it makes every enclosing group expand (a fit test fails on a block), as nixfmt's hard line does.
  if (l.firstWidth < 0 && !l.endsWithHardLine()) {
    let s = "";
    for (const p of pieces) s += p as string;
    return s;
  }
  return { k: 6, pieces, firstWidth: l.firstWidth < 0 ? l.cc : l.firstWidth, lastWidth: l.cc };
}

/** One item line of a {@link bracketBlock}: a one-line text or a block; `blank` puts a blank line before. */
export interface BlockItem {
  readonly blank: boolean;
  readonly item: string | BlockE;
}

/**
 * The block of an expanded bracket: `open`, each item on its own line one level deeper, `close` at
 * the indentation of the opening line. Equivalent to laying out `open`, a forced break, the nested
 * items and `close`, for a container that is certain to expand (two or more items, or a set that is
 * a binding's value).
 */
export function bracketBlock(open: string, items: readonly BlockItem[], close: string, blankBeforeClose = false, indent = 2): BlockE {
  const pieces: Piece[] = [open];
  for (let i = 0; i < items.length; i++) {
    const it = items[i] as BlockItem;
    pieces.push(it.blank ? -2 : -1, indent);
    pieces.push(typeof it.item === "string" ? it.item : { block: it.item, base: indent });
  }
  pieces.push(blankBeforeClose ? -2 : -1, 0, close);
  return { k: 6, pieces, firstWidth: open.length, lastWidth: close.length };
}

/**
 * A block of multi-line text laid out elsewhere (the plain-data path): lines after the first are
 * indented relative to the block's start; the first and last lines are one bracket wide.
 */
export function linesBlock(text: string): BlockE {
  return { k: 6, pieces: [{ lines: text }], firstWidth: 1, lastWidth: 1 };
}

/** `prefix` + block + `suffix` on the block's first and last lines. */
export function wrapBlock(prefix: string, b: BlockE, suffix: string): BlockE {
  return {
    k: 6,
    pieces: [prefix, { block: b, base: 0 }, suffix],
    firstWidth: prefix.length + b.firstWidth,
    lastWidth: b.lastWidth + suffix.length,
  };
}

/** The block or one-line text a document consists of, if it is just that (through groups/splices). */
export function asBlockOrText(doc: Doc): string | BlockE | null {
  let d = doc;
  for (;;) {
    if (d.length !== 1) return null;
    const e = d[0] as DocE;
    if (typeof e === "string") return e;
    if (typeof e === "number") return null;
    if (e.k === 6) return e;
    if (e.k === 0 || e.k === 5) {
      d = e.doc;
      continue;
    }
    return null;
  }
}

/** Joins output pieces, resolving relative indentation of embedded blocks, without recursion. */
function assemble(root: Piece[]): string {
  const out: string[] = [];
  const ps: Piece[][] = [root];
  const is: number[] = [0];
  const bases: number[] = [0];
  let p = root;
  let i = 0;
  let base = 0;
  // Line breaks are held back and written together with the next line's indentation.
  let nls = 0;
  for (;;) {
    if (i >= p.length) {
      ps.pop();
      is.pop();
      bases.pop();
      const top = ps.length - 1;
      if (top < 0) break;
      p = ps[top] as Piece[];
      i = is[top] as number;
      base = bases[top] as number;
      continue;
    }
    const x = p[i++] as Piece;
    if (typeof x === "string") {
      if (nls > 0) {
        out.push("\n".repeat(nls));
        nls = 0;
      }
      out.push(x);
    } else if (typeof x === "number") {
      if (x < 0) nls -= x;
      else if (nls === 1) {
        out.push(newlineIndent(base + x));
        nls = 0;
      } else {
        if (nls > 0) out.push("\n".repeat(nls));
        nls = 0;
        if (base + x > 0) out.push(spaces(base + x));
      }
    } else if ("lines" in x) {
      if (nls > 0) {
        out.push("\n".repeat(nls));
        nls = 0;
      }
      // Shift every non-blank line by the block's base (blank lines stay empty).
      out.push(base === 0 ? x.lines : x.lines.replace(/\n(?!\n)/g, newlineIndent(base)));
    } else {
      is[is.length - 1] = i;
      base += x.base;
      p = x.block.pieces;
      i = 0;
      ps.push(p);
      is.push(0);
      bases.push(base);
    }
  }
  if (nls > 0) out.push("\n".repeat(nls));
  return out.join("");
}

const NL_INDENT: string[] = ["\n"];
/** A line break followed by `n` spaces (cached). */
function newlineIndent(n: number): string {
  while (NL_INDENT.length <= n) NL_INDENT.push(`${NL_INDENT[NL_INDENT.length - 1] as string} `);
  return NL_INDENT[n] as string;
}

class Layout {
  /** The output so far. */
  pieces: Piece[] = [];
  /** Column (without indentation) and indentation of the current line. */
  cc = 0;
  private lineIndent = 0;
  /** The offset (an indented string line's leading spaces) the current line's first text had. */
  private lineOff = 0;
  /** Width of the first line once a line break was emitted, else -1. */
  firstWidth = -1;
  private ind: Indent = { ci: 0, nl: 0, next: null };
  private pending = 0;
  /** The level (and offset) of the text just put while the next element may join it, else -1. */
  private glue = -1;
  private glueOff = 0;
  private stack: Frame | null = null;
  private readonly tw: number;
  private readonly iw: number;

  constructor(opts: LayoutOptions) {
    this.tw = opts.width;
    this.iw = opts.indent;
  }

  /** Whether the document ended with a forced line break still pending (after a line comment). */
  endsWithHardLine(): boolean {
    return this.pending >= HARDLINE;
  }

  run(doc: Doc): void {
    this.push(doc, 0, 0);
    this.loop();
  }

  private push(doc: Doc, nl: number, off: number, grp = false): void {
    if (doc.length === 0) return;
    this.stack = { doc, i: 0, nl, off, compact: false, ctl: null, grp, next: this.stack };
  }

  /** Renders (expanded) until the stack is empty. */
  private loop(): void {
    for (;;) {
      const f = this.stack;
      if (f === null) return;
      if (f.ctl !== null) {
        // Pop the control frame and the lookahead frame of `post` under it.
        this.stack = (f.next as Frame).next;
        this.finishPriority(f.ctl, f.nl, f.off);
        continue;
      }
      const e = f.doc[f.i] as DocE;
      if (typeof e === "number") {
        this.consume(f);
        this.pending = this.pending === 0 ? e : mergeSpacing(this.pending, e);
        this.glue = -1;
        continue;
      }
      if (typeof e === "string") {
        if (this.pending !== 0) this.resolvePending();
        // A text right after another one (no spacing or group boundary between) is one text for
        // nixfmt (Predoc's fixup merges them) and keeps the level of the first.
        const glued = this.glue >= 0;
        const nl = glued ? this.glue : f.nl;
        const off = glued ? this.glueOff : f.off;
        const ended = this.consume(f);
        this.putText(e, nl, off);
        // The end of a dissolved group separates this text from the next.
        if (ended) this.glue = -1;
        else {
          this.glue = nl;
          this.glueOff = off;
        }
        continue;
      }
      switch (e.k) {
        case 0:
          if (this.pending !== 0 && this.pending !== HARDSPACE) this.resolvePending();
          this.consume(f);
          // A group's texts are not joined with those around it.
          this.glue = -1;
          this.goGroup(e, f.nl, f.off);
          this.glue = -1;
          break;
        // A dissolved group that ends with this child ends with the child's content.
        case 1:
          this.push(e.doc, f.nl + 1, f.off, this.consume(f));
          break;
        case 2:
          this.push(e.doc, f.nl, f.off + e.n, this.consume(f));
          break;
        case 5:
          this.push(e.doc, f.nl, f.off, this.consume(f));
          break;
        case 6:
          if (this.pending !== 0) this.resolvePending();
          this.consume(f);
          this.putBlock(e, f.nl, f.off);
          this.glue = -1;
          break;
        case 7:
          if (this.pending !== 0) this.resolvePending();
          this.consume(f);
          this.putRaw(e.text, f.nl);
          this.glue = -1;
          break;
        default:
          if (this.pending !== 0) this.resolvePending();
          this.consume(f);
          this.putText(e.text, f.nl, f.off);
          this.glue = -1;
      }
    }
  }

  /**
   * Advances past the current element, dropping the frame as soon as it is exhausted; returns
   * whether that ended a dissolved group.
   */
  private consume(f: Frame): boolean {
    f.i++;
    if (f.i >= f.doc.length && this.stack === f) {
      this.stack = f.next;
      return f.grp;
    }
    return false;
  }

  /** Resolves the pending spacing before the next element (still on the stack). */
  private resolvePending(): void {
    const p = this.pending;
    this.pending = 0;
    if (this.cc === 0) return;
    if (p === HARDSPACE) {
      this.pieces.push(" ");
      this.cc++;
    } else if (p === SOFTBREAK || p === SOFTSPACE) {
      const sp = p === SOFTSPACE ? 1 : 0;
      if (this.firstLineFits(this.tw - this.cc - sp, this.tw, new Cursor(null, this.stack))) {
        if (sp) {
          this.pieces.push(" ");
          this.cc++;
        }
      } else this.newlines(1);
    } else if (p === EMPTYLINE) this.newlines(2);
    else if (p >= NEWLINES) this.newlines(p - NEWLINES);
    else this.newlines(1);
  }

  private newlines(n: number): void {
    if (this.firstWidth < 0) this.firstWidth = this.cc;
    this.pieces.push(-n);
    this.cc = 0;
  }

  private putBlock(b: BlockE, nl: number, off: number): void {
    this.putText("", nl, off);
    if (this.firstWidth < 0) this.firstWidth = this.cc + b.firstWidth;
    // The block's lines are indented from its own offset: one that starts after an indented string
    // line's leading spaces is shifted by them, as a group laid out there is (Predoc.hs `putText`).
    this.pieces.push({ block: b, base: this.lineIndent + off - this.lineOff });
    this.cc = b.lastWidth;
  }

  /** Raw text: at a line start it is written without indentation (Predoc.hs `putRawText`). */
  private putRaw(t: string, nl: number): void {
    this.levelTo(nl);
    if (this.cc === 0) {
      this.lineIndent = 0;
      this.lineOff = 0;
      this.pieces.push({ lines: t });
    } else if (t !== "") this.pieces.push(t);
    this.cc = Math.max(1, this.cc + t.length);
  }

  /** Moves the indentation stack to nesting level `nl` (one level more per line at most). */
  private levelTo(nl: number): void {
    let ind = this.ind;
    for (;;) {
      if (nl > ind.nl) {
        ind = { ci: this.cc === 0 ? ind.ci + this.iw : ind.ci, nl, next: ind };
        break;
      }
      if (nl < ind.nl && ind.next !== null) {
        ind = ind.next;
        continue;
      }
      break;
    }
    this.ind = ind;
  }

  private putText(t: string, nl: number, off: number): void {
    this.levelTo(nl);
    const ind = this.ind;
    if (this.cc === 0) {
      this.lineIndent = ind.ci + off;
      this.lineOff = off;
      this.pieces.push(this.lineIndent);
    }
    if (t !== "") {
      this.pieces.push(t);
      this.cc += t.length;
    }
  }

  /** A group in expanded context: fit it, else try its priority groups, else dissolve it. */
  private goGroup(g: GroupE, nl: number, off: number): void {
    if (this.tryFlat(g.doc, nl, off, new Cursor(null, this.stack))) return;
    if (g.ann !== TRANSPARENT) {
      const tri = priorityGroups(g.doc);
      if (tri !== null) {
        this.attempt(g, tri, tri.count - 1, nl, off);
        return;
      }
    }
    this.push(g.doc, nl, off, true);
  }

  /**
   * Tries priority splits k, k-1, …, 0 (nixfmt tries the last priority group first); the first whose
   * `pre` fits starts rendering its `prio` part expanded, with a control frame to check `post`.
   * When none works, the group dissolves.
   */
  private attempt(g: GroupE, tri: Triples, k: number, nl: number, off: number): void {
    for (; k >= 0; k--) {
      const snap = this.snapshot();
      const prio = tri.prio(k);
      const post = tri.post(k);
      const base = this.stack;
      const postFrame: Frame = { doc: post, i: 0, nl, off, compact: true, ctl: null, grp: false, next: base };
      const pre = tri.pre(k);
      if (pre.length > 0 && !this.tryFlat(pre, nl, off, new Cursor(prio, postFrame), true)) {
        this.restore(snap);
        continue;
      }
      if (isBlank(post)) {
        // Nothing to check afterwards: render prio expanded in place.
        this.push(prio, nl, off, true);
        return;
      }
      const ctl: Frame = { doc: [], i: 0, nl, off, compact: false, ctl: { g, tri, k, snap }, grp: false, next: postFrame };
      this.stack = ctl;
      this.push(prio, nl, off, true);
      return;
    }
    this.push(g.doc, nl, off, true);
  }

  /** After `prio` was rendered: `post` must fit flat, else roll back and try the next split. */
  private finishPriority(c: Control, nl: number, off: number): void {
    const post = c.tri.post(c.k);
    if (this.pending !== 0 && this.pending !== HARDSPACE) this.resolvePending();
    this.glue = -1;
    if (this.tryFlat(post, nl, off, new Cursor(null, this.stack))) return;
    this.restore(c.snap);
    this.attempt(c.g, c.tri, c.k - 1, nl, off);
  }

  /**
   * Tries to put `doc` on the current line as flat text, leaving room for the first line of `rest`.
   * On success the text is emitted and true returned; the state is untouched otherwise.
   */
  private tryFlat(doc: Doc, nl: number, off: number, rest: Cursor, countTrail = false): boolean {
    if (doc.length === 0) return true;
    const restW = firstLineWidth(rest, this.tw + 1);
    // A priority split's `pre` ends with the space before its priority group: nixfmt's `fits`
    // counts it (Predoc.hs `goPriorityGroup`), other groups lose theirs in its `fixup`.
    const trailW = (r: Fit): number => (countTrail && r.trail !== 0 ? 1 : 0);
    if (this.cc === 0) {
      // At a line start leading spacing is dropped, and the text takes the first token's level.
      const r = fits(doc, 0, this.tw - restW, true);
      if (r === null || r.text.length + trailW(r) > this.tw - restW) return false;
      this.pending = 0;
      if (r.text !== "") {
        const [tnl, toff] = nextIndent(doc, nl, off);
        this.putText(r.text, tnl, toff);
      }
      this.pending = r.trail;
      return true;
    }
    const r = fits(doc, this.pending, this.tw - this.cc - restW);
    if (r === null || r.text.length + trailW(r) > this.tw - this.cc - restW) return false;
    this.pending = 0;
    if (r.text !== "") {
      this.pieces.push(r.text);
      this.cc += r.text.length;
    }
    this.pending = r.trail;
    return true;
  }

  private snapshot(): Snap {
    return {
      len: this.pieces.length,
      cc: this.cc,
      lineIndent: this.lineIndent,
      lineOff: this.lineOff,
      firstWidth: this.firstWidth,
      ind: this.ind,
      pending: this.pending,
      glue: this.glue,
      glueOff: this.glueOff,
    };
  }
  private restore(s: Snap): void {
    this.pieces.length = s.len;
    this.cc = s.cc;
    this.lineIndent = s.lineIndent;
    this.lineOff = s.lineOff;
    this.firstWidth = s.firstWidth;
    this.ind = s.ind;
    this.pending = s.pending;
    this.glue = s.glue;
    this.glueOff = s.glueOff;
  }

  /** Whether the first line of `rest` fits in `target` columns (nixfmt's `firstLineFits`). */
  private firstLineFits(target: number, max: number, rest: Cursor): boolean {
    let c = max;
    let sp = 0;
    for (;;) {
      if (c < 0) return false;
      const e = rest.peek();
      if (e === undefined) return max - c <= target;
      if (typeof e === "number") {
        rest.skip();
        if (e !== 0) sp = sp === 0 ? e : mergeSpacing(sp, e);
        continue;
      }
      if (sp !== 0) {
        if (sp !== HARDSPACE) return max - c <= target;
        c -= 1;
        sp = 0;
        if (c < 0) return false;
      }
      if (typeof e === "string") {
        c -= e.length;
        rest.skip();
        continue;
      }
      if (e.k === 0) {
        const after = rest.restAfterCurrent();
        const r = fits(e.doc, 0, c - firstLineWidth(after, c + 1));
        if (r === null) rest.enter(e.doc, true);
        else {
          c -= r.text.length;
          rest.skip();
          if (r.trail !== 0) sp = r.trail;
        }
        continue;
      }
      if (e.k === 1 || e.k === 2 || e.k === 5) rest.enter(e.doc, false);
      else if (e.k === 6) {
        c -= e.firstWidth;
        return c >= 0 && max - c <= target;
      } else rest.skip();
    }
  }
}

/** Whether a document has no text at all (only soft breaks), so rendering it flat is a no-op. */
function isBlank(doc: Doc): boolean {
  for (const e of doc) {
    if (e !== BREAK && e !== SOFTBREAK) return false;
  }
  return true;
}

/** Result of a fit test: the flat text and the flat spacing left at its end (0 or HARDSPACE). */
interface Fit {
  readonly text: string;
  readonly trail: number;
}

/**
 * Flattens `doc` on one line within `c` columns. Returns null if it contains a forced break or is too
 * wide. `lead` is a spacing pending before it (merged with a leading spacing of `doc`).
 */
function fits(doc: Doc, lead: number, c: number, atLineStart = false): Fit | null {
  if (c < 0) return null;
  let out = "";
  // At a line start a leading spacing (`line <> x` inside the group) is swallowed by the line
  // break before it, as in nixfmt where spacings merge across group boundaries.
  let drop = atLineStart;
  let sp = lead;
  const docs: Doc[] = [doc];
  const idx: number[] = [0];
  for (;;) {
    const top = docs.length - 1;
    if (top < 0) break;
    const d = docs[top] as Doc;
    const i = idx[top] as number;
    if (i >= d.length) {
      docs.pop();
      idx.pop();
      continue;
    }
    idx[top] = i + 1;
    const e = d[i] as DocE;
    if (typeof e === "number") {
      if (e >= HARDLINE) return null;
      sp = sp === 0 ? e : mergeSpacing(sp, e);
      continue;
    }
    if (typeof e === "string") {
      if (sp >= HARDSPACE && !drop) {
        out += " ";
        c--;
      }
      if (e !== "") drop = false;
      sp = 0;
      out += e;
      c -= e.length;
      if (c < 0) return null;
      continue;
    }
    switch (e.k) {
      case 3:
        if (sp >= HARDSPACE && !drop) {
          out += " ";
          c--;
          if (c < 0) return null;
        }
        sp = 0;
        drop = false;
        out += e.text;
        break;
      case 4:
        // Trailing text only exists in expanded groups.
        break;
      case 6:
      // Raw lines of a cut string are never compacted (Predoc.hs `fits`).
      case 7:
        return null;
      default:
        docs.push(e.doc);
        idx.push(0);
    }
  }
  return { text: out, trail: sp >= HARDSPACE ? HARDSPACE : 0 };
}

/**
 * Width of the first line of `rest` (forced breaks taken everywhere), as nixfmt's `firstLineWidth`,
 * stopping once it exceeds `cap` (callers only compare it with the line width).
 */
function firstLineWidth(rest: Cursor, cap: number): number {
  let w = 0;
  let sp = 0;
  for (;;) {
    if (w > cap) return w;
    const e = rest.peek();
    if (e === undefined) return w;
    if (typeof e === "number") {
      rest.skip();
      if (e !== 0) sp = sp === 0 ? e : mergeSpacing(sp, e);
      continue;
    }
    if (sp !== 0) {
      if (sp !== HARDSPACE) return w;
      w += 1;
      sp = 0;
    }
    if (typeof e === "string") {
      w += e.length;
      rest.skip();
    } else if (e.k === 3) rest.skip();
    else if (e.k === 4 || e.k === 7) {
      w += e.text.length;
      rest.skip();
    } else if (e.k === 6) return w + e.firstWidth;
    else rest.enter(e.doc, e.k === 0);
  }
}

/** Nesting level and offset of the first text in `doc`, relative to (`nl`, `off`). */
function nextIndent(doc: Doc, nl: number, off: number): [number, number] {
  const docs: Doc[] = [doc];
  const idx: number[] = [0];
  const nls: number[] = [nl];
  const offs: number[] = [off];
  for (;;) {
    const top = docs.length - 1;
    if (top < 0) return [nl, off];
    const d = docs[top] as Doc;
    const i = idx[top] as number;
    if (i >= d.length) {
      docs.pop();
      idx.pop();
      nls.pop();
      offs.pop();
      continue;
    }
    idx[top] = i + 1;
    const e = d[i] as DocE;
    if (typeof e === "string") return [nls[top] as number, offs[top] as number];
    if (typeof e === "number") continue;
    if (e.k === 0 || e.k === 1 || e.k === 2 || e.k === 5) {
      docs.push(e.doc);
      idx.push(0);
      nls.push((nls[top] as number) + (e.k === 1 ? 1 : 0));
      offs.push((offs[top] as number) + (e.k === 2 ? e.n : 0));
    } else return [nls[top] as number, offs[top] as number];
  }
}

/** The priority splits of a group, built lazily: split k has flat `pre`, expanded `prio`, flat `post`. */
interface Triples {
  readonly count: number;
  pre(k: number): Doc;
  prio(k: number): Doc;
  post(k: number): Doc;
}

/** Whether a priority group is reachable through transparent groups, nests, offsets, splices. */
function hasPriority(doc: Doc): boolean {
  const docs: Doc[] = [doc];
  const idx: number[] = [0];
  for (;;) {
    const top = docs.length - 1;
    if (top < 0) return false;
    const d = docs[top] as Doc;
    const i = idx[top] as number;
    if (i >= d.length) {
      docs.pop();
      idx.pop();
      continue;
    }
    idx[top] = i + 1;
    const e = d[i] as DocE;
    if (typeof e !== "object") continue;
    if (e.k === 0) {
      if (e.ann === PRIORITY) return true;
      if (e.ann === TRANSPARENT) {
        docs.push(e.doc);
        idx.push(0);
      }
    } else if (e.k === 1 || e.k === 2 || e.k === 5) {
      docs.push(e.doc);
      idx.push(0);
    }
  }
}

/** Re-wraps content found `dn` nests and `doff` columns deep so that it keeps its position. */
function rewrap(doc: Doc, dn: number, doff: number): Doc {
  let r: Doc = doc;
  if (doff !== 0) r = [offset(doff, r)];
  for (let k = 0; k < dn; k++) r = [nest(r)];
  return r;
}

/**
 * The priority groups of a group's content, searching through transparent groups, nests, offsets
 * and splices (as nixfmt, whose nests are not nodes); null when there are none. Each segment keeps
 * its nesting by re-wrapping. `pre`/`post` of split k share structure with those of split k±1, so
 * building all of them is linear.
 */
function priorityGroups(doc: Doc): Triples | null {
  if (!hasPriority(doc)) return null;
  const segs: { prio: boolean; doc: Doc }[] = [];
  const prioIdx: number[] = [];
  const docs: Doc[] = [doc];
  const idx: number[] = [0];
  const dns: number[] = [0];
  const doffs: number[] = [0];
  for (;;) {
    const top = docs.length - 1;
    if (top < 0) break;
    const d = docs[top] as Doc;
    const i = idx[top] as number;
    if (i >= d.length) {
      docs.pop();
      idx.pop();
      dns.pop();
      doffs.pop();
      continue;
    }
    idx[top] = i + 1;
    const e = d[i] as DocE;
    const dn = dns[top] as number;
    const doff = doffs[top] as number;
    if (typeof e === "object") {
      if (e.k === 0 && e.ann === PRIORITY) {
        prioIdx.push(segs.length);
        segs.push({ prio: true, doc: rewrap(e.doc, dn, doff) });
        continue;
      }
      if ((e.k === 0 && e.ann === TRANSPARENT) || e.k === 1 || e.k === 2 || e.k === 5) {
        docs.push(e.doc);
        idx.push(0);
        dns.push(dn + (e.k === 1 ? 1 : 0));
        doffs.push(doff + (e.k === 2 ? e.n : 0));
        continue;
      }
    }
    const w = dn === 0 && doff === 0 ? e : (rewrap([e], dn, doff)[0] as DocE);
    const last = segs[segs.length - 1];
    if (last !== undefined && !last.prio) last.doc.push(w);
    else segs.push({ prio: false, doc: [w] });
  }
  if (prioIdx.length === 0) return null;
  // Prefix and suffix concatenations, shared: pre(s) = pre(s-1) ++ seg(s-1).
  const preOf: Doc[] = [[]];
  for (let s = 0; s < segs.length; s++) {
    const prev = preOf[s] as Doc;
    const sd = (segs[s] as { doc: Doc }).doc;
    preOf.push(prev.length === 0 ? sd : [cat(prev), cat(sd)]);
  }
  const postOf: Doc[] = new Array<Doc>(segs.length + 1);
  postOf[segs.length] = [];
  for (let s = segs.length - 1; s >= 0; s--) {
    const nxt = postOf[s + 1] as Doc;
    const sd = (segs[s] as { doc: Doc }).doc;
    // Post is compacted at its top level, so keep the segment's own elements at the top.
    postOf[s] = nxt.length === 0 ? sd : [...sd, cat(nxt)];
  }
  return {
    count: prioIdx.length,
    pre: (k) => preOf[prioIdx[k] as number] as Doc,
    prio: (k) => (segs[prioIdx[k] as number] as { doc: Doc }).doc,
    post: (k) => postOf[(prioIdx[k] as number) + 1] as Doc,
  };
}
