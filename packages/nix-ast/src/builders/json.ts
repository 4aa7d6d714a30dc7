/**
 * JSON text to Nix, agreeing with Nix's own `builtins.fromJSON` on every value and type: a number
 * written with a fraction or exponent is a float, other numbers are exact 64-bit ints, and a
 * duplicated key keeps its last value. What Nix would silently corrupt is refused instead: integers
 * beyond int64 (Nix wraps them), `\u0000` (Nix truncates the string), unpaired surrogates, and
 * numbers that overflow to infinity.
 *
 * `JSON.parse` cannot be used: it forgets whether `1.0` was written with a fraction and rounds
 * integers beyond 2^53.
 *
 * @module
 */
import { INT64_MAX, INT64_MIN, isWellFormedText } from "../ast/lexical.js";
import type { Binding, Expr } from "../ast/nodes.js";
import { NixAstError, jsonPath } from "../errors.js";

/** Malformed JSON or a JSON value with no faithful Nix form; says where (line, column, JSON path). */
export class JsonInputError extends NixAstError {
  override readonly name = "JsonInputError";
  constructor(
    readonly reason: string,
    readonly line: number,
    readonly column: number,
    /** JSON path of the value, when the text parsed but the value cannot be represented. */
    readonly path?: string,
  ) {
    super(`${path !== undefined ? `${path} (line ${line}, column ${column})` : `line ${line}, column ${column}`}: ${reason}`);
  }
}

/** Parses JSON text straight into a Nix expression. */
export function fromJsonText(text: string): Expr {
  const p = new JsonParser(text);
  p.ws();
  const e = p.value([]);
  p.ws();
  if (p.i < text.length) p.fail("unexpected text after the JSON value");
  return e;
}

/**
 * The JSON value starting at offset `at` of `text` (no whitespace before it) and the offset right
 * after it; for `print/json.ts`, which reads entries it cannot write directly again as trees.
 * Errors are reported without the value's JSON path (the caller reads the whole text again then).
 *
 * @internal
 */
export function jsonValueAt(text: string, at: number): { expr: Expr; end: number } {
  const p = new JsonParser(text);
  p.i = at;
  const expr = p.value([]);
  return { expr, end: p.i };
}

const SIMPLE_ESCAPES: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };

class JsonParser {
  i = 0;
  constructor(private readonly s: string) {}

  fail(reason: string, at = this.i, path?: readonly (string | number)[]): never {
    let line = 1;
    let col = 1;
    for (let k = 0; k < at && k < this.s.length; k++) {
      if (this.s[k] === "\n") {
        line++;
        col = 1;
      } else col++;
    }
    throw new JsonInputError(reason, line, col, path ? jsonPath(path) : undefined);
  }

  ws(): void {
    const s = this.s;
    let c = s.charCodeAt(this.i);
    while (c === 32 || c === 10 || c === 13 || c === 9) c = s.charCodeAt(++this.i);
  }

  /**
   * One JSON value. Containers are kept on an explicit stack rather than the call stack, so
   * documents nested tens of thousands deep parse without overflowing.
   */
  value(path: (string | number)[]): Expr {
    type Frame =
      | { kind: "object"; entries: Map<string, Expr>; key: string }
      | { kind: "array"; items: Expr[] };
    const stack: Frame[] = [];
    for (;;) {
      // Read one value; an opening bracket pushes a frame and continues with its first member.
      let done: Expr | undefined;
      const c = this.s[this.i];
      if (c === "{" || c === "[") {
        this.i++;
        this.ws();
        if (c === "{") {
          if (this.s[this.i] === "}") {
            this.i++;
            done = { type: "Attrs", rec: false, bindings: [] };
          } else {
            stack.push({ kind: "object", entries: new Map(), key: this.key(path) });
            path.push((stack[stack.length - 1] as { key: string }).key);
            continue;
          }
        } else if (this.s[this.i] === "]") {
          this.i++;
          done = { type: "List", items: [] };
        } else {
          stack.push({ kind: "array", items: [] });
          path.push(0);
          continue;
        }
      } else done = this.scalar(path);
      // Attach the value to its container; close every container that ends here.
      for (;;) {
        const top = stack[stack.length - 1];
        if (top === undefined) return done;
        if (top.kind === "object") top.entries.set(top.key, done);
        else top.items.push(done);
        path.pop();
        this.ws();
        const sep = this.s[this.i];
        this.i++;
        if (sep === ",") {
          this.ws();
          if (top.kind === "object") {
            top.key = this.key(path);
            path.push(top.key);
          } else path.push(top.items.length);
          break;
        }
        if (sep === (top.kind === "object" ? "}" : "]")) {
          stack.pop();
          // Last duplicate wins, as in Nix; the Map keeps first-seen order for stable output.
          done =
            top.kind === "object"
              ? {
                  type: "Attrs",
                  rec: false,
                  bindings: [...top.entries].map(([k, v]): Binding => ({ type: "Assign", path: [k], value: v })),
                }
              : { type: "List", items: top.items };
          continue;
        }
        this.fail(top.kind === "object" ? "expected ',' or '}'" : "expected ',' or ']'", this.i - 1);
      }
    }
  }

  /** An object key and its colon; leaves the position at the member's value. */
  private key(path: readonly (string | number)[]): string {
    if (this.s[this.i] !== '"') this.fail("expected a string key");
    const keyAt = this.i;
    const key = this.string(path);
    if (key.includes("\0")) this.fail("a NUL character cannot appear in an attribute name", keyAt, [...path, key]);
    if (!isWellFormedText(key)) this.fail("the key has an unpaired surrogate", keyAt, [...path, key]);
    this.ws();
    if (this.s[this.i] !== ":") this.fail("expected ':'");
    this.i++;
    this.ws();
    return key;
  }

  private scalar(path: readonly (string | number)[]): Expr {
    const c = this.s[this.i];
    if (c === '"') {
      const start = this.i;
      const v = this.string(path);
      return v === "" ? { type: "Str", parts: [] } : this.textOk(v, start, path);
    }
    if (c === "-" || (c !== undefined && c >= "0" && c <= "9")) return this.number(path);
    for (const [word, name] of [["true", "true"], ["false", "false"], ["null", "null"]] as const) {
      if (this.s.startsWith(word, this.i)) {
        this.i += word.length;
        return { type: "Var", name };
      }
    }
    return this.fail(c === undefined ? "unexpected end of input" : `unexpected character ${JSON.stringify(c)}`);
  }

  private textOk(v: string, start: number, path: readonly (string | number)[]): Expr {
    if (v.includes("\0")) this.fail("a NUL character cannot appear in a Nix string", start, path);
    if (!isWellFormedText(v)) this.fail("the string has an unpaired surrogate", start, path);
    return { type: "Str", parts: [v] };
  }

  private string(path: readonly (string | number)[]): string {
    const s = this.s;
    const start = this.i;
    this.i++;
    let out = "";
    // Runs of plain characters are copied as slices, not character by character.
    let chunk = this.i;
    for (;;) {
      const c = s.charCodeAt(this.i);
      if (c !== c) this.fail("unterminated string", start); // NaN: past the end
      if (c === 34) {
        out += s.slice(chunk, this.i);
        this.i++;
        return out;
      }
      if (c < 32) this.fail("control characters must be escaped in JSON strings");
      if (c !== 92) {
        this.i++;
        continue;
      }
      out += s.slice(chunk, this.i);
      const e = s[this.i + 1];
      if (e !== undefined && e in SIMPLE_ESCAPES) {
        out += SIMPLE_ESCAPES[e];
        this.i += 2;
      } else if (e === "u") {
        const hex = s.slice(this.i + 2, this.i + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail("malformed \\u escape");
        out += String.fromCharCode(parseInt(hex, 16));
        this.i += 6;
      } else this.fail("malformed escape", this.i, path.length ? path : undefined);
      chunk = this.i;
    }
  }

  private number(path: readonly (string | number)[]): Expr {
    const re = /-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;
    re.lastIndex = this.i;
    const m = re.exec(this.s);
    if (!m) return this.fail("malformed number");
    const start = this.i;
    this.i += m[0].length;
    if (m[1] === undefined && m[2] === undefined) {
      const v = BigInt(m[0]);
      if (v > INT64_MAX || v < INT64_MIN) {
        this.fail(`${m[0]} does not fit in a Nix 64-bit integer`, start, path);
      }
      return { type: "Int", value: v };
    }
    const f = Number(m[0]);
    if (!Number.isFinite(f)) this.fail(`${m[0]} overflows a 64-bit float`, start, path);
    return { type: "Float", value: f };
  }
}
