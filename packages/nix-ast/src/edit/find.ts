/**
 * Finding attribute paths in parsed source. A path is looked up through the places where Nix code
 * keeps its attributes: set literals (`rec` too), `let` bodies and `let` bindings, lambda bodies
 * (`{ lib, … }: { … }`), the last argument of a call (`mkDerivation { … }`,
 * `mkDerivation (finalAttrs: { … })`, `mkDerivation rec { … }`, `lib.mkIf c { … }`), the right
 * operand of `//`, `with`/`assert` bodies and parentheses; dotted bindings count as nesting
 * (`a.b.c = …` and `a = { b.c = …; }` are the same path).
 *
 * The walk only visits the bindings of the sets along the path: its cost is that of the path,
 * not of the file.
 *
 * @module
 */
import { match } from "ts-pattern";
import type { Assign, Attrs, Binding, Expr, Inherit, Let, LegacyLet } from "../ast/nodes.js";
import { staticName } from "./path.js";

/** Where a node sits: the context needed to reprint it in place. */
export type Parent =
  | { readonly kind: "root" }
  /** The value of `binding` in `scope`. */
  | { readonly kind: "value"; readonly binding: Assign; readonly scope: Scope }
  /** Item `index` of the list at `list`. */
  | { readonly kind: "item"; readonly list: NodeLoc; readonly index: number }
  /** Any other child (a lambda body, a call's argument, parenthesised, …): printed as it stands. */
  | { readonly kind: "inner"; readonly parent: NodeLoc };

/** A node and where it sits. */
export interface NodeLoc {
  readonly node: Expr;
  readonly parent: Parent;
}

/** A group of bindings: a set literal, a `let`, or a legacy `let { }`. */
export interface Scope {
  readonly node: Attrs | Let | LegacyLet;
  readonly loc: NodeLoc;
}

/** The bindings of a scope. */
export function bindingsOf(s: Scope): readonly Binding[] {
  return s.node.bindings;
}

/** Below this many bindings a scan is as fast as an index. */
const INDEX_FROM = 32;

/** Per group of bindings (the tree is immutable): bindings by their first name, in source order. */
const indexes = new WeakMap<readonly Binding[], Map<string, Binding[]>>();

/**
 * The bindings whose first name (or one of whose inherited names) is `name`, in source order. A
 * large set is indexed once, so that later lookups in it (several edits of one parsed document)
 * cost the path, not the number of siblings.
 */
export function bindingsNamed(bs: readonly Binding[], name: string): readonly Binding[] {
  if (bs.length < INDEX_FROM) {
    return bs.filter((b) => (b.type === "Inherit" ? b.names.includes(name) : staticName(b.path[0]) === name));
  }
  let index = indexes.get(bs);
  if (index === undefined) {
    index = new Map();
    const add = (k: string, b: Binding) => {
      const l = index!.get(k);
      if (l === undefined) index!.set(k, [b]);
      else if (l[l.length - 1] !== b) l.push(b);
    };
    for (const b of bs) {
      if (b.type === "Inherit") for (const n of b.names) add(n, b);
      else {
        const k = staticName(b.path[0]);
        if (k !== null) add(k, b);
      }
    }
    indexes.set(bs, index);
  }
  return index.get(name) ?? [];
}

/** What a path designates. */
export type Hit =
  /** `binding`'s value, which the whole path names. */
  | { readonly kind: "value"; readonly binding: Assign; readonly scope: Scope; readonly value: NodeLoc }
  /** A name of an `inherit`. */
  | { readonly kind: "inherit"; readonly binding: Inherit; readonly scope: Scope; readonly name: string; readonly lets: readonly Scope[] }
  /** A dotted binding below the path (`a.b.c = …` for the path `a.b`). */
  | { readonly kind: "below"; readonly binding: Assign; readonly scope: Scope }
  /** An inherited name the path goes through (`inherit (x) a;` for the path `a.b`): cannot be followed. */
  | { readonly kind: "through-inherit"; readonly binding: Inherit; readonly scope: Scope; readonly name: string };

/** The scopes of an expression: its attribute set (where new bindings go) and its `let`s, innermost first. */
export interface Scopes {
  readonly primary: Scope | null;
  readonly lets: readonly Scope[];
}

/** Looks through the wrappers of an expression for the attribute set it evaluates to. */
export function scopesOf(loc: NodeLoc): Scopes {
  const lets: Scope[] = [];
  let cur = loc;
  for (;;) {
    const inner = (node: Expr): NodeLoc => ({ node, parent: { kind: "inner", parent: cur } });
    const e = cur.node;
    const next: NodeLoc | Scope | null = match(e)
      .with({ type: "Attrs" }, (n): Scope => ({ node: n, loc: cur }))
      .with({ type: "LegacyLet" }, (n): Scope => ({ node: n, loc: cur }))
      .with({ type: "Let" }, (n) => {
        lets.unshift({ node: n, loc: cur });
        return inner(n.body);
      })
      .with({ type: "Paren" }, (n) => inner(n.expr))
      .with({ type: "Lambda" }, (n) => inner(n.body))
      .with({ type: "With" }, { type: "Assert" }, (n) => inner(n.body))
      .with({ type: "Apply" }, (n) => inner(n.arg))
      .with({ type: "Binary" }, (n) => (n.op === "//" ? inner(n.right) : null))
      .with(
        { type: "Int" },
        { type: "Float" },
        { type: "Str" },
        { type: "IndStr" },
        { type: "Path" },
        { type: "SearchPath" },
        { type: "Uri" },
        { type: "Var" },
        { type: "CurPos" },
        { type: "List" },
        { type: "If" },
        { type: "Select" },
        { type: "HasAttr" },
        { type: "Unary" },
        () => null,
      )
      .exhaustive();
    // `lets` is innermost first already (each `let` met is put in front): inner ones shadow outer.
    if (next === null) return { primary: null, lets };
    if ("loc" in next) return { primary: next, lets };
    cur = next;
  }
}

/** How many leading names of `bp` match `path[i..]`; -1 when they differ before one runs out. */
function matchLen(bp: Assign["path"], path: readonly string[], i: number): number {
  const n = Math.min(bp.length, path.length - i);
  for (let k = 0; k < n; k++) if (staticName(bp[k]!) !== path[i + k]) return -1;
  return n;
}

/**
 * Every place that defines `path[i..]` below `loc`. `outerLets` are the `let` scopes around
 * `loc` (for `inherit x;` to find what it refers to). The `let` bindings are searched only when
 * the attribute set defines nothing of the path.
 */
export function findAll(loc: NodeLoc, path: readonly string[], i = 0, outerLets: readonly Scope[] = []): Hit[] {
  const { primary, lets } = scopesOf(loc);
  const allLets = [...lets, ...outerLets];
  if (primary !== null) {
    const hits = searchScope(primary, path, i, allLets);
    if (hits.length > 0) return hits;
  }
  for (const s of lets) {
    const hits = searchScope(s, path, i, allLets);
    if (hits.length > 0) return hits;
  }
  return [];
}

function searchScope(scope: Scope, path: readonly string[], i: number, lets: readonly Scope[]): Hit[] {
  const hits: Hit[] = [];
  const want = path[i]!;
  const last = i === path.length - 1;
  // A `rec` set and a `let` are scopes for the names they bind.
  const inner = scope.node.type === "Attrs" && !scope.node.rec ? lets : [scope, ...lets];
  for (const b of bindingsNamed(bindingsOf(scope), want)) {
    if (b.type === "Inherit") {
      hits.push(
        last
          ? { kind: "inherit", binding: b, scope, name: want, lets: b.from === undefined ? lets : [] }
          : { kind: "through-inherit", binding: b, scope, name: want },
      );
      continue;
    }
    const m = matchLen(b.path, path, i);
    if (m < 0) continue;
    const rest = path.length - i;
    if (b.path.length === rest) {
      hits.push({ kind: "value", binding: b, scope, value: { node: b.value, parent: { kind: "value", binding: b, scope } } });
    } else if (b.path.length > rest) hits.push({ kind: "below", binding: b, scope });
    else hits.push(...findAll({ node: b.value, parent: { kind: "value", binding: b, scope } }, path, i + m, inner));
  }
  return hits;
}

/** The binding of `name` in the innermost of `lets` that binds it (what `inherit name;` takes). */
export function letBinding(lets: readonly Scope[], name: string): Hit | null {
  for (const s of lets) {
    for (const b of bindingsNamed(bindingsOf(s), name)) {
      if (b.type === "Assign" && b.path.length === 1 && staticName(b.path[0]) === name) {
        return { kind: "value", binding: b, scope: s, value: { node: b.value, parent: { kind: "value", binding: b, scope: s } } };
      }
      if (b.type === "Inherit" && b.names.includes(name)) return null;
    }
  }
  return null;
}

/** Where a missing path goes: the deepest existing set on the way, and the names still missing. */
export interface InsertPoint {
  readonly kind: "insert";
  readonly scope: Scope;
  /** The names of the new binding (`path[i..]`). */
  readonly names: readonly string[];
  /** The binding to insert after (sharing the longest prefix with `names`), else null: at the end. */
  readonly after: Binding | null;
}

/**
 * The insertion point of `path`: descends into nested sets while a binding's path is a prefix of
 * the rest (`a = { … }` for `a.b`), then picks the sibling that shares most names with it, so
 * `a.b.d = …` lands next to `a.b.c = …`. Null when there is no attribute set to insert into;
 * `blocked` when a binding on the way has a value that is not a set (`a = 1;` for `a.b`). As
 * {@link findAll} reads a name that the attribute set does not bind from the `let`s around it, a
 * path whose first name only a `let` binds goes into that `let` (`let a = { … }; in { … }` for
 * `a.b`): in the set, it would make a second `a` that hides the one the path named.
 */
export function insertPoint(
  loc: NodeLoc,
  path: readonly string[],
  i = 0,
): InsertPoint | { readonly kind: "blocked"; readonly binding: Assign; readonly names: readonly string[] } | null {
  const { primary, lets } = scopesOf(loc);
  if (primary === null) return null;
  const name = path[i]!;
  const scope =
    bindingsNamed(bindingsOf(primary), name).length > 0
      ? primary
      : (lets.find((s) => bindingsNamed(bindingsOf(s), name).length > 0) ?? primary);
  let after: Binding | null = null;
  let best = 0;
  // Only bindings that start with the path's next name share a prefix with it.
  for (const b of bindingsNamed(bindingsOf(scope), name)) {
    if (b.type === "Inherit") continue;
    const m = matchLen(b.path, path, i);
    if (m > 0 && m === b.path.length && m < path.length - i) {
      const deeper = insertPoint({ node: b.value, parent: { kind: "value", binding: b, scope } }, path, i + m);
      return deeper ?? { kind: "blocked", binding: b, names: path.slice(0, i + m) };
    }
    // Names shared with this binding's path.
    let shared = 0;
    while (shared < b.path.length && i + shared < path.length && staticName(b.path[shared]!) === path[i + shared]) shared++;
    if (shared > 0 && shared >= best) {
      best = shared;
      after = b;
    }
  }
  return { kind: "insert", scope, names: path.slice(i), after };
}
