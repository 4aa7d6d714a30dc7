/**
 * JS functions as Nix lambdas, without reading their source text: bundlers and minifiers rename
 * parameters, so a function's source is no stable name source. Instead:
 *
 * - a set pattern `{ lib, pkgs, ... }:` comes from the properties a destructured parameter reads
 *   (a Proxy records them; renamers never touch property names), and `...` from an object rest;
 * - a plain parameter is named explicitly (`fn("x", (x) => …)`) or by a generator, which prefers
 *   the conventional name of the function it is passed to (`withPackages` → `ps`, `mapAttrs` →
 *   `name`, `value`) and otherwise `x`, `y`, `z`.
 *
 * Hygiene: a parameter's references are tied to it by node identity. A parameter whose name would
 * capture another binder's reference, or whose own references sit under an inner binder of the
 * same name, is renamed (`x` → `x1`). Names that cannot be renamed (formals, `let` names) throw.
 *
 * @module
 */
import type { Binding, Expr, FormalsParam, IdentParam, Lambda } from "../ast/nodes.js";
import { NixBuildError } from "../errors.js";
import { checkIdentifier, formalsParam } from "./nodes.js";
import { refOf, type Ref } from "./ref.js";
import { bindingNames, mapChildren } from "./scope.js";

/** A JS function standing for a Nix function. */
export type Fn = (...args: Ref[]) => unknown;
type Convert = (v: never) => Expr;

/** Variables made by binders (parameters, formals, `let` names): their identity names the binder. */
const BOUND = new WeakSet<Expr>();

/** A fresh variable node owned by a binder named `name`. */
export function binderNode(name: string): Expr {
  const v: Expr = { type: "Var", name };
  BOUND.add(v);
  return v;
}

interface Analysis {
  /** One of the binder's own references sits under an inner binder of the same name. */
  ownShadowed: boolean;
  /** Another binder's reference with one of our names occurs free: we would capture it. */
  captures: boolean;
  /** A plain (by-name) variable with one of our names occurs free. */
  byName: boolean;
  /** Every variable and binder name in the body. */
  names: Set<string>;
}

/**
 * One pass over `body` (iterative: data of any depth; no allocation per node beyond the stack, since
 * this runs for every lambda over its whole body). A name array on the stack marks where the
 * names a node binds go out of scope again.
 */
function analyse(body: Expr, own: ReadonlySet<Expr>, ownNames: ReadonlySet<string>): Analysis {
  const a: Analysis = { ownShadowed: false, captures: false, byName: false, names: new Set() };
  const bound = new Map<string, number>();
  const stack: (Expr | readonly string[])[] = [body];
  const bind = (names: readonly string[]) => {
    for (const n of names) {
      a.names.add(n);
      bound.set(n, (bound.get(n) ?? 0) + 1);
    }
    stack.push(names);
  };
  const parts = (ps: readonly (string | Expr)[]) => {
    for (const p of ps) if (typeof p !== "string") stack.push(p);
  };
  const bindingsOf = (bs: readonly Binding[]) => {
    for (const b of bs) {
      if (b.type === "Inherit") {
        if (b.from !== undefined) stack.push(b.from);
      } else {
        parts(b.path);
        stack.push(b.value);
      }
    }
  };
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (Array.isArray(item)) {
      for (const n of item as readonly string[]) {
        const k = bound.get(n)! - 1;
        if (k === 0) bound.delete(n);
        else bound.set(n, k);
      }
      continue;
    }
    const e = item as Expr;
    switch (e.type) {
      case "Var": {
        a.names.add(e.name);
        const shadowed = bound.has(e.name);
        if (own.has(e)) {
          if (shadowed) a.ownShadowed = true;
        } else if (!shadowed && ownNames.has(e.name)) {
          if (BOUND.has(e)) a.captures = true;
          else a.byName = true;
        }
        break;
      }
      case "Int":
      case "Float":
      case "SearchPath":
      case "Uri":
      case "CurPos":
        break;
      case "Str":
      case "IndStr":
      case "Path":
        parts(e.parts);
        break;
      case "Attrs":
        if (e.rec) bind(bindingNames(e.bindings));
        bindingsOf(e.bindings);
        break;
      case "Let":
        bind(bindingNames(e.bindings));
        bindingsOf(e.bindings);
        stack.push(e.body);
        break;
      case "LegacyLet":
        bind(bindingNames(e.bindings));
        bindingsOf(e.bindings);
        break;
      case "List":
        for (const x of e.items) stack.push(x);
        break;
      case "With":
        stack.push(e.env, e.body);
        break;
      case "Assert":
        stack.push(e.cond, e.body);
        break;
      case "If":
        stack.push(e.cond, e.then, e.else);
        break;
      case "Lambda": {
        const p = e.param;
        if (p.type === "IdentParam") bind([p.name]);
        else {
          bind([...p.formals.map((f) => f.name), ...(p.bind ? [p.bind.name] : [])]);
          for (const f of p.formals) if (f.default !== undefined) stack.push(f.default);
        }
        stack.push(e.body);
        break;
      }
      case "Apply":
        stack.push(e.fn, e.arg);
        break;
      case "Select":
        stack.push(e.expr);
        parts(e.path);
        if (e.default !== undefined) stack.push(e.default);
        break;
      case "HasAttr":
        stack.push(e.expr);
        parts(e.path);
        break;
      case "Unary":
      case "Paren":
        stack.push(e.expr);
        break;
      case "Binary":
        stack.push(e.left, e.right);
        break;
      default: {
        // A switch rather than ts-pattern: this runs over every node of every lambda's body.
        const unknown: never = e;
        throw new NixBuildError(`unknown node ${JSON.stringify((unknown as { type?: unknown }).type)}`, unknown);
      }
    }
  }
  return a;
}

/**
 * `body` with the binder's own references `from` replaced by `to`, and, when `byName` is set,
 * free plain variables named `from.name` too (they meant this binder).
 */
function substitute(body: Expr, from: Expr, to: Expr, byName: boolean): Expr {
  const name = (from as { name: string }).name;
  const bound = new Map<string, number>();
  const visit = (e: Expr): Expr => {
    if (e === from) return to;
    if (e.type === "Var") {
      return byName && e.name === name && !BOUND.has(e) && (bound.get(name) ?? 0) === 0 ? to : e;
    }
    return mapChildren(e, (c, names) => {
      for (const n of names) bound.set(n, (bound.get(n) ?? 0) + 1);
      const r = visit(c);
      for (const n of names) bound.set(n, bound.get(n)! - 1);
      return r;
    });
  };
  return visit(body);
}

/** `base`, or `base1`, `base2`, … : the first not in `taken`. */
export function freshName(base: string, taken: ReadonlySet<string>): string {
  const stem = /\d$/.test(base) ? `${base}_` : base;
  for (let i = 1; ; i++) if (!taken.has(`${stem}${i}`)) return `${stem}${i}`;
}

/**
 * Closes a plain-parameter lambda over `body`, where `v` is the parameter's node. `generated`: the
 * name was not chosen by the user, so free variables of that name are not references to it.
 */
export function closePlain(v: Expr, body: Expr, generated: boolean): Lambda {
  const name = (v as { name: string }).name;
  const a = analyse(body, new Set([v]), new Set([name]));
  if (a.ownShadowed || a.captures || (generated && a.byName)) {
    const fresh = freshName(name, a.names);
    const nv = binderNode(fresh);
    return { type: "Lambda", param: { type: "IdentParam", name: fresh }, body: substitute(body, v, nv, !generated) };
  }
  return { type: "Lambda", param: { type: "IdentParam", name }, body };
}

/** Checks that names that cannot be renamed (formals, `let` names) are not shadowed where used. */
export function checkUnshadowed(nodes: ReadonlyMap<string, Expr>, body: Expr, what: string): void {
  const a = analyse(body, new Set(nodes.values()), new Set(nodes.keys()));
  if (a.ownShadowed) {
    throw new NixBuildError(
      `a reference to the ${what} ${[...nodes.keys()].join(", ")} is used under an inner binding of the same name, ` +
        "which would capture it; rename the inner binding",
      [...nodes.keys()],
    );
  }
}

/** A plain-parameter lambda with an explicit name; `body` receives the parameter's reference. */
export function namedLambda(name: string, body: (x: Ref) => unknown, convert: Convert): Lambda {
  const v = binderNode(checkIdentifier(name, "lambda parameter"));
  return closePlain(v, convert(body(refOf(v)) as never), false);
}

/** Conventional parameter names of the functions nixpkgs code passes lambdas to, by arity. */
const CONVENTIONAL: { readonly [fn: string]: readonly (readonly string[])[] } = {
  withPackages: [["ps"]],
  genAttrs: [["name"]],
  mapAttrs: [["name"], ["name", "value"]],
  "mapAttrs'": [["name"], ["name", "value"]],
  mapAttrsToList: [["name"], ["name", "value"]],
  mapAttrsRecursive: [["path"], ["path", "value"]],
  filterAttrs: [["name"], ["name", "value"]],
  concatMapAttrs: [["name"], ["name", "value"]],
  zipAttrsWith: [["name"], ["name", "values"]],
  genList: [["i"]],
  imap0: [["i"], ["i", "x"]],
  imap1: [["i"], ["i", "x"]],
  foldl: [["acc"], ["acc", "x"]],
  "foldl'": [["acc"], ["acc", "x"]],
  foldr: [["x"], ["x", "acc"]],
  sort: [["a"], ["a", "b"]],
  overrideAttrs: [["old"], ["finalAttrs", "prevAttrs"]],
  override: [["old"]],
  overridePythonAttrs: [["old"]],
  extend: [["final"], ["final", "prev"]],
  overrideScope: [["final"], ["final", "prev"]],
  makeExtensible: [["self"]],
  fix: [["self"]],
};

/** The name hints for a lambda passed as argument to `callee` (a variable or a selection). */
export function hintsFor(callee: Expr): readonly string[] | undefined {
  while (callee.type === "Apply") callee = callee.fn;
  const last = callee.type === "Var" ? callee.name : callee.type === "Select" ? callee.path[callee.path.length - 1] : undefined;
  if (typeof last !== "string" || !Object.hasOwn(CONVENTIONAL, last)) return undefined;
  const byArity = CONVENTIONAL[last]!;
  return byArity[byArity.length - 1];
}

const FALLBACK = ["x", "y", "z"];

/**
 * A JS function used as a Nix value: curried lambdas with one generated plain parameter per JS
 * parameter (`(name, value) => …` is `name: value: …`). `hints` are preferred names.
 */
export function valueLambda(f: Fn, convert: Convert, hints?: readonly string[]): Expr {
  const n = Math.max(1, f.length);
  const names =
    hints !== undefined && hints.length >= n
      ? hints.slice(0, n)
      : n <= FALLBACK.length
        ? FALLBACK.slice(0, n)
        : Array.from({ length: n }, (_, i) => `x${i + 1}`);
  const nodes = names.map(binderNode);
  let e: Expr = convert(f(...nodes.map((v) => refOf(v))) as never);
  for (let i = nodes.length - 1; i >= 0; i--) e = closePlain(nodes[i]!, e, true);
  return e;
}

/** The parameter objects handed to set-pattern bodies (not values: they have no Nix form). */
const ARG_OBJECTS = new WeakSet<object>();

/** Whether `v` is the parameter object of a set-pattern lambda. */
export function isArgsObject(v: unknown): boolean {
  return typeof v === "object" && v !== null && ARG_OBJECTS.has(v);
}

function argsObject(nodes: ReadonlyMap<string, Expr>): object {
  const obj: Record<string, Ref> = {};
  for (const [n, v] of nodes) obj[n] = refOf(v);
  ARG_OBJECTS.add(obj);
  return Object.freeze(obj);
}

/** A set-pattern lambda over an explicit parameter; `body` receives an object of references. */
export function formalsLambda(param: FormalsParam, body: (args: never) => unknown, convert: Convert): Lambda {
  const nodes = new Map<string, Expr>();
  for (const f of param.formals) nodes.set(f.name, binderNode(f.name));
  if (param.bind) nodes.set(param.bind.name, binderNode(param.bind.name));
  const b = convert(body(argsObject(nodes) as never) as never);
  checkUnshadowed(nodes, b, "formal");
  return { type: "Lambda", param, body: b };
}

/**
 * A set-pattern lambda whose formals are the properties the body reads from its parameter:
 * `({ lib, pkgs, ...rest }) => …` is `{ lib, pkgs, ... }: …`.
 */
export function readFormalsLambda(f: (args: never) => unknown, convert: Convert): Lambda {
  const nodes = new Map<string, Expr>();
  let ellipsis = false;
  let open = true;
  const closed = () => {
    throw new NixBuildError(
      "the parameter object of fn(({ … }) => …) was used after the function returned; destructure it, " +
        'or give a plain parameter a name: fn("x", (x) => …)',
    );
  };
  const target = {};
  ARG_OBJECTS.add(target);
  const proxy = new Proxy(target, {
    get(_t, prop) {
      if (!open) closed();
      if (prop === Symbol.toPrimitive) {
        return () => {
          throw new NixBuildError("the parameter object of a set-pattern lambda was used as a JS string or number");
        };
      }
      if (typeof prop === "symbol") return undefined;
      let v = nodes.get(prop);
      if (v === undefined) {
        v = binderNode(checkIdentifier(prop, "formal parameter"));
        nodes.set(prop, v);
      }
      return refOf(v);
    },
    // An object rest (`...rest`) lists the keys: that is the `...` of the set pattern.
    ownKeys() {
      if (!open) closed();
      ellipsis = true;
      return [];
    },
    getOwnPropertyDescriptor() {
      return undefined;
    },
    has(_t, prop) {
      return typeof prop === "string";
    },
  });
  ARG_OBJECTS.add(proxy);
  let b: Expr;
  try {
    b = convert(f(proxy as never) as never);
  } finally {
    open = false;
  }
  checkUnshadowed(nodes, b, "formal");
  const param = formalsParam([...nodes.keys()].map((name) => ({ name })), { ellipsis });
  return { type: "Lambda", param, body: b };
}

/** The references a JS body function receives for an explicit parameter. */
export function lambdaWithParam(param: IdentParam | FormalsParam, body: (a: never) => unknown, convert: Convert): Lambda {
  return param.type === "IdentParam" ? namedLambda(param.name, body as (x: Ref) => unknown, convert) : formalsLambda(param, body, convert);
}
