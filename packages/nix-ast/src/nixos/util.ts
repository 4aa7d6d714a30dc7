/**
 * Small AST helpers of the NixOS layer.
 *
 * @module
 */
import type { Binding, Expr } from "../ast/nodes.js";

/**
 * Folds single-binding attribute sets into attribute paths, the idiomatic NixOS style:
 * `{ services = { x = { port = 1; }; }; }` becomes `{ services.x.port = 1; }`, and
 * `{ services = { x = { a = 1; b = 2; }; }; }` becomes `{ services.x = { a = 1; b = 2; }; }`.
 * Sets with comments, `rec` sets and `inherit`s are left alone.
 */
export function compressAttrs(e: Expr): Expr {
  if (e.type !== "Attrs" || e.rec) return e;
  return { ...e, bindings: e.bindings.map(compressBinding) };
}

function compressBinding(b: Binding): Binding {
  if (b.type !== "Assign") return b;
  let path = [...b.path];
  let value = b.value;
  for (;;) {
    if (
      value.type === "Attrs" &&
      !value.rec &&
      !value.comments &&
      value.bindings.length === 1 &&
      value.bindings[0]!.type === "Assign" &&
      !value.bindings[0]!.comments
    ) {
      const inner = value.bindings[0]!;
      path = [...path, ...inner.path];
      value = inner.value;
    } else break;
  }
  // Inner sets with several bindings keep their own folding.
  if (value.type === "Attrs" && !value.rec) value = compressAttrs(value);
  return { ...b, path: path as [typeof path[0] & {}, ...typeof path], value };
}
