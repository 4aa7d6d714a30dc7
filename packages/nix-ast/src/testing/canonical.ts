/**
 * The canonical renderer: our AST rendered exactly the way `nix-instantiate --parse` (Nix 2.8)
 * prints the same expression, so that `canonical(ast)` and the real parser's output of
 * `print(ast)` can be compared (after {@link normalize}, which hides only Nix's internal binding
 * order and how an indented string was cut into tokens).
 *
 * The renderer first lowers the AST to a small tree shaped like Nix's own `Expr` classes (operators
 * desugared, attribute paths merged, `inherit (e)` expanded, calls flattened) and then shows that
 * tree with the same text `Expr::show` writes.
 *
 * @module
 */
import * as nodePath from "node:path";
import { homedir } from "node:os";
import { match } from "ts-pattern";
import type { AttrName, Binding, Expr, StrPart } from "../ast/nodes.js";
import { mergeTextParts } from "../ast/nodes.js";
import { INT64_MIN, pathStartLength } from "../ast/lexical.js";
import { NixAstError } from "../errors.js";
import { isSubnormal, subnormalFactors } from "../print/escape.js";

/** Options of {@link canonical}. */
export interface CanonicalOptions {
  /**
   * Folder that relative paths are resolved against: the folder of the parsed file, or the current
   * folder for `-E` and stdin. Defaults to `process.cwd()`.
   */
  readonly cwd?: string;
  /** Home folder for `~/…` paths; defaults to `$HOME` (what Nix uses), else `os.homedir()`. */
  readonly home?: string;
}

/** Raised when an AST has no `--parse` form: pipes, duplicate attributes, dynamic `let` keys. */
export class CanonicalError extends NixAstError {
  override readonly name = "CanonicalError";
}

// ---------------------------------------------------------------------------------------------
// The lowered tree, one case per Nix 2.8 `Expr` class that `--parse` can print.

type AttrKey = { readonly sym: string } | { readonly expr: N };

interface AttrDef {
  readonly inherited: boolean;
  readonly e: N;
}

/** Mutable while bindings are added: Nix merges `a.b = 1; a.c = 2;` into one nested set. */
interface NAttrs {
  readonly k: "attrs";
  rec: boolean;
  readonly attrs: Map<string, AttrDef>;
  readonly dyn: { readonly name: N; readonly value: N }[];
}

type N =
  | { readonly k: "int"; readonly v: bigint }
  | { readonly k: "float"; readonly v: number }
  | { readonly k: "string"; readonly s: string }
  | { readonly k: "path"; readonly p: string }
  | { readonly k: "var"; readonly name: string }
  | { readonly k: "pos" }
  | {
      readonly k: "select";
      readonly e: N;
      readonly path: readonly AttrKey[];
      readonly def?: N;
    }
  | { readonly k: "hasAttr"; readonly e: N; readonly path: readonly AttrKey[] }
  | NAttrs
  | { readonly k: "list"; readonly items: readonly N[] }
  | {
      readonly k: "lambda";
      readonly arg?: string;
      readonly formals?: {
        readonly list: readonly { readonly name: string; readonly def?: N }[];
        readonly ellipsis: boolean;
      };
      readonly body: N;
    }
  | { readonly k: "call"; readonly fn: N; readonly args: readonly N[] }
  | { readonly k: "let"; readonly attrs: NAttrs; readonly body: N }
  | { readonly k: "with"; readonly env: N; readonly body: N }
  | { readonly k: "if"; readonly cond: N; readonly then: N; readonly else: N }
  | { readonly k: "assert"; readonly cond: N; readonly body: N }
  | { readonly k: "not"; readonly e: N }
  | { readonly k: "op"; readonly op: string; readonly l: N; readonly r: N }
  | { readonly k: "concat"; readonly parts: readonly N[] };

const v = (name: string): N => ({ k: "var", name });
const call = (fn: string, ...args: N[]): N => ({ k: "call", fn: v(fn), args });
const emptyAttrs = (rec: boolean): NAttrs => ({
  k: "attrs",
  rec,
  attrs: new Map(),
  dyn: [],
});

interface Ctx {
  readonly cwd: string;
  readonly home: string;
}

/**
 * Renders an expression exactly as `nix-instantiate --parse` (Nix 2.8) prints it.
 *
 * Bindings come out sorted by name (Nix prints them in an internal order), formals in AST order;
 * compare through {@link normalize}. Comments, spans and `Paren` nodes leave no trace, as in Nix.
 *
 * @throws {@link CanonicalError} for pipe operators (Nix 2.8 has none), duplicate attributes,
 *   dynamic keys in `let`, and other trees the Nix parser rejects.
 */
export function canonical(expr: Expr, opts: CanonicalOptions = {}): string {
  const ctx: Ctx = {
    cwd: nodePath.resolve(opts.cwd ?? process.cwd()),
    home: opts.home ?? process.env.HOME ?? homedir(),
  };
  return show(lower(expr, ctx));
}

// ---------------------------------------------------------------------------------------------
// Lowering: what the Nix 2.8 parser (parser.y) builds.

function lower(e: Expr, ctx: Ctx): N {
  return match(e)
    .with({ type: "Int" }, (n): N => lowerInt(n.value))
    .with({ type: "Float" }, (n): N => {
      // `-0.0` in Nix is `0 - 0.0 = 0.0`; the printer keeps the sign with `(-1.0 * 0.0)`.
      if (Object.is(n.value, -0)) {
        return call(
          "__mul",
          call("__sub", { k: "int", v: 0n }, { k: "float", v: 1 }),
          { k: "float", v: 0 },
        );
      }
      const mag = Math.abs(n.value);
      // A subnormal prints as the product `(k * 2^-537 * 2^-537)` (see print/escape.ts).
      let u: N = { k: "float", v: mag };
      if (isSubnormal(mag)) {
        const { k, scale } = subnormalFactors(mag);
        u = call("__mul", call("__mul", { k: "float", v: k }, { k: "float", v: scale }), { k: "float", v: scale });
      }
      return n.value < 0 ? call("__sub", { k: "int", v: 0n }, u) : u;
    })
    .with({ type: "Str" }, (n) => lowerStr(n.parts, ctx, false))
    .with({ type: "IndStr" }, (n) => lowerStr(n.parts, ctx, true))
    .with({ type: "Path" }, (n) => lowerPath(n.parts, ctx))
    .with({ type: "SearchPath" }, (n) =>
      call("__findFile", v("__nixPath"), { k: "string", s: n.path }),
    )
    .with({ type: "Uri" }, (n): N => ({ k: "string", s: n.value }))
    .with({ type: "Var" }, (n) => v(n.name))
    .with({ type: "CurPos" }, (): N => ({ k: "pos" }))
    .with({ type: "Attrs" }, (n) => lowerBindings(n.bindings, n.rec, true, ctx))
    .with({ type: "List" }, (n): N => ({
      k: "list",
      items: n.items.map((i) => lower(i, ctx)),
    }))
    .with({ type: "Let" }, (n): N => ({
      k: "let",
      attrs: lowerBindings(n.bindings, false, false, ctx),
      body: lower(n.body, ctx),
    }))
    .with({ type: "LegacyLet" }, (n): N => ({
      // parser.y: `let { … }` is `(rec { … }).body`.
      k: "select",
      e: lowerBindings(n.bindings, true, true, ctx),
      path: [{ sym: "body" }],
    }))
    .with({ type: "With" }, (n): N => ({
      k: "with",
      env: lower(n.env, ctx),
      body: lower(n.body, ctx),
    }))
    .with({ type: "Assert" }, (n): N => ({
      k: "assert",
      cond: lower(n.cond, ctx),
      body: lower(n.body, ctx),
    }))
    .with({ type: "If" }, (n): N => ({
      k: "if",
      cond: lower(n.cond, ctx),
      then: lower(n.then, ctx),
      else: lower(n.else, ctx),
    }))
    .with({ type: "Lambda" }, (n): N => {
      const body = lower(n.body, ctx);
      if (n.param.type === "IdentParam")
        return { k: "lambda", arg: n.param.name, body };
      const p = n.param;
      const seen = new Set<string>();
      for (const f of p.formals) {
        if (seen.has(f.name))
          throw new CanonicalError(`duplicate formal '${f.name}'`);
        seen.add(f.name);
      }
      if (p.bind && seen.has(p.bind.name)) {
        throw new CanonicalError(
          `duplicate formal function argument '${p.bind.name}'`,
        );
      }
      return {
        k: "lambda",
        ...(p.bind ? { arg: p.bind.name } : {}),
        formals: {
          list: p.formals.map((f) =>
            f.default
              ? { name: f.name, def: lower(f.default, ctx) }
              : { name: f.name },
          ),
          ellipsis: p.ellipsis,
        },
        body,
      };
    })
    .with({ type: "Apply" }, (n): N => {
      // parser.y appends to an existing call, even a parenthesised one or a desugared operator:
      // `(a - b) c` prints as `(__sub a b c)`.
      const fn = lower(n.fn, ctx);
      const arg = lower(n.arg, ctx);
      // `e or` (a variable named `or` as the argument) has its own rule in parser.y, which builds
      // a fresh call instead of appending: `(f x) or` prints as `((f x) or)`.
      const orArg = n.arg.type === "Var" && n.arg.name === "or";
      return fn.k === "call" && !orArg
        ? { k: "call", fn: fn.fn, args: [...fn.args, arg] }
        : { k: "call", fn, args: [arg] };
    })
    .with({ type: "Select" }, (n): N => {
      const e = lower(n.expr, ctx);
      const path = n.path.map((a) => lowerAttrName(a, ctx));
      return n.default
        ? { k: "select", e, path, def: lower(n.default, ctx) }
        : { k: "select", e, path };
    })
    .with({ type: "HasAttr" }, (n): N => ({
      k: "hasAttr",
      e: lower(n.expr, ctx),
      path: n.path.map((a) => lowerAttrName(a, ctx)),
    }))
    .with({ type: "Unary" }, (n): N =>
      n.op === "-"
        ? call("__sub", { k: "int", v: 0n }, lower(n.expr, ctx))
        : { k: "not", e: lower(n.expr, ctx) },
    )
    .with({ type: "Binary" }, (n): N => {
      const l = lower(n.left, ctx);
      const r = lower(n.right, ctx);
      return match(n.op)
        .with("-", () => call("__sub", l, r))
        .with("*", () => call("__mul", l, r))
        .with("/", () => call("__div", l, r))
        .with("<", () => call("__lessThan", l, r))
        .with(">", () => call("__lessThan", r, l))
        .with("<=", (): N => ({ k: "not", e: call("__lessThan", r, l) }))
        .with(">=", (): N => ({ k: "not", e: call("__lessThan", l, r) }))
        .with("+", (): N => ({ k: "concat", parts: [l, r] }))
        .with("++", "//", "==", "!=", "&&", "||", "->", (op): N => ({
          k: "op",
          op,
          l,
          r,
        }))
        .with("|>", "<|", (op): never => {
          throw new CanonicalError(`Nix 2.8 has no pipe operator '${op}'`);
        })
        .exhaustive();
    })
    .with({ type: "Paren" }, (n) => lower(n.expr, ctx))
    .exhaustive();
}

function lowerInt(value: bigint): N {
  if (value >= 0n) return { k: "int", v: value };
  // -2^63 has no literal: the printer must write it as `(-9223372036854775807 - 1)`.
  if (value === INT64_MIN) {
    return call(
      "__sub",
      call("__sub", { k: "int", v: 0n }, { k: "int", v: -(value + 1n) }),
      {
        k: "int",
        v: 1n,
      },
    );
  }
  return call("__sub", { k: "int", v: 0n }, { k: "int", v: -value });
}

function lowerStr(parts: readonly StrPart[], ctx: Ctx, indented: boolean): N {
  const merged = mergeTextParts(parts);
  if (merged.length === 0) return { k: "string", s: "" };
  if (merged.length === 1 && typeof merged[0] === "string")
    return { k: "string", s: merged[0] };
  if (indented && merged.length === 1) {
    // stripIndentation returns a lone piece that is a string as is, even an interpolated one:
    // `''${"a"}''` is `"a"` (while `"${"a"}"` is `("a")`).
    const only = lower(merged[0] as Expr, ctx);
    if (only.k === "string") return only;
  }
  return {
    k: "concat",
    parts: merged.map((p): N =>
      typeof p === "string" ? { k: "string", s: p } : lower(p, ctx),
    ),
  };
}

function lowerPath(parts: readonly StrPart[], ctx: Ctx): N {
  const merged = mergeTextParts(parts);
  const first = merged[0];
  if (typeof first !== "string")
    throw new CanonicalError("a path must start with text");
  // The AST merges text; Nix's path value is only its first token (`a/b/` of `a/b//${x}`), the
  // rest of the text is a string piece of the concatenation.
  const tokEnd = merged.length === 1 ? first.length : pathTokenLength(first);
  const tok = first.slice(0, tokEnd);
  let p: string;
  if (tok.startsWith("~")) {
    // parser.y: home folder + the rest, not canonicalised.
    p = ctx.home + tok.slice(1);
  } else {
    p = absPath(tok, ctx.cwd);
    // parser.y adds back the trailing slash of a segment before `${`.
    if (tok.endsWith("/") && tok.length > 1) p += "/";
  }
  const head: N = { k: "path", p };
  const rest: (string | Expr)[] = [...merged.slice(1)];
  if (tokEnd < first.length) rest.unshift(first.slice(tokEnd));
  if (rest.length === 0) return head;
  return {
    k: "concat",
    parts: [
      head,
      ...rest.map((x): N =>
        typeof x === "string" ? { k: "string", s: x } : lower(x, ctx),
      ),
    ],
  };
}

/** Length of the path token that starts `first`, which an interpolation follows. */
function pathTokenLength(first: string): number {
  const n = pathStartLength(first);
  if (n < 0) throw new CanonicalError(`no path starts ${JSON.stringify(first)}`);
  return n;
}

/** Nix's `absPath` + `canonPath`: lexical `.`/`..` removal, no symlink resolution. */
function absPath(p: string, cwd: string): string {
  const full = p.startsWith("/") ? p : `${cwd}/${p}`;
  const out: string[] = [];
  for (const seg of full.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") out.pop();
    else out.push(seg);
  }
  return `/${out.join("/")}`;
}

function lowerAttrName(a: AttrName, ctx: Ctx): AttrKey {
  if (typeof a === "string") return { sym: a };
  // parser.y: an `ExprString` key (after parentheses vanish) is static, anything else dynamic.
  const n = lower(a, ctx);
  return n.k === "string" ? { sym: n.s } : { expr: n };
}

function dupAttr(name: string): never {
  throw new CanonicalError(`attribute '${name}' already defined`);
}

function lowerBindings(
  bindings: readonly Binding[],
  rec: boolean,
  allowDynamic: boolean,
  ctx: Ctx,
): NAttrs {
  const target = emptyAttrs(rec);
  for (const b of bindings) {
    if (b.type === "Inherit") {
      const from = b.from ? lower(b.from, ctx) : undefined;
      for (const name of b.names) {
        if (target.attrs.has(name)) dupAttr(name);
        target.attrs.set(
          name,
          from
            ? {
                inherited: false,
                e: { k: "select", e: from, path: [{ sym: name }] },
              }
            : { inherited: true, e: v(name) },
        );
      }
    } else {
      addAttr(
        target,
        b.path.map((a) => lowerAttrName(a, ctx)),
        lower(b.value, ctx),
      );
    }
  }
  if (!allowDynamic && target.dyn.length > 0) {
    throw new CanonicalError("dynamic attributes not allowed in let");
  }
  return target;
}

/** parser.y's `addAttr`, quirks included: merging a set into a set drops its dynamic keys. */
function addAttr(top: NAttrs, path: readonly AttrKey[], e: N): void {
  let attrs = top;
  const name = path.map((k) => ("sym" in k ? k.sym : "${…}")).join(".");
  for (const key of path.slice(0, -1)) {
    if ("sym" in key) {
      const j = attrs.attrs.get(key.sym);
      if (j) {
        if (j.inherited || j.e.k !== "attrs") dupAttr(name);
        attrs = j.e;
      } else {
        const nested = emptyAttrs(false);
        attrs.attrs.set(key.sym, { inherited: false, e: nested });
        attrs = nested;
      }
    } else {
      const nested = emptyAttrs(false);
      attrs.dyn.push({ name: key.expr, value: nested });
      attrs = nested;
    }
  }
  const last = path[path.length - 1];
  if (last === undefined) throw new CanonicalError("empty attribute path");
  if (!("sym" in last)) {
    attrs.dyn.push({ name: last.expr, value: e });
    return;
  }
  const j = attrs.attrs.get(last.sym);
  if (!j) {
    attrs.attrs.set(last.sym, { inherited: false, e });
    return;
  }
  if (e.k === "attrs" && j.e.k === "attrs") {
    for (const [k, def] of e.attrs) {
      if (j.e.attrs.has(k)) dupAttr(`${name}.${k}`);
      j.e.attrs.set(k, def);
    }
    return;
  }
  dupAttr(name);
}

// ---------------------------------------------------------------------------------------------
// Showing: nixexpr.cc's `Expr::show` of Nix 2.8.

function show(n: N): string {
  switch (n.k) {
    case "int":
      return n.v.toString();
    case "float":
      return formatNixFloat(n.v);
    case "string":
      return showNixString(n.s);
    case "path":
      return n.p;
    case "var":
      return n.name;
    case "pos":
      return "__curPos";
    case "select":
      return `(${show(n.e)}).${showAttrPath(n.path)}${n.def ? ` or (${show(n.def)})` : ""}`;
    case "hasAttr":
      return `((${show(n.e)}) ? ${showAttrPath(n.path)})`;
    case "attrs":
      return `${n.rec ? "rec " : ""}{ ${showBindings(n, " ;")}}`;
    case "list":
      return `[ ${n.items.map((i) => `(${show(i)}) `).join("")}]`;
    case "lambda": {
      let head = "";
      if (n.formals) {
        const items = n.formals.list.map((f) =>
          f.def ? `${f.name} ? ${show(f.def)}` : f.name,
        );
        if (n.formals.ellipsis) items.push("...");
        head = `{ ${items.join(", ")} }${n.arg !== undefined ? ` @ ${n.arg}` : ""}`;
      } else head = n.arg ?? "";
      return `(${head}: ${show(n.body)})`;
    }
    case "call":
      return `(${show(n.fn)} ${n.args.map(show).join(" ")})`;
    case "let":
      // ExprLet::show writes `inherit a;`, ExprAttrs::show `inherit a ;`.
      return `(let ${showBindings(n.attrs, ";")}in ${show(n.body)})`;
    case "with":
      return `(with ${show(n.env)}; ${show(n.body)})`;
    case "if":
      return `(if ${show(n.cond)} then ${show(n.then)} else ${show(n.else)})`;
    case "assert":
      return `assert ${show(n.cond)}; ${show(n.body)}`;
    case "not":
      return `(! ${show(n.e)})`;
    case "op":
      return `(${show(n.l)} ${n.op} ${show(n.r)})`;
    case "concat":
      return `(${n.parts.map(show).join(" + ")})`;
  }
}

function showBindings(a: NAttrs, inheritEnd: string): string {
  let out = "";
  const names = [...a.attrs.keys()].sort(compareBytes);
  for (const name of names) {
    const def = a.attrs.get(name) as AttrDef;
    out += def.inherited
      ? `inherit ${showAttrName(name)}${inheritEnd} `
      : `${showAttrName(name)} = ${show(def.e)}; `;
  }
  for (const d of a.dyn) out += `"\${${show(d.name)}}" = ${show(d.value)}; `;
  return out;
}

function showAttrPath(path: readonly AttrKey[]): string {
  return path
    .map((k) => ("sym" in k ? showAttrName(k.sym) : `"\${${show(k.expr)}}"`))
    .join(".");
}

/** UTF-8 byte order, as `std::string` compares. */
function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

/**
 * An attribute name as Nix 2.8's `showId` prints it: bare when it looks like an identifier
 * (keywords too, except `if`: a FIXME in Nix), `""` when empty, else a quoted string.
 */
export function showAttrName(name: string): string {
  if (name === "") return '""';
  if (name === "if") return '"if"';
  return /^[a-zA-Z_][a-zA-Z0-9_'-]*$/.test(name) ? name : showNixString(name);
}

/**
 * A string as Nix 2.8's `printString` writes it: `"`, `\` and every `$` get a backslash, newline,
 * CR and tab become `\n` `\r` `\t`; every other character (control characters, non-ASCII) is raw.
 */
export function showNixString(s: string): string {
  let out = '"';
  for (const c of s) {
    if (c === '"' || c === "\\" || c === "$") out += `\\${c}`;
    else if (c === "\n") out += "\\n";
    else if (c === "\r") out += "\\r";
    else if (c === "\t") out += "\\t";
    else out += c;
  }
  return `${out}"`;
}

/**
 * A float as C++ `ostream << double` prints it (`%g`, 6 significant digits, exact round-half-even
 * on the binary value): `1.5`, `1e+21`, `1.23457e+08`, `1e-05`, `2` for `2.0`.
 */
export function formatNixFloat(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0" : "0";
  const sign = x < 0 ? "-" : "";
  const { digits, exp } = roundSignificant(Math.abs(x), 6);
  // `%g` drops trailing zeros of the fraction, then a bare point.
  const strip = (s: string) =>
    s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s;
  if (exp < -4 || exp >= 6) {
    const mant = strip(`${digits[0]}.${digits.slice(1)}`);
    const e = Math.abs(exp).toString().padStart(2, "0");
    return `${sign}${mant}e${exp < 0 ? "-" : "+"}${e}`;
  }
  let fixed: string;
  if (exp >= 0) fixed = `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
  else fixed = `0.${"0".repeat(-exp - 1)}${digits}`;
  return sign + strip(fixed);
}

/** `precision` significant digits of a positive finite double, rounded half-even exactly. */
function roundSignificant(
  a: number,
  precision: number,
): { digits: string; exp: number } {
  // a = m × 2^e exactly.
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, a);
  const bits = buf.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & ((1n << 52n) - 1n);
  const m = biased === 0 ? frac : frac | (1n << 52n);
  const e = (biased === 0 ? 1 : biased) - 1075;
  let num = e >= 0 ? m << BigInt(e) : m;
  let den = e >= 0 ? 1n : 1n << BigInt(-e);
  // Decimal exponent of the leading digit: estimate, then fix exactly.
  let exp = Math.floor(Math.log10(a));
  const pow10 = (k: number) => 10n ** BigInt(k);
  const geq = (k: number) =>
    k >= 0 ? num >= den * pow10(k) : num * pow10(-k) >= den;
  while (!geq(exp)) exp--;
  while (geq(exp + 1)) exp++;
  const shift = precision - 1 - exp;
  if (shift >= 0) num *= pow10(shift);
  else den *= pow10(-shift);
  let q = num / den;
  const r2 = (num % den) * 2n;
  if (r2 > den || (r2 === den && q % 2n === 1n)) q += 1n;
  if (q === pow10(precision)) {
    q = pow10(precision - 1);
    exp += 1;
  }
  return { digits: q.toString(), exp };
}
