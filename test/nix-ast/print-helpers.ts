/**
 * Tiny node constructors for the printer tests (independent of the builders, which validate) and a
 * direct `nix-instantiate` bridge. The batched oracle in `src/testing/` will replace the bridge.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type {
  AttrName,
  Binding,
  Comment,
  Expr,
  Formal,
  FormalsParam,
  StrPart,
} from "nix-ast";

export const v = (name: string): Expr => ({ type: "Var", name });
export const int = (n: number | bigint): Expr => ({ type: "Int", value: BigInt(n) });
export const float = (value: number): Expr => ({ type: "Float", value });
export const str = (...parts: StrPart[]): Expr => ({ type: "Str", parts });
export const ind = (...parts: StrPart[]): Expr => ({ type: "IndStr", parts });
export const path = (...parts: StrPart[]): Expr => ({ type: "Path", parts });
export const list = (...items: Expr[]): Expr => ({ type: "List", items });
export const attrs = (...bindings: Binding[]): Expr => ({ type: "Attrs", rec: false, bindings });
export const rec = (...bindings: Binding[]): Expr => ({ type: "Attrs", rec: true, bindings });
export const set = (
  path: string | [AttrName, ...AttrName[]],
  value: Expr,
  extra: Partial<Pick<Binding, "comments" | "trailing" | "blankBefore">> = {},
): Binding => ({
  type: "Assign",
  path: typeof path === "string" ? [path] : path,
  value,
  ...extra,
});
export const dotted = (p: string, value: Expr): Binding => ({
  type: "Assign",
  path: p.split(".") as [string, ...string[]],
  value,
});
export const inherit = (names: string[], from?: Expr): Binding =>
  from === undefined ? { type: "Inherit", names } : { type: "Inherit", from, names };
export const app = (f: Expr, ...args: Expr[]): Expr =>
  args.reduce<Expr>((fn, arg) => ({ type: "Apply", fn, arg }), f);
export const sel = (expr: Expr, p: string | AttrName[], dflt?: Expr): Expr => ({
  type: "Select",
  expr,
  path: (typeof p === "string" ? p.split(".") : p) as [AttrName, ...AttrName[]],
  ...(dflt === undefined ? {} : { default: dflt }),
});
export const has = (expr: Expr, p: string): Expr => ({
  type: "HasAttr",
  expr,
  path: p.split(".") as [string, ...string[]],
});
export const lam = (name: string, body: Expr): Expr => ({
  type: "Lambda",
  param: { type: "IdentParam", name },
  body,
});
export const formal = (name: string, dflt?: Expr, comments?: Comment[]): Formal => ({
  name,
  ...(dflt === undefined ? {} : { default: dflt }),
  ...(comments === undefined ? {} : { comments }),
});
export const flam = (
  formals: (string | Formal)[],
  body: Expr,
  opts: { ellipsis?: boolean; bind?: FormalsParam["bind"] } = {},
): Expr => ({
  type: "Lambda",
  param: {
    type: "FormalsParam",
    formals: formals.map((f) => (typeof f === "string" ? { name: f } : f)),
    ellipsis: opts.ellipsis ?? false,
    ...(opts.bind === undefined ? {} : { bind: opts.bind }),
  },
  body,
});
export const op = (o: Extract<Expr, { type: "Binary" }>["op"], left: Expr, right: Expr): Expr => ({
  type: "Binary",
  op: o,
  left,
  right,
});
export const neg = (expr: Expr): Expr => ({ type: "Unary", op: "-", expr });
export const not = (expr: Expr): Expr => ({ type: "Unary", op: "!", expr });
export const paren = (expr: Expr): Expr => ({ type: "Paren", expr });
export const letIn = (bindings: Binding[], body: Expr): Expr => ({ type: "Let", bindings, body });
export const iff = (cond: Expr, then: Expr, els: Expr): Expr => ({
  type: "If",
  cond,
  then,
  else: els,
});
export const withE = (env: Expr, body: Expr): Expr => ({ type: "With", env, body });
export const assertE = (cond: Expr, body: Expr): Expr => ({ type: "Assert", cond, body });
export const line = (text: string): Comment => ({ kind: "line", text });
export const block = (text: string): Comment => ({ kind: "block", text });
export const doc = (text: string): Comment => ({ kind: "doc", text });
/** Attaches comments to a node (a copy). */
export const withComments = <T extends object>(
  n: T,
  comments: Comment[],
  trailing?: Comment,
  blankBefore?: boolean,
): T => ({
  ...n,
  comments,
  ...(trailing === undefined ? {} : { trailing }),
  ...(blankBefore === undefined ? {} : { blankBefore }),
});

/** `nix-instantiate --parse` of a source text (free variables allowed through `with {};`). */
export function nixParse(src: string): string {
  if (src.length < 100_000) {
    return execFileSync("nix-instantiate", ["--parse", "-E", `with {}; ${src}`], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
  }
  // Too long for a command line: go through a file (relative paths then resolve against tmpdir).
  const dir = mkdtempSync(join(tmpdir(), "nix-ast-print-"));
  const file = join(dir, "e.nix");
  writeFileSync(file, `with {}; ${src}`);
  try {
    return execFileSync("nix-instantiate", ["--parse", file], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      maxBuffer: 1 << 30,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `nix-instantiate --eval --strict --json` of an expression. */
export function nixEvalJson(src: string): unknown {
  const out = execFileSync("nix-instantiate", ["--eval", "--strict", "--json", "-E", src], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  return JSON.parse(out);
}
