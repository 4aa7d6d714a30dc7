/**
 * Lexical scope over the AST, for lambda hygiene: which names each node binds for each of its
 * children, and a structure-sharing rewrite of the children. Nix's scoping: a lambda binds its
 * parameter (formals and `@` name, also in the formals' defaults), `let` and `rec { }` (and the
 * legacy `let { }`) bind their attribute names in their values and body; `with` never shadows a
 * lexical name.
 *
 * @module
 */
import { match } from "ts-pattern";
import type { AttrName, Binding, Expr, StrPart } from "../ast/nodes.js";

/** Rewrites a child; `bound` lists the names the parent binds around that child. */
export type ChildFn = (child: Expr, bound: readonly string[]) => Expr;

const NONE: readonly string[] = [];

/** The names a list of bindings defines (first static segment of each path, inherited names). */
export function bindingNames(bindings: readonly Binding[]): string[] {
  const out: string[] = [];
  for (const b of bindings) {
    if (b.type === "Inherit") out.push(...b.names);
    else if (typeof b.path[0] === "string") out.push(b.path[0]);
  }
  return out;
}

function mapArr<T>(xs: readonly T[], f: (x: T) => T): readonly T[] {
  let out: T[] | undefined;
  xs.forEach((x, i) => {
    const y = f(x);
    if (y !== x) (out ??= xs.slice())[i] = y;
  });
  return out ?? xs;
}

const part = (f: ChildFn, bound: readonly string[]) => (p: StrPart): StrPart => (typeof p === "string" ? p : f(p, bound));
const name = (f: ChildFn, bound: readonly string[]) => (p: AttrName): AttrName => (typeof p === "string" ? p : f(p, bound));

function mapBindings(bs: readonly Binding[], f: ChildFn, bound: readonly string[]): readonly Binding[] {
  return mapArr(bs, (b) => {
    if (b.type === "Inherit") {
      if (b.from === undefined) return b;
      const from = f(b.from, bound);
      return from === b.from ? b : { ...b, from };
    }
    const path = mapArr(b.path, name(f, bound)) as typeof b.path;
    const value = f(b.value, bound);
    return path === b.path && value === b.value ? b : { ...b, path, value };
  });
}

/** `e` with each child replaced by `f(child, namesBoundAroundIt)`; `e` itself when nothing changed. */
export function mapChildren(e: Expr, f: ChildFn): Expr {
  const same = <T extends Expr>(node: T, patch: Partial<T>): T => {
    for (const k of Object.keys(patch) as (keyof T)[]) if (patch[k] !== node[k]) return { ...node, ...patch };
    return node;
  };
  return match(e)
    .returnType<Expr>()
    .with({ type: "Int" }, { type: "Float" }, { type: "SearchPath" }, { type: "Uri" }, { type: "Var" }, { type: "CurPos" }, (n) => n)
    .with({ type: "Str" }, { type: "IndStr" }, { type: "Path" }, (n) => same(n, { parts: mapArr(n.parts, part(f, NONE)) }))
    .with({ type: "Attrs" }, (n) => same(n, { bindings: mapBindings(n.bindings, f, n.rec ? bindingNames(n.bindings) : NONE) }))
    .with({ type: "List" }, (n) => same(n, { items: mapArr(n.items, (x) => f(x, NONE)) }))
    .with({ type: "Let" }, (n) => {
      const bound = bindingNames(n.bindings);
      return same(n, { bindings: mapBindings(n.bindings, f, bound), body: f(n.body, bound) });
    })
    .with({ type: "LegacyLet" }, (n) => same(n, { bindings: mapBindings(n.bindings, f, bindingNames(n.bindings)) }))
    .with({ type: "With" }, (n) => same(n, { env: f(n.env, NONE), body: f(n.body, NONE) }))
    .with({ type: "Assert" }, (n) => same(n, { cond: f(n.cond, NONE), body: f(n.body, NONE) }))
    .with({ type: "If" }, (n) => same(n, { cond: f(n.cond, NONE), then: f(n.then, NONE), else: f(n.else, NONE) }))
    .with({ type: "Lambda" }, (n) => {
      const p = n.param;
      if (p.type === "IdentParam") return same(n, { body: f(n.body, [p.name]) });
      const bound = [...p.formals.map((x) => x.name), ...(p.bind ? [p.bind.name] : [])];
      const formals = mapArr(p.formals, (x) => {
        if (x.default === undefined) return x;
        const d = f(x.default, bound);
        return d === x.default ? x : { ...x, default: d };
      });
      const param = formals === p.formals ? p : { ...p, formals };
      return same(n, { param, body: f(n.body, bound) });
    })
    .with({ type: "Apply" }, (n) => same(n, { fn: f(n.fn, NONE), arg: f(n.arg, NONE) }))
    .with({ type: "Select" }, (n) =>
      same(n, {
        expr: f(n.expr, NONE),
        path: mapArr(n.path, name(f, NONE)) as typeof n.path,
        ...(n.default !== undefined ? { default: f(n.default, NONE) } : {}),
      }),
    )
    .with({ type: "HasAttr" }, (n) => same(n, { expr: f(n.expr, NONE), path: mapArr(n.path, name(f, NONE)) as typeof n.path }))
    .with({ type: "Unary" }, (n) => same(n, { expr: f(n.expr, NONE) }))
    .with({ type: "Binary" }, (n) => same(n, { left: f(n.left, NONE), right: f(n.right, NONE) }))
    .with({ type: "Paren" }, (n) => same(n, { expr: f(n.expr, NONE) }))
    .exhaustive();
}
