/**
 * Turns an AST into Nix source. nix-ast's RFC 166 printer (`print` from the `nix-ast` root) is used
 * as soon as the build exports it; until then a small local printer stands in. The stand-in is
 * deliberately plain (attribute sets always expanded, flat lists when short) but complete for the
 * trees this package builds, and every text it produces is checked with `nix-instantiate --parse`
 * by the tests.
 *
 * @module
 */
import * as nixAst from "nix-ast";
import type { AttrName, Binding, Comment, Expr, FormalsParam, StrPart } from "nix-ast";
import { BINARY, PREC, isBareAttrName, precedenceOf } from "nix-ast";

/** The line width the output aims at (nixfmt's default). */
export const WIDTH = 100;

type Printer = (expr: Expr, options?: { readonly width?: number }) => string;

// Looked up at run time so this package builds before and after the printer lands in nix-ast.
const upstreamPrint: Printer | undefined = (() => {
  const candidate = (nixAst as unknown as { readonly print?: unknown }).print;
  return typeof candidate === "function" ? (candidate as Printer) : undefined;
})();

/** Which printer {@link renderNix} uses: nix-ast's own, or the local stand-in. */
export const PRINTER: "nix-ast" | "local" = upstreamPrint ? "nix-ast" : "local";

/** Renders a whole Nix file: the expression, then one final newline. */
export function renderNix(expr: Expr): string {
  const text = upstreamPrint ? upstreamPrint(expr, { width: WIDTH }) : localPrint(expr);
  return text.endsWith("\n") ? text : `${text}\n`;
}

/** The local stand-in printer. */
export function localPrint(expr: Expr): string {
  return comments(expr.comments, "") + r(expr, "");
}

const STEP = "  ";

function comments(cs: readonly Comment[] | undefined, ind: string): string {
  if (!cs || cs.length === 0) return "";
  return cs
    .map((c) => {
      if (c.kind === "line") return c.text.split("\n").map((l) => `${ind}#${l === "" ? "" : ` ${l}`}\n`).join("");
      const open = c.kind === "doc" ? "/**" : "/*";
      return `${ind}${open} ${c.text.replaceAll("*/", "* /")} */\n`;
    })
    .join("");
}

function strText(s: string): string {
  return s
    .replaceAll("\\", "\\\\")
    .replaceAll('"', '\\"')
    .replaceAll("${", "\\${")
    .replaceAll("\n", "\\n")
    .replaceAll("\r", "\\r")
    .replaceAll("\t", "\\t");
}

function attrName(n: AttrName, ind: string): string {
  if (typeof n === "string") return isBareAttrName(n) ? n : `"${strText(n)}"`;
  if (n.type === "Str") return r(n, ind);
  return `\${${r(n, ind)}}`;
}

function parts(ps: readonly StrPart[], ind: string, text: (s: string) => string): string {
  return ps.map((p) => (typeof p === "string" ? text(p) : `\${${r(p, ind)}}`)).join("");
}

function indStr(ps: readonly StrPart[], ind: string): string {
  const escaped = ps
    .map((p) =>
      typeof p === "string"
        ? p.replaceAll("''", "'''").replaceAll("${", "''${").replaceAll("\r", "''\\r")
        : `\${${r(p, ind + STEP)}}`,
    )
    .join("");
  const lines = escaped.split("\n");
  const endsWithNewline = lines[lines.length - 1] === "";
  if (endsWithNewline) lines.pop();
  const inner = ind + STEP;
  const body = lines.map((l) => (l === "" ? "" : inner + l)).join("\n");
  return `''\n${body}${endsWithNewline ? `\n${ind}''` : "''"}`;
}

/** Whether an expression prints on one line without trouble. */
function isSimple(e: Expr): boolean {
  switch (e.type) {
    case "Int":
    case "Float":
    case "Str":
    case "Path":
    case "SearchPath":
    case "Uri":
    case "Var":
    case "CurPos":
      return !e.comments;
    case "Select":
      return !e.comments && isSimple(e.expr) && (e.default === undefined || isSimple(e.default));
    case "Apply":
      return !e.comments && isSimple(e.fn) && isSimple(e.arg);
    case "Paren":
      return isSimple(e.expr);
    case "Attrs":
      return e.bindings.length === 0;
    case "List":
      return e.items.length === 0;
    default:
      return false;
  }
}

function paren(e: Expr, ind: string, needed: boolean): string {
  return needed ? `(${r(e, ind)})` : r(e, ind);
}

function binding(b: Binding, ind: string): string {
  const lead = comments(b.comments, ind) + ind;
  if (b.type === "Inherit") {
    const from = b.from ? ` (${r(b.from, ind)})` : "";
    return `${lead}inherit${from} ${b.names.map((n) => attrName(n, ind)).join(" ")};`;
  }
  const path = b.path.map((n) => attrName(n, ind)).join(".");
  return `${lead}${path} = ${r(b.value, ind)};`;
}

function formals(p: FormalsParam, ind: string): string {
  const items = p.formals.map((f) => (f.default ? `${f.name} ? ${r(f.default, ind + STEP)}` : f.name));
  if (p.ellipsis) items.push("...");
  let set: string;
  if (items.length === 0) set = "{ }";
  else if (items.length <= 2 && p.formals.every((f) => !f.default || isSimple(f.default))) set = `{ ${items.join(", ")} }`;
  else set = `{\n${items.map((i) => `${ind}${STEP}${i},\n`).join("")}${ind}}`;
  if (!p.bind) return set;
  return p.bind.position === "before" ? `${p.bind.name}@${set}` : `${set}@${p.bind.name}`;
}

function r(e: Expr, ind: string): string {
  switch (e.type) {
    case "Int":
      return e.value < 0n ? `-${-e.value}` : String(e.value);
    case "Float": {
      const s = String(Math.abs(e.value));
      const t = /[.e]/.test(s) ? s : `${s}.0`;
      return e.value < 0 ? `-${t}` : t;
    }
    case "Str":
      return `"${parts(e.parts, ind, strText)}"`;
    case "IndStr":
      return indStr(e.parts, ind);
    case "Path":
      return parts(e.parts, ind, (s) => s);
    case "SearchPath":
      return `<${e.path}>`;
    case "Uri":
      return e.value;
    case "Var":
      return e.name;
    case "CurPos":
      return "__curPos";
    case "Attrs": {
      const kw = e.rec ? "rec " : "";
      if (e.bindings.length === 0) return `${kw}{ }`;
      const inner = ind + STEP;
      return `${kw}{\n${e.bindings.map((b) => `${binding(b, inner)}\n`).join("")}${ind}}`;
    }
    case "List": {
      if (e.items.length === 0) return "[ ]";
      const item = (x: Expr, at: string) => paren(x, at, precedenceOf(x) > PREC.select && x.type !== "Paren");
      if (e.items.every(isSimple)) {
        const flat = `[ ${e.items.map((x) => item(x, ind)).join(" ")} ]`;
        if (ind.length + flat.length <= WIDTH - 20) return flat;
      }
      const inner = ind + STEP;
      return `[\n${e.items.map((x) => `${comments(x.comments, inner)}${inner}${item(x, inner)}\n`).join("")}${ind}]`;
    }
    case "Let":
      return `let\n${e.bindings.map((b) => `${binding(b, ind + STEP)}\n`).join("")}${ind}in\n${comments(e.body.comments, ind)}${ind}${r(e.body, ind)}`;
    case "LegacyLet":
      return `let {\n${e.bindings.map((b) => `${binding(b, ind + STEP)}\n`).join("")}${ind}}`;
    case "With":
      return `with ${r(e.env, ind)}; ${r(e.body, ind)}`;
    case "Assert":
      return `assert ${r(e.cond, ind)}; ${r(e.body, ind)}`;
    case "If":
      return `if ${r(e.cond, ind)} then ${r(e.then, ind)} else ${r(e.else, ind)}`;
    case "Lambda": {
      if (e.param.type === "IdentParam") return `${e.param.name}: ${r(e.body, ind)}`;
      const head = `${formals(e.param, ind)}:`;
      const multiline = head.includes("\n");
      return multiline
        ? `${head}\n${e.body.comments ? "\n" : ""}${comments(e.body.comments, ind)}${ind}${r(e.body, ind)}`
        : `${head} ${r(e.body, ind)}`;
    }
    case "Apply": {
      const fn = paren(e.fn, ind, precedenceOf(e.fn) > PREC.apply);
      const arg = paren(e.arg, ind, precedenceOf(e.arg) > PREC.select || e.arg.type === "Unary");
      return `${fn} ${arg}`;
    }
    case "Select": {
      const base = paren(e.expr, ind, precedenceOf(e.expr) > PREC.atom);
      const path = e.path.map((n) => attrName(n, ind)).join(".");
      const or = e.default ? ` or ${paren(e.default, ind, precedenceOf(e.default) > PREC.select)}` : "";
      return `${base}.${path}${or}`;
    }
    case "HasAttr":
      return `${paren(e.expr, ind, precedenceOf(e.expr) >= PREC.hasAttr)} ? ${e.path.map((n) => attrName(n, ind)).join(".")}`;
    case "Unary": {
      const prec = e.op === "-" ? PREC.negate : PREC.not;
      return `${e.op}${paren(e.expr, ind, precedenceOf(e.expr) > prec)}`;
    }
    case "Binary": {
      const { prec, assoc } = BINARY[e.op];
      const lp = precedenceOf(e.left);
      const rp = precedenceOf(e.right);
      const left = paren(e.left, ind, lp > prec || (lp === prec && assoc !== "left"));
      const right = paren(e.right, ind, rp > prec || (rp === prec && assoc !== "right"));
      return `${left} ${e.op} ${right}`;
    }
    case "Paren":
      return `(${r(e.expr, ind)})`;
  }
}
