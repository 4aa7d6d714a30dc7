/**
 * JSON text straight to Nix text: the printed form of `fromJsonText(text)` written from the JSON
 * tokens as they are read, without building a tree (or a JS value) first. It is the value path of
 * `value.ts` over JSON text: the same layout decisions, with numbers typed by how they are written
 * (a fraction or exponent makes a float, as in Nix's `builtins.fromJSON`).
 *
 * The layout of an entry depends on things known only after reading it (a one-item list, a
 * duplicated key, a line that might be too wide, nesting deeper than the fast path goes): such an
 * entry is rolled back (output and input position) and read again into a tree that the printer lays
 * out on its own, which is exact because an entry of an expanded container is laid out the same at
 * any depth. Anything the text has no Nix form for (malformed JSON, NUL, unpaired surrogates,
 * out-of-range numbers, a top level that is not a set or list of two or more entries) abandons the
 * fast path: the whole text then goes through `print(fromJsonText(text))`, which gives the same
 * output or throws the same error (with its JSON path) as before.
 *
 * @module
 */
import type { Binding, Expr } from "../ast/nodes.js";
import { hasNixForm, INT64_MAX, INT64_MIN, KEYWORDS } from "../ast/lexical.js";
import { fromJsonText, jsonValueAt } from "../builders/json.js";
import { NixAstError } from "../errors.js";
import { bytes } from "./bytes.js";
import { ByteSink, nl, type DataHooks } from "./data.js";
import { entryText } from "./driver.js";
import { dataHooks } from "./printer.js";
import { render } from "./render.js";

/** How many distinct keys a writer remembers (as in `value.ts`). */
const NAME_CACHE_SIZE = 512;

/** Nesting beyond which entries go through the tree (as in `value.ts`). */
const MAX_DEPTH = 64;

/** Objects with more keys than this check duplicates with a set rather than a scan. */
const SMALL_OBJECT = 12;

/** Slots of the key cache (a power of two). */
const KEY_SLOTS = 1024;

// Identifier characters (`[a-zA-Z_][a-zA-Z0-9_'-]*`) over the ASCII range.
const ID_START = new Uint8Array(128);
const ID_CHAR = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  ID_START[c] = /[a-zA-Z_]/.test(ch) ? 1 : 0;
  ID_CHAR[c] = /[a-zA-Z0-9_'-]/.test(ch) ? 1 : 0;
}

/** Thrown inside the writer to abandon the fast path (the general path decides). */
class Abandon {}
const ABANDON = new Abandon();

/**
 * The Nix form of a JSON document as UTF-8 bytes: exactly `print(fromJsonText(text), { width })`
 * encoded, the same text and the same {@link JsonInputError} or {@link NixPrintError}.
 */
export function printJsonBytes(text: string, width = 100): Uint8Array {
  const fast = fastJson(text, width);
  return fast ?? new TextEncoder().encode(render(fromJsonText(text), { width }, undefined));
}

/**
 * Prints JSON text as Nix source: exactly `print(fromJsonText(text), options)` (the same text and the
 * same errors, with JSON paths), but written straight from the JSON tokens for plain data, without
 * building a tree first. This is what `nix-ast from-json` runs.
 *
 * @throws JsonInputError for malformed JSON and values Nix would corrupt (see `fromJsonText`).
 */
export function printJson(text: string, options: { readonly width?: number } = {}): string {
  const width = options.width ?? 100;
  const fast = fastJson(text, width);
  return fast === null ? render(fromJsonText(text), { width }, undefined) : bytes().decode(fast, fast.length, false);
}

/** The fast path's bytes, or null when the general path must decide (exported for tests). */
export function fastJson(text: string, width: number): Uint8Array | null {
  const w = new JsonWriter(text, dataHooks(width));
  try {
    return w.document();
  } catch (e) {
    if (e === ABANDON || e instanceof NixAstError || e instanceof RangeError) return null;
    throw e;
  }
}

class JsonWriter {
  private i = 0;
  private readonly out: ByteSink;
  private readonly width: number;
  /** Checked keys and their rendered names. */
  private readonly names = new Map<string, string>();

  constructor(
    private readonly s: string,
    private readonly hooks: DataHooks,
  ) {
    this.width = hooks.width;
    // Nix text of package-like data is about 1.3 times its compact JSON.
    this.out = new ByteSink(Math.ceil(s.length * 1.5));
  }

  /** The whole document: a set or list of two or more entries, else the general path. */
  document(): Uint8Array {
    this.ws();
    const c = this.s.charCodeAt(this.i);
    if (c !== 123 && c !== 91) throw ABANDON;
    const list = c === 91;
    this.i++;
    this.ws();
    if (this.s.charCodeAt(this.i) === (list ? 93 : 125)) throw ABANDON;
    this.out.write(list ? "[" : "{");
    const n = list ? this.items(0, 0) : this.members(0, 0);
    if (n < 2) throw ABANDON;
    this.out.write(list ? "]\n" : "}\n");
    this.ws();
    if (this.i < this.s.length) throw ABANDON;
    return this.out.bytes();
  }

  private ws(): void {
    const s = this.s;
    let i = this.i;
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else break;
    }
    this.i = i;
  }

  /**
   * The members of an object after its `{` (not empty), each on its own line at `ind + 2`, then the
   * line break before the closing bracket; consumes the `}`. Returns the member count, or -1 when
   * a key repeats (the object then needs the tree: the last value wins at the first key's place).
   */
  private members(ind: number, depth: number): number {
    const s = this.s;
    const out = this.out;
    const brk = nl(ind + 2);
    const keys: string[] = [];
    let keySet: Set<string> | null = null;
    for (;;) {
      if (s.charCodeAt(this.i) !== 34) throw ABANDON;
      const k = this.key();
      const name = this.keyName;
      if (keySet !== null) {
        if (keySet.has(k)) return -1;
        keySet.add(k);
      } else {
        for (let j = 0; j < keys.length; j++) if (keys[j] === k) return -1;
        keys.push(k);
        if (keys.length > SMALL_OBJECT) keySet = new Set(keys);
      }
      this.ws();
      if (s.charCodeAt(this.i) !== 58) throw ABANDON;
      this.i++;
      this.ws();
      const mark = out.mark();
      const at = this.i;
      out.write(brk);
      if (!this.binding(name, name === k, ind + 2, depth)) {
        out.reset(mark);
        const { expr, end } = jsonValueAt(s, at);
        this.i = end;
        this.fromTree({ type: "Assign", path: [k], value: expr }, ind + 2);
      }
      this.ws();
      const c = s.charCodeAt(this.i++);
      if (c === 44) {
        this.ws();
        continue;
      }
      if (c !== 125) throw ABANDON;
      out.write(nl(ind));
      return keySet !== null ? keySet.size : keys.length;
    }
  }

  /** The elements of an array after its `[` (not empty), as {@link JsonWriter.members}. */
  private items(ind: number, depth: number): number {
    const s = this.s;
    const out = this.out;
    const brk = nl(ind + 2);
    let n = 0;
    for (;;) {
      const mark = out.mark();
      const at = this.i;
      out.write(brk);
      if (!this.item(ind + 2, depth)) {
        out.reset(mark);
        const { expr, end } = jsonValueAt(s, at);
        this.i = end;
        this.fromTree(expr, ind + 2);
      }
      n++;
      this.ws();
      const c = s.charCodeAt(this.i++);
      if (c === 44) {
        this.ws();
        continue;
      }
      if (c !== 93) throw ABANDON;
      out.write(nl(ind));
      return n;
    }
  }

  /** An entry laid out by the printer, its lines moved to indentation `ind` (as in `value.ts`). */
  private fromTree(entry: Binding | Expr, ind: number): void {
    const lines = entryText(entry, this.width).split("\n");
    for (const line of lines) {
      this.out.write(line === "" ? "\n" : nl(ind));
      this.out.write(line);
    }
  }

  /**
   * `name = value;` for the value at the current position, by the rules of `value.ts`; false (having
   * written and read an unspecified part) when the entry needs the tree.
   */
  private binding(name: string, simple: boolean, ind: number, depth: number): boolean {
    const s = this.s;
    const out = this.out;
    const c = s.charCodeAt(this.i);
    let leaf: string;
    if (c === 34) {
      if (simple) {
        out.write(name);
        out.write(" = ");
        this.stringOut();
        out.write(";");
        return true;
      }
      const v = this.string();
      if (!hasNixForm(v)) throw ABANDON;
      leaf = this.hooks.leaf({ type: "Str", parts: v === "" ? [] : [v] }) as string;
    } else if (c === 123 || c === 91) {
      const list = c === 91;
      this.i++;
      this.ws();
      if (s.charCodeAt(this.i) === (list ? 93 : 125)) {
        this.i++;
        leaf = list ? "[ ]" : "{ }";
      } else {
        // A set value with one binding is force-expanded too; a one-item list is not.
        if (!simple || depth >= MAX_DEPTH) return false;
        out.write(name);
        out.write(list ? " = [" : " = {");
        const n = list ? this.items(ind, depth + 1) : this.members(ind, depth + 1);
        if (n < 0 || (list && n < 2)) return false;
        out.write(list ? "];" : "};");
        return true;
      }
    } else {
      const t = this.scalar();
      if (t === null) return false;
      leaf = t;
    }
    if (name.length + leaf.length + 4 >= this.width) return false;
    out.write(name);
    out.write(" = ");
    out.write(leaf);
    out.write(";");
    return true;
  }

  /**
   * The key at the current position (a JSON string) and, in {@link JsonWriter.keyName}, its name as
   * Nix source. Keys repeat: the last key read for each hash slot is reused when the text matches
   * (no new string, no lookup), and identifier-shaped keys are found bare while they are scanned.
   */
  private key(): string {
    const s = this.s;
    const a = this.i + 1;
    let j = a;
    let c = s.charCodeAt(j);
    let ident = c < 128 && ID_START[c] === 1;
    let h = 0;
    for (;;) {
      if (c === 34) break;
      if (c === 92 || c < 32 || c !== c) {
        // Escapes (or an error): the general way.
        const k = this.string();
        let name = this.names.get(k);
        if (name === undefined) {
          if (!hasNixForm(k)) throw ABANDON;
          name = this.hooks.name(k);
          if (this.names.size < NAME_CACHE_SIZE) this.names.set(k, name);
        }
        this.keyName = name;
        return k;
      }
      if (!(c < 128 && ID_CHAR[c] === 1)) ident = false;
      h = (h * 31 + c) | 0;
      c = s.charCodeAt(++j);
    }
    this.i = j + 1;
    const n = j - a;
    const slot = h & (KEY_SLOTS - 1);
    const cached = this.keyStr[slot];
    if (cached !== undefined && cached.length === n) {
      let q = 0;
      while (q < n && cached.charCodeAt(q) === s.charCodeAt(a + q)) q++;
      if (q === n) {
        this.keyName = this.keyNames[slot]!;
        return cached;
      }
    }
    const k = s.slice(a, j);
    let name: string;
    if (ident && (n > 8 || !(KEYWORDS.has(k) && k !== "or")) && k !== "__curPos") name = k;
    else {
      if (!hasNixForm(k)) throw ABANDON;
      name = this.hooks.name(k);
    }
    this.keyStr[slot] = k;
    this.keyNames[slot] = name;
    this.keyName = name;
    return k;
  }

  /** The rendered name of the last {@link JsonWriter.key}. */
  private keyName = "";
  private readonly keyStr: (string | undefined)[] = new Array<string | undefined>(KEY_SLOTS);
  private readonly keyNames: string[] = new Array<string>(KEY_SLOTS);

  /** A list element by the rules of `value.ts`; false when it needs the tree. */
  private item(ind: number, depth: number): boolean {
    const s = this.s;
    const out = this.out;
    const c = s.charCodeAt(this.i);
    if (c === 34) {
      this.stringOut();
      return true;
    }
    if (c === 123 || c === 91) {
      const list = c === 91;
      this.i++;
      this.ws();
      if (s.charCodeAt(this.i) === (list ? 93 : 125)) {
        this.i++;
        out.write(list ? "[ ]" : "{ }");
        return true;
      }
      if (depth >= MAX_DEPTH) return false;
      out.write(list ? "[" : "{");
      const n = list ? this.items(ind, depth + 1) : this.members(ind, depth + 1);
      if (n < 2) return false;
      out.write(list ? "]" : "}");
      return true;
    }
    const leaf = this.scalar();
    if (leaf === null) return false;
    if (this.negative) {
      // Parentheses may break when too wide; leave that to the general path.
      if (leaf.length + 2 > this.width) return false;
      out.write("(");
      out.write(leaf);
      out.write(")");
    } else out.write(leaf);
    return true;
  }

  /** Whether the last {@link JsonWriter.scalar} was a number printed with a leading minus. */
  private negative = false;

  /** A number, `true`, `false` or `null`: its Nix text; null for a number the printer lays out (see spelled.ts). */
  private scalar(): string | null {
    const s = this.s;
    const a = this.i;
    let i = a;
    let c = s.charCodeAt(i);
    this.negative = false;
    if (c === 116 && s.startsWith("true", i)) {
      this.i = i + 4;
      return "true";
    }
    if (c === 102 && s.startsWith("false", i)) {
      this.i = i + 5;
      return "false";
    }
    if (c === 110 && s.startsWith("null", i)) {
      this.i = i + 4;
      return "null";
    }
    // -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
    if (c === 45) c = s.charCodeAt(++i);
    if (c === 48) c = s.charCodeAt(++i);
    else if (c >= 49 && c <= 57) {
      do c = s.charCodeAt(++i);
      while (c >= 48 && c <= 57);
    } else throw ABANDON;
    let float = false;
    if (c === 46) {
      c = s.charCodeAt(++i);
      if (!(c >= 48 && c <= 57)) throw ABANDON;
      do c = s.charCodeAt(++i);
      while (c >= 48 && c <= 57);
      float = true;
    }
    if (c === 101 || c === 69) {
      c = s.charCodeAt(++i);
      if (c === 43 || c === 45) c = s.charCodeAt(++i);
      if (!(c >= 48 && c <= 57)) throw ABANDON;
      do c = s.charCodeAt(++i);
      while (c >= 48 && c <= 57);
      float = true;
    }
    this.i = i;
    const text = s.slice(a, i);
    if (float) {
      const f = Number(text);
      if (!Number.isFinite(f)) throw ABANDON;
      this.negative = f < 0;
      return this.hooks.leaf({ type: "Float", value: f });
    }
    // Up to 18 digits is always an int64 and prints as written (but `-0` is the int 0).
    if (i - a <= 18) {
      if (text === "-0") return "0";
      this.negative = s.charCodeAt(a) === 45;
      return text;
    }
    const v = BigInt(text);
    if (v > INT64_MAX || v < INT64_MIN) throw ABANDON;
    this.negative = v < 0n && v !== INT64_MIN;
    return this.hooks.leaf({ type: "Int", value: v });
  }

  /** Writes the JSON string at the current position as a Nix string (the common leaf). */
  private stringOut(): void {
    const s = this.s;
    const a = this.i + 1;
    let j = a;
    // Whether a character needs a closer look when written (`$`, non-ASCII).
    let plain = true;
    for (;;) {
      const c = s.charCodeAt(j);
      if (c === 34) break;
      if (c === 92) {
        // Escapes: decode first.
        if (!this.out.str(this.string())) throw ABANDON;
        return;
      }
      if (c < 32 || c !== c) throw ABANDON; // a raw control character, or the end of the text
      if (c === 36 || c > 126) plain = false;
      j++;
    }
    this.i = j + 1;
    if (plain) {
      // Nothing to escape or encode: one native copy between the quotes.
      const out = this.out;
      out.write('"');
      if (j > a) out.ascii(s.slice(a, j));
      out.write('"');
    } else if (!this.out.str(s.slice(a, j))) throw ABANDON;
  }

  /** The JSON string at the current position, decoded. */
  private string(): string {
    const s = this.s;
    let j = this.i + 1;
    let chunk = j;
    let out = "";
    for (;;) {
      const c = s.charCodeAt(j);
      if (c === 34) break;
      if (c < 32 || c !== c) throw ABANDON;
      if (c !== 92) {
        j++;
        continue;
      }
      out += s.slice(chunk, j);
      const e = s.charCodeAt(j + 1);
      switch (e) {
        case 34:
        case 92:
        case 47:
          out += String.fromCharCode(e);
          break;
        case 98:
          out += "\b";
          break;
        case 102:
          out += "\f";
          break;
        case 110:
          out += "\n";
          break;
        case 114:
          out += "\r";
          break;
        case 116:
          out += "\t";
          break;
        case 117: {
          let v = 0;
          for (let k = 2; k < 6; k++) {
            const h = s.charCodeAt(j + k);
            const d = h >= 48 && h <= 57 ? h - 48 : h >= 97 && h <= 102 ? h - 87 : h >= 65 && h <= 70 ? h - 55 : -1;
            if (d < 0) throw ABANDON;
            v = v * 16 + d;
          }
          out += String.fromCharCode(v);
          j += 4;
          break;
        }
        default:
          throw ABANDON;
      }
      j += 2;
      chunk = j;
    }
    this.i = j + 1;
    return out + s.slice(chunk, j);
  }
}
