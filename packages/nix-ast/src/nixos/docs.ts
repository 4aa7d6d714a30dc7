/**
 * A Markdown reference of a module's options, laid out like the NixOS manual's option list:
 * one section per option with its description, type, default and example; options of submodules
 * are listed under `<name>` (attribute sets) and `*` (lists) placeholders.
 *
 * @module
 */
import { match } from "ts-pattern";
import type { Expr } from "../ast/nodes.js";
import { toExpr, type Nixable } from "../builders/index.js";
import { optionEntries, type AnyOption, type OptionTree } from "./options.js";
import { printInline } from "./print.js";
import type { AnyType } from "./types.js";

/** Options of {@link renderDocs}. */
export interface DocsOptions {
  /** Heading level of each option (default 2: `## services.x.port`). */
  readonly headingLevel?: number;
  /** Include `internal` options (default false). */
  readonly includeInternal?: boolean;
  /** A title printed first (`# title`). */
  readonly title?: string;
}

/** One documented option: its display path and declaration. */
export interface DocEntry {
  readonly name: string;
  readonly option: AnyOption;
}

/** The submodule nested in a type, with the placeholder its entries get (`<name>`, `*`). */
function subOptions(t: AnyType): { tree: OptionTree; placeholder: readonly string[] } | undefined {
  return match(t.def)
    .with({ kind: "submodule" }, (d) => ({ tree: d.options, placeholder: [] as readonly string[] }))
    .with({ kind: "submoduleWith" }, (d) => ({ tree: d.options, placeholder: [] as readonly string[] }))
    .with({ kind: "attrsOf" }, (d) => {
      const s = subOptions(d.elem);
      return s && { tree: s.tree, placeholder: [`<${d.placeholder ?? "name"}>`, ...s.placeholder] };
    })
    .with({ kind: "attrListOf" }, (d) => {
      const s = subOptions(d.elem);
      return s && { tree: s.tree, placeholder: ["<name>", ...s.placeholder] };
    })
    .with({ kind: "unique" }, { kind: "addCheck" }, (d) => subOptions(d.elem))
    .with({ kind: "listOf" }, (d) => {
      const s = subOptions(d.elem);
      return s && { tree: s.tree, placeholder: ["*", ...s.placeholder] };
    })
    .with({ kind: "nullOr" }, (d) => subOptions(d.elem))
    .with({ kind: "coercedTo" }, (d) => subOptions(d.to))
    .with(
      { kind: "str" },
      { kind: "bool" },
      { kind: "int" },
      { kind: "float" },
      { kind: "number" },
      { kind: "path" },
      { kind: "package" },
      { kind: "enum" },
      { kind: "either" },
      { kind: "oneOf" },
      { kind: "separatedString" },
      { kind: "strMatching" },
      { kind: "anything" },
      { kind: "attrs" },
      { kind: "format" },
      { kind: "custom" },
      { kind: "leaf" },
      { kind: "functionTo" },
      { kind: "passwdEntry" },
      { kind: "attrTag" },
      { kind: "deferredModule" },
      () => undefined,
    )
    .exhaustive();
}

/** Every documented option of a tree, sub-options of submodules included, sorted by name. */
export function docEntries(tree: OptionTree, opts: DocsOptions = {}): DocEntry[] {
  const out: DocEntry[] = [];
  const walk = (t: OptionTree, prefix: readonly string[]) => {
    for (const [p, o] of optionEntries(t, prefix)) {
      if (o.internal && !opts.includeInternal) continue;
      if (o.visible === false) continue;
      out.push({ name: p.join("."), option: o });
      if (o.visible === "shallow") continue;
      const sub = subOptions(o.type);
      if (sub) walk(sub.tree, [...p, ...sub.placeholder]);
    }
  };
  walk(tree, []);
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** A literal (`lib.literalExpression "…"` / `lib.literalMD "…"`) or an expression, as Markdown. */
function literal(e: Expr): string {
  if (e.type === "Apply" && e.fn.type === "Select" && e.fn.expr.type === "Var" && e.fn.expr.name === "lib") {
    const fn = e.fn.path.join(".");
    const arg = e.arg;
    const text = (arg.type === "Str" || arg.type === "IndStr") && arg.parts.every((p) => typeof p === "string") ? arg.parts.join("") : undefined;
    if (text !== undefined && fn === "literalExpression") return code(text);
    if (text !== undefined && fn === "literalMD") return text;
  }
  return code(printInline(e));
}

function code(text: string): string {
  if (text.includes("\n")) return "```nix\n" + text.replace(/\n$/, "") + "\n```";
  const ticks = text.includes("`") ? "``" : "`";
  return `${ticks}${ticks.length > 1 ? " " : ""}${text}${ticks.length > 1 ? " " : ""}${ticks}`;
}

function defaultDoc(o: AnyOption): string | undefined {
  if (o.defaultText) return literal(o.defaultText);
  if (!o.default) return undefined;
  return literal(o.default.kind === "expr" ? o.default.expr : toExpr(o.default.value as Nixable));
}

/** Renders the options of a tree as a Markdown reference, like the NixOS manual. */
export function renderDocs(tree: OptionTree, opts: DocsOptions = {}): string {
  const h = "#".repeat(opts.headingLevel ?? 2);
  const parts: string[] = [];
  if (opts.title) parts.push(`# ${opts.title}`);
  for (const { name, option: o } of docEntries(tree, opts)) {
    const sec: string[] = [`${h} ${name}`];
    if (o.description) sec.push(o.description.trim());
    sec.push(`*Type:*\n${o.type.description}${o.readOnly ? " *(read only)*" : ""}`);
    const d = defaultDoc(o);
    if (d !== undefined) sec.push(`*Default:*\n${d}`);
    if (o.example) sec.push(`*Example:*\n${literal(o.example)}`);
    parts.push(sec.join("\n\n"));
  }
  return `${parts.join("\n\n")}\n`;
}
