/**
 * A fast path for plain data (attribute sets of static names, lists, leaves), the bulk of generated
 * Nix. Such a subtree, when it is certain to expand, has a layout fixed by RFC 166 alone: every
 * binding or element on its own line, one level deeper, nested sets and lists of two or more
 * elements absorbed as `name = {` … `};`. It is emitted straight into one block, without building a
 * document; the result is identical to the general path (checked by a differential test).
 *
 * @module
 */
import type { Attrs, Binding, Expr, List } from "../ast/nodes.js";
import type { BlockE } from "./doc.js";

/** What the data path needs from the printer: leaf texts and attribute-name rendering. */
export interface DataHooks {
  /** Text of a comment-free single-token leaf, or null. */
  readonly leaf: (e: Expr) => string | null;
  /** A static attribute name as source. */
  readonly name: (s: string) => string;
  readonly width: number;
}

const BUDGET = 5000;

function plainNode(e: Expr): boolean {
  return (e.comments === undefined || e.comments.length === 0) && e.trailing === undefined;
}

/** A leaf that needs parentheses as a list element (negative numbers). */
function negativeLeaf(e: Expr): boolean {
  return (e.type === "Int" && e.value < 0n && e.value !== -(2n ** 63n)) || (e.type === "Float" && e.value < 0);
}

/** How a value inside data prints: a one-line leaf, an expanded container, or not data. */
function kindOf(e: Expr, hooks: DataHooks): "leaf" | "box" | "box1" | null {
  if (!plainNode(e)) return null;
  if (e.type === "Attrs") {
    if (e.rec) return null;
    return e.bindings.length === 0 ? "leaf" : e.bindings.length >= 2 ? "box" : "box1";
  }
  if (e.type === "List") return e.items.length === 0 ? "leaf" : e.items.length >= 2 ? "box" : null;
  return hooks.leaf(e) === null ? null : "leaf";
}

function plainBinding(b: Binding): b is Extract<Binding, { type: "Assign" }> {
  return (
    b.type === "Assign" &&
    (b.comments === undefined || b.comments.length === 0) &&
    b.trailing === undefined &&
    b.path.every((a) => typeof a === "string")
  );
}

interface Frame {
  readonly node: Attrs | List;
  i: number;
  readonly ind: number;
  readonly close: string;
}

/**
 * The expanded block of a plain-data set or list, or null when the subtree is not plain data (the
 * caller then takes the general path). One pass: emission stops at the first node that is not
 * plain data, or after a node budget, so that repeated attempts along a deep spine stay linear.
 */
export function dataBlock(root: Attrs | List, hooks: DataHooks): BlockE | null {
  const pieces: (string | number)[] = [root.type === "Attrs" ? "{" : "["];
  const stack: Frame[] = [{ node: root, i: 0, ind: 0, close: root.type === "Attrs" ? "}" : "]" }];
  let seen = 0;
  while (stack.length > 0) {
    const f = stack[stack.length - 1] as Frame;
    const n = f.node;
    const count = n.type === "Attrs" ? n.bindings.length : n.items.length;
    if (f.i >= count) {
      pieces.push(-1, f.ind, f.close);
      stack.pop();
      continue;
    }
    if (++seen > BUDGET) return null;
    const k = f.i++;
    const ind = f.ind + 2;
    if (n.type === "Attrs") {
      const b = n.bindings[k] as Binding;
      if (!plainBinding(b)) return null;
      const v = b.value;
      const kind = kindOf(v, hooks);
      if (kind === null) return null;
      let lhs = "";
      let simple = b.path.length <= 4;
      for (let j = 0; j < b.path.length; j++) {
        const raw = b.path[j] as string;
        const nm = hooks.name(raw);
        if (nm !== raw) simple = false;
        lhs += j === 0 ? nm : `.${nm}`;
      }
      pieces.push(b.blankBefore === true && k > 0 ? -2 : -1, ind);
      if (kind === "leaf") {
        const text = `${lhs} = ${hooks.leaf(v) as string};`;
        // Unbreakable values stay on the `=` line only after a simple name; the rest must fit.
        const unbreakable = v.type === "Str" || v.type === "Path";
        if (!(unbreakable && simple) && text.length >= hooks.width) return null;
        pieces.push(text);
      } else {
        // A set value with one binding is force-expanded too.
        if (!simple) return null;
        const isSet = v.type === "Attrs";
        pieces.push(`${lhs} = ${isSet ? "{" : "["}`);
        stack.push({ node: v as Attrs | List, i: 0, ind, close: isSet ? "};" : "];" });
      }
    } else {
      const it = n.items[k] as Expr;
      const kind = kindOf(it, hooks);
      if (kind === null || kind === "box1") return null;
      pieces.push(it.blankBefore === true && k > 0 ? -2 : -1, ind);
      if (kind === "leaf") {
        const leaf = hooks.leaf(it) as string;
        if (negativeLeaf(it)) {
          // Parentheses may break when too wide; leave that to the general path.
          if (leaf.length + 2 > hooks.width) return null;
          pieces.push(`(${leaf})`);
        } else pieces.push(leaf);
      } else {
        const isSet = it.type === "Attrs";
        pieces.push(isSet ? "{" : "[");
        stack.push({ node: it as Attrs | List, i: 0, ind, close: isSet ? "}" : "]" });
      }
    }
  }
  return { k: 6, pieces, firstWidth: 1, lastWidth: 1 };
}
