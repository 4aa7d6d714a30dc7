/**
 * Document helpers shared by the construct families: nixfmt's `unexpandSpacing'` and Predoc's
 * `fixup` of leading comments, separators, item groups.
 *
 * @module
 */
import { group, HARDLINE, HARDSPACE, nest, SOFTSPACE, SPACE, type Doc, type DocE } from "./doc.js";

/**
 * Removes break-or-nothing and turns soft spaces into hard ones; null if a forced break occurs.
 * Groups dissolve, but nesting stays, as in nixfmt's `unexpandSpacing'`: the level of the texts
 * still decides the indentation of the lines after them (see `Layout.glue` in doc.ts).
 */
export function unexpand(doc: Doc, limit: number): Doc | null {
  const res: Doc = [];
  let out: Doc = res;
  let any = false;
  let width = 0;
  let sp = 0;
  let lead = false;
  const docs: Doc[] = [doc];
  const idx: number[] = [0];
  // For each frame: how its output closes (-1 none, -2 nest, n ≥ 0 offset by n) and the parent output.
  const wraps: number[] = [-1];
  const outs: Doc[] = [res];
  for (;;) {
    const top = docs.length - 1;
    if (top < 0) break;
    const d = docs[top] as Doc;
    const i = idx[top] as number;
    if (i >= d.length) {
      docs.pop();
      idx.pop();
      const w = wraps.pop() as number;
      const inner = out;
      out = outs.pop() as Doc;
      if (w === -1 || inner.length === 0) continue;
      // Texts that follow each other are one text at the first one's level: join them, so that
      // flattening nested interpolations stays linear.
      const last = out.length - 1;
      if (last >= 0 && typeof out[last] === "string" && typeof inner[0] === "string") {
        out[last] = (out[last] as string) + (inner.shift() as string);
        if (inner.length === 0) continue;
      }
      out.push(w === -2 ? nest(inner) : { k: 2, n: w, doc: inner });
      continue;
    }
    idx[top] = i + 1;
    const e = d[i] as DocE;
    if (typeof e === "number") {
      if (e >= HARDLINE) return null;
      if (e === HARDSPACE || e === SOFTSPACE || e === SPACE) sp = 1;
      continue;
    }
    if (typeof e === "string") {
      if (sp) {
        // Leading spacing stays a spacing (below) so that it merges with the caller's own.
        if (any) out.push(HARDSPACE);
        else lead = true;
        width++;
        sp = 0;
      }
      const last = out.length - 1;
      if (last >= 0 && typeof out[last] === "string") out[last] = (out[last] as string) + e;
      else out.push(e);
      any = true;
      width += e.length;
      if (width > limit) return null;
      continue;
    }
    if (e.k === 3 || e.k === 4 || e.k === 6 || e.k === 7) return null;
    docs.push(e.doc);
    idx.push(0);
    outs.push(out);
    if (e.k === 1 || e.k === 2) {
      wraps.push(e.k === 1 ? -2 : e.n);
      out = [];
    } else wraps.push(-1);
  }
  // As nixfmt's `unexpandSpacing'`, outer spacings survive as hard spaces: flattening them into the
  // text would double them next to a caller's hard space (`a &&  f x`).
  if (lead) res.unshift(HARDSPACE);
  if (sp) res.push(HARDSPACE);
  return res;
}

export function sepBy(sep: DocE, docs: Doc[]): Doc {
  const out: Doc = [];
  for (let i = 0; i < docs.length; i++) {
    if (i > 0) out.push(sep);
    out.push(...(docs[i] as Doc));
  }
  return out;
}

/** An item's document: its text when it is one, else a group of its own. */
export function itemDoc(d: Doc): DocE {
  return d.length === 1 && typeof d[0] === "string" ? d[0] : group(d);
}
