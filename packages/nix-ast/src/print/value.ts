/**
 * The value path: JSON-like JS values printed straight to bytes, without building a tree. It is the
 * plain-data path of `data.ts` over JS values instead of nodes, with the same decisions; an entry
 * that needs general layout (a one-item list, a line that might be too wide, a non-bare name before
 * a set, deep nesting) is converted with `fromValue` and laid out by the printer on its own, which
 * is exact because an entry of an expanded container is laid out the same at any depth.
 *
 * @module
 */
import { hasNixForm, INT64_MAX, INT64_MIN } from "../ast/lexical.js";
import type { Binding, Expr } from "../ast/nodes.js";
import { fromValue } from "../builders/values.js";
import { NixValueError } from "../errors.js";
import { ByteSink, nl, type DataHooks } from "./data.js";
import { entryText } from "./driver.js";

/** How many distinct keys a {@link ValueWriter} remembers. */
const NAME_CACHE_SIZE = 512;

/** Nesting beyond which entries go through the tree (whose walk also finds cycles). */
const MAX_VALUE_DEPTH = 64;

/**
 * The whole printed form (final newline included) of a JSON-like set or list of two or more
 * entries, or null for anything else and for values with no Nix form; the caller then prints
 * `fromValue(value)`, which also reports the error with its path. The text is exactly
 * `print(fromValue(value))` (checked by a differential property test).
 */
export function valueText(value: unknown, hooks: DataHooks): string | null {
  if (typeof value !== "object" || value === null) return null;
  const keys = keysOf(value);
  if (keys === undefined || size(value, keys) < 2) return null;
  const list = keys === null;
  const w = new ValueWriter(hooks);
  try {
    w.out.write(list ? "[" : "{");
    w.entries(value, keys, 0, 0);
    w.out.write(list ? "]\n" : "}\n");
    return w.out.text();
  } catch (e) {
    // The error's path is relative to an entry; the caller's `fromValue` reports it in full.
    if (e instanceof NixValueError) return null;
    throw e;
  }
}

/**
 * What `fromValue` makes of an object: null for an array (a list), the keys of a plain object (a
 * set), undefined for any other object (no Nix form).
 */
function keysOf(v: object): string[] | null | undefined {
  if (Array.isArray(v)) return null;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null ? Object.keys(v) : undefined;
}

/** The number of entries of an array or plain object, given its {@link keysOf}. */
function size(v: object, keys: string[] | null): number {
  return keys === null ? (v as unknown[]).length : keys.length;
}

/** A leaf value's text (`hooks.leaf` of the node `fromValue` makes), or null when it has none here. */
function valueLeaf(v: unknown, hooks: DataHooks): string | null {
  switch (typeof v) {
    case "number":
      if (Number.isSafeInteger(v)) return v === 0 ? "0" : String(v); // `-0` is the int 0
      return Number.isFinite(v) ? hooks.leaf({ type: "Float", value: v }) : null;
    case "bigint":
      return v >= INT64_MIN && v <= INT64_MAX ? hooks.leaf({ type: "Int", value: v }) : null;
    case "boolean":
      return v ? "true" : "false";
    case "string":
      return hasNixForm(v) ? hooks.leaf({ type: "Str", parts: v === "" ? [] : [v] }) : null;
    default:
      return v === null ? "null" : null;
  }
}

class ValueWriter {
  readonly out = new ByteSink();
  /** Checked keys and their rendered names (data repeats a few keys a great many times). */
  private readonly names = new Map<string, string>();
  constructor(private readonly hooks: DataHooks) {}

  /**
   * The entries of an expanded set or list at indentation `ind`, its opening bracket written; ends
   * with the line break before the closing bracket. An entry the data path cannot write is rolled
   * back and written from the tree.
   */
  entries(v: object, keys: string[] | null, ind: number, depth: number): void {
    const out = this.out;
    const brk = nl(ind + 2);
    if (keys === null) {
      const items = v as unknown[];
      for (let i = 0; i < items.length; i++) {
        const mark = out.mark();
        out.write(brk);
        if (!(i in items) || !this.item(items[i], ind + 2, depth)) {
          out.reset(mark);
          this.fromTree(fromValue(items[i]), ind + 2);
        }
      }
    } else {
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i] as string;
        let name = this.names.get(k);
        if (name === undefined) {
          if (!hasNixForm(k)) fromValue({ [k]: null }); // throws the error
          name = this.hooks.name(k);
          // Keys that repeat are among the first few hundred seen; a map of every unique key (the
          // names of 100,000 packages) would cost more in lookups than it saves.
          if (this.names.size < NAME_CACHE_SIZE) this.names.set(k, name);
        }
        const mark = out.mark();
        out.write(brk);
        const x = (v as Record<string, unknown>)[k];
        if (!this.binding(name, name === k, x, ind + 2, depth)) {
          out.reset(mark);
          const b: Binding = { type: "Assign", path: [k], value: fromValue(x) };
          this.fromTree(b, ind + 2);
        }
      }
    }
    out.write(nl(ind));
  }

  /** An entry laid out by the printer, its lines moved to indentation `ind`. */
  private fromTree(entry: Binding | Expr, ind: number): void {
    const lines = entryText(entry, this.hooks.width).split("\n");
    for (const line of lines) {
      // Printed values hold no raw line breaks in strings: every break is layout.
      this.out.write(line === "" ? "\n" : nl(ind));
      this.out.write(line);
    }
  }

  /** `name = value;` by the rules of `dataText` for a binding; false when it needs the tree. */
  private binding(name: string, simple: boolean, v: unknown, ind: number, depth: number): boolean {
    const out = this.out;
    if (typeof v === "string" && simple) {
      out.write(name);
      out.write(" = ");
      if (!out.str(v)) return false;
      out.write(";");
      return true;
    }
    let leaf: string | null;
    if (typeof v === "object" && v !== null) {
      const keys = keysOf(v);
      if (keys === undefined) return false;
      const list = keys === null;
      const count = size(v, keys);
      if (count > 0) {
        // A set value with one binding is force-expanded too; a one-item list is not.
        if (!simple || (list && count < 2) || depth >= MAX_VALUE_DEPTH) return false;
        out.write(name);
        out.write(list ? " = [" : " = {");
        this.entries(v, keys, ind, depth + 1);
        out.write(list ? "];" : "};");
        return true;
      }
      leaf = list ? "[ ]" : "{ }";
    } else leaf = valueLeaf(v, this.hooks);
    if (leaf === null) return false;
    if (!(typeof v === "string" && simple) && name.length + leaf.length + 4 >= this.hooks.width) return false;
    out.write(name);
    out.write(" = ");
    out.write(leaf);
    out.write(";");
    return true;
  }

  /** A list element by the rules of `dataText` for an item; false when it needs the tree. */
  private item(v: unknown, ind: number, depth: number): boolean {
    const out = this.out;
    if (typeof v === "string") return out.str(v);
    if (typeof v === "object" && v !== null) {
      const keys = keysOf(v);
      if (keys === undefined) return false;
      const list = keys === null;
      const count = size(v, keys);
      if (count === 0) {
        out.write(list ? "[ ]" : "{ }");
        return true;
      }
      if (count < 2 || depth >= MAX_VALUE_DEPTH) return false;
      out.write(list ? "[" : "{");
      this.entries(v, keys, ind, depth + 1);
      out.write(list ? "]" : "}");
      return true;
    }
    const leaf = valueLeaf(v, this.hooks);
    if (leaf === null) return false;
    if ((typeof v === "number" || typeof v === "bigint") && v < 0 && v !== INT64_MIN) {
      // Parentheses may break when too wide; leave that to the general path.
      if (leaf.length + 2 > this.hooks.width) return false;
      out.write("(");
      out.write(leaf);
      out.write(")");
    } else out.write(leaf);
    return true;
  }
}
