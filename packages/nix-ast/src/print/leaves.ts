/**
 * Leaves: comment-free nodes that print as one token and never break (names, numbers, plain
 * strings, paths). They skip the generator machinery (most nodes of generated code are leaves).
 *
 * @module
 */
import type { Expr, StrPart } from "../ast/nodes.js";
import { isBareAttrName } from "../ast/lexical.js";
import { escapeStrText, renderString, renderUFloat } from "./escape.js";
import { hasNoLiteral } from "./spelled.js";

/** Rendered static names; generated code repeats the same few names a great many times. */
export const NAME_CACHE = new Map<string, string>();

export function renderAttrNameStatic(name: string): string {
  let r = NAME_CACHE.get(name);
  if (r === undefined) {
    r = isBareAttrName(name) ? name : renderString(name);
    if (NAME_CACHE.size > 4096) NAME_CACHE.clear();
    NAME_CACHE.set(name, r);
  }
  return r;
}

/** Whether a static name is bare (cached like {@link renderAttrNameStatic}). */
export function isBareName(name: string): boolean {
  return renderAttrNameStatic(name) === name;
}

export function renderIntLiteral(v: bigint): string {
  return (v < 0n ? -v : v).toString();
}

/**
 * The complete text of a comment-free leaf that prints as a single token and never breaks, or null.
 * Leaves skip the generator machinery entirely (most nodes of generated code are leaves).
 */
export function leafText(e: Expr): string | null {
  switch (e.type) {
    case "Var":
      return e.name;
    case "Int":
      // A number without a literal is an expression in parentheses, which may break (spelled.ts).
      if (hasNoLiteral(e)) return null;
      return e.value < 0n ? `-${renderIntLiteral(e.value)}` : e.value.toString();
    case "Float":
      if (hasNoLiteral(e)) return null;
      return e.value < 0 ? `-${renderUFloat(-e.value)}` : renderUFloat(e.value);
    case "Str": {
      const ps = e.parts;
      if (ps.length === 1) {
        const only = ps[0] as StrPart;
        return typeof only === "string" ? `"${escapeStrText(only, false)}"` : null;
      }
      let out = "";
      for (const p of ps) {
        if (typeof p !== "string") return null;
        out += p;
      }
      // Parts are joined first so that escaping sees whole runs (`$` then `{`).
      return `"${escapeStrText(out, false)}"`;
    }
    case "Path": {
      let out = "";
      for (const p of e.parts) {
        if (typeof p !== "string") return null;
        out += p;
      }
      return out;
    }
    case "SearchPath":
      return `<${e.path}>`;
    case "Uri":
      return e.value;
    case "CurPos":
      return "__curPos";
    case "List":
      return e.items.length === 0 ? "[ ]" : null;
    case "Attrs":
      return e.bindings.length === 0 ? (e.rec ? "rec { }" : "{ }") : null;
    default:
      return null;
  }
}
