/**
 * A fast path for plain data (attribute sets of static names, lists, leaves), the bulk of generated
 * Nix. Such a subtree, when it is certain to expand, has a layout fixed by RFC 166 alone: every
 * binding or element on its own line, one level deeper, nested sets and lists of two or more
 * elements absorbed as `name = {` … `};`. It is emitted straight into one string, without building
 * a document; the result is identical to the general path (checked by a differential test).
 *
 * Linearity without a size budget: an attempt that meets a node that is not plain data gives up and
 * marks every container it was inside (the chain from the attempt's root to the failing node) in
 * `nonData`, so that the general path never retries them. A node is thus walked at most twice: once
 * in a failed attempt (only if it came before the failing node) and once in a successful one.
 *
 * @module
 */
import type { Attrs, Binding, Expr, List } from "../ast/nodes.js";
import { INT64_MIN } from "../ast/lexical.js";
import { NixPrintError } from "../errors.js";
import { bytes } from "./bytes.js";

/** What the data path needs from the printer: leaf texts and attribute-name rendering. */
export interface DataHooks {
  /** Text of a comment-free single-token leaf, or null. */
  readonly leaf: (e: Expr) => string | null;
  /** A static attribute name as source. */
  readonly name: (s: string) => string;
  readonly width: number;
}

/** A line break and `n` spaces of indentation, cached (generated data repeats a few depths). */
const NL: string[] = ["\n"];
export function nl(n: number): string {
  while (NL.length <= n) NL.push(`${NL[NL.length - 1] as string} `);
  return NL[n] as string;
}

/**
 * Output as UTF-8 bytes in one growing buffer. Appending millions of short strings with `+=` builds
 * a rope that the collector has to copy and finally flatten; writing bytes straight away (with an
 * ASCII fast path) keeps the data path's memory flat and several times faster on large data.
 */
export class ByteSink {
  private buf: Uint8Array;
  private pos = 0;
  /** Whether a byte above 0x7f was written: if not, the text decodes as Latin-1, a plain copy. */
  private wide = false;

  /** `capacity`: the expected size in bytes, when known (saves growing and copying). */
  constructor(capacity = 0) {
    this.buf = capacity > 1 << 16 ? bytes().alloc(capacity) : takeScratch();
  }

  /** Writes a string known to be ASCII with nothing to escape (long ones in one native copy). */
  ascii(s: string): void {
    const n = s.length;
    if (this.pos + n > this.buf.length) this.grow(n);
    if (n > 40) {
      this.pos += bytes().writeAscii(this.buf, s, this.pos);
      return;
    }
    const buf = this.buf;
    let pos = this.pos;
    for (let i = 0; i < n; i++) buf[pos++] = s.charCodeAt(i);
    this.pos = pos;
  }

  /** Writes text that needs no escaping (syntax, names, numbers). */
  write(s: string): void {
    const n = s.length;
    if (this.pos + 3 * n > this.buf.length) this.grow(3 * n);
    const buf = this.buf;
    let pos = this.pos;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x80) buf[pos++] = c;
      else {
        // Rare here: let the host's encoder write the rest (surrogate pairs included).
        pos += bytes().writeUtf8(buf, s.slice(i), pos);
        this.wide = true;
        break;
      }
    }
    this.pos = pos;
  }

  /**
   * Writes `s` as a double-quoted Nix string (the escapes of `escapeStrText`), encoding UTF-8 on the
   * way, so that the bulk of generated text never exists as an intermediate JS string. Returns false,
   * having written an unspecified prefix, when `s` has no Nix form (NUL, unpaired surrogate).
   */
  str(s: string): boolean {
    const n = s.length;
    // At most 3 bytes per UTF-16 unit (an escape is 2, a surrogate pair 4 for 2 units), plus quotes.
    if (this.pos + 3 * n + 2 > this.buf.length) this.grow(3 * n + 2);
    const buf = this.buf;
    let pos = this.pos;
    buf[pos++] = 0x22;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        this.wide = true;
        if (c < 0x800) {
          buf[pos++] = 0xc0 | (c >> 6);
          buf[pos++] = 0x80 | (c & 63);
        } else if (c < 0xd800 || c >= 0xe000) {
          buf[pos++] = 0xe0 | (c >> 12);
          buf[pos++] = 0x80 | ((c >> 6) & 63);
          buf[pos++] = 0x80 | (c & 63);
        } else {
          const d = s.charCodeAt(i + 1); // NaN past the end
          if (c >= 0xdc00 || !(d >= 0xdc00 && d < 0xe000)) return false;
          const cp = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
          buf[pos++] = 0xf0 | (cp >> 18);
          buf[pos++] = 0x80 | ((cp >> 12) & 63);
          buf[pos++] = 0x80 | ((cp >> 6) & 63);
          buf[pos++] = 0x80 | (cp & 63);
          i++;
        }
      } else if (c === 0x22 || c === 0x5c || (c === 0x24 && s.charCodeAt(i + 1) === 0x7b)) {
        // `"`, `\` and a `$` that would start `${`.
        buf[pos++] = 0x5c;
        buf[pos++] = c;
      } else if (c < 0x20 && (c === 0x0a || c === 0x0d || c === 0x09 || c === 0)) {
        if (c === 0) return false;
        buf[pos++] = 0x5c;
        buf[pos++] = c === 0x0a ? 0x6e : c === 0x0d ? 0x72 : 0x74;
      } else buf[pos++] = c;
    }
    buf[pos++] = 0x22;
    this.pos = pos;
    return true;
  }

  /** The current end, to {@link ByteSink.reset} to. */
  mark(): number {
    return this.pos;
  }

  /** Drops what was written after `mark`. */
  reset(mark: number): void {
    this.pos = mark;
  }

  private grow(extra: number): void {
    let size = this.buf.length * 2;
    while (size < this.pos + extra) size *= 2;
    const next = bytes().alloc(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  /** The bytes written so far (a view of the sink's own buffer, not reused); the sink is finished. */
  bytes(): Uint8Array {
    return this.buf.subarray(0, this.pos);
  }

  /** The text written so far; the sink is finished (its buffer goes back for the next one). */
  text(): string {
    const t = bytes().decode(this.buf, this.pos, !this.wide);
    scratch = new WeakRef(this.buf);
    return t;
  }
}

/**
 * The buffer of the last finished sink, reused by the next one while the collector has not taken
 * it: growing a fresh buffer to tens of MB on every large print made V8 run a full mark-compact of
 * the whole heap (the tree being printed included) for the external memory each time.
 */
let scratch: WeakRef<Uint8Array> | undefined;

function takeScratch(): Uint8Array {
  const b = scratch?.deref();
  scratch = undefined;
  return b ?? bytes().alloc(1 << 16);
}

function plainNode(e: Expr): boolean {
  return (e.comments === undefined || e.comments.length === 0) && e.trailing === undefined;
}

/** A leaf that needs parentheses as a list element (negative numbers). */
function negativeLeaf(e: Expr): boolean {
  return (e.type === "Int" && e.value < 0n && e.value !== INT64_MIN) || (e.type === "Float" && e.value < 0);
}

function plainBinding(b: Binding): b is Extract<Binding, { type: "Assign" }> {
  return (
    b.type === "Assign" &&
    (b.comments === undefined || b.comments.length === 0) &&
    b.trailing === undefined &&
    b.beforeSemicolon === undefined
  );
}

interface Frame {
  readonly node: Attrs | List;
  i: number;
  readonly ind: number;
  readonly close: string;
}

/**
 * Whether a set or list is certain to expand wherever it stands (two or more entries) and so may
 * start a data emission on its own.
 */
export function isDataRoot(e: Expr): e is Attrs | List {
  if (!plainNode(e)) return false;
  if (e.type === "Attrs") return !e.rec && e.bindings.length >= 2;
  return e.type === "List" && e.items.length >= 2;
}

/**
 * The expanded text of a plain-data set or list (lines after the first indented relative to the
 * line where it starts, no final newline), or null when the subtree is not plain data; the caller
 * then takes the general path. `root` must be expanded by its context (see {@link isDataRoot});
 * `nonData` collects the containers that are known not to be data.
 */
export function dataText(root: Attrs | List, hooks: DataHooks, nonData: WeakSet<object>): string | null {
  if (nonData.has(root)) return null;
  const out = new ByteSink();
  out.write(root.type === "Attrs" ? "{" : "[");
  const stack: Frame[] = [{ node: root, i: 0, ind: 0, close: root.type === "Attrs" ? "}" : "]" }];
  const width = hooks.width;
  for (;;) {
    const f = stack[stack.length - 1] as Frame;
    const n = f.node;
    const k = f.i;
    const ind = f.ind + 2;
    let v: Expr;
    let lhs: string | null = null;
    let simple = true;
    let blank: boolean | undefined;
    if (n.type === "Attrs") {
      if (k >= n.bindings.length) {
        out.write(nl(f.ind));
        out.write(f.close);
        stack.pop();
        if (stack.length === 0) return out.text();
        continue;
      }
      const b = n.bindings[k] as Binding;
      if (!plainBinding(b)) break;
      const path = b.path;
      if (path.length > 4) simple = false;
      for (let j = 0; j < path.length; j++) {
        const raw = path[j];
        if (typeof raw !== "string") {
          lhs = null;
          break;
        }
        const nm = hooks.name(raw);
        // A name is bare exactly when it renders as itself.
        if (nm !== raw) simple = false;
        lhs = j === 0 ? nm : `${lhs as string}.${nm}`;
      }
      if (lhs === null) break;
      v = b.value;
      blank = b.blankBefore;
    } else {
      if (k >= n.items.length) {
        out.write(nl(f.ind));
        out.write(f.close);
        stack.pop();
        if (stack.length === 0) return out.text();
        continue;
      }
      v = n.items[k] as Expr;
      blank = v.blankBefore;
    }
    if (!plainNode(v)) break;
    f.i = k + 1;
    const brk = blank === true && k > 0 ? `\n${nl(ind)}` : nl(ind);
    if (v.type === "Attrs" || v.type === "List") {
      const count = v.type === "Attrs" ? v.bindings.length : v.items.length;
      if (count === 0 || (v.type === "Attrs" && v.rec)) {
        // Empty containers are leaves; `rec` sets are left to the general path.
        if (count !== 0) break;
      } else {
        const isSet = v.type === "Attrs";
        if (lhs !== null) {
          // A set value with one binding is force-expanded too; a one-item list is not.
          if (!simple || (!isSet && count < 2)) break;
          out.write(brk);
          out.write(lhs);
          out.write(isSet ? " = {" : " = [");
          stack.push({ node: v, i: 0, ind, close: isSet ? "};" : "];" });
        } else {
          if (count < 2) break;
          out.write(brk);
          out.write(isSet ? "{" : "[");
          stack.push({ node: v, i: 0, ind, close: isSet ? "}" : "]" });
        }
        continue;
      }
    }
    if (v.type === "Str" && v.parts.length === 1 && typeof v.parts[0] === "string" && (lhs === null || simple)) {
      // The common leaf, an unbreakable string that needs no measuring, goes straight to bytes.
      out.write(brk);
      if (lhs !== null) {
        out.write(lhs);
        out.write(" = ");
      }
      if (!out.str(v.parts[0])) throw new NixPrintError("a Nix string cannot hold a NUL character or an unpaired surrogate");
      if (lhs !== null) out.write(";");
      continue;
    }
    const leaf = hooks.leaf(v);
    if (leaf === null) break;
    if (lhs !== null) {
      // Unbreakable values stay on the `=` line only after a simple name; the rest must fit
      // (`lhs = leaf;` is measured without building it).
      if (!((v.type === "Str" || v.type === "Path") && simple) && lhs.length + leaf.length + 4 >= width) break;
      out.write(brk);
      out.write(lhs);
      out.write(" = ");
      out.write(leaf);
      out.write(";");
    } else if (negativeLeaf(v)) {
      // Parentheses may break when too wide; leave that to the general path.
      if (leaf.length + 2 > width) break;
      out.write(brk);
      out.write("(");
      out.write(leaf);
      out.write(")");
    } else {
      out.write(brk);
      out.write(leaf);
    }
  }
  // Not data: the whole chain of open containers is not data either.
  for (const f of stack) nonData.add(f.node);
  return null;
}
