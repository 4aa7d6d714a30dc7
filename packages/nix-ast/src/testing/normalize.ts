/**
 * Reads the text `nix-instantiate --parse` prints (and {@link canonical} renders) into a small
 * token tree, and renders it back in a normal form, so that two renderings compare equal exactly
 * when they differ only in what Nix itself leaves unspecified.
 *
 * @module
 */
import { showAttrName, showNixString } from "./canonical.js";

/** A node of the token tree: a bracketed group, a string literal, `;`/`,`, or any other word. */
export type CanonNode =
  | {
      readonly t: "group";
      /** `(`, `[`, `{`, or `"${` for a dynamic attribute name. */
      readonly open: "(" | "[" | "{" | '"${';
      readonly items: readonly CanonNode[];
      /** Offsets in the source text: of the opening bracket, and just after the closing one. */
      readonly start: number;
      readonly end: number;
    }
  | {
      readonly t: "str";
      readonly value: string;
      readonly start: number;
      readonly end: number;
    }
  | {
      readonly t: "word";
      readonly text: string;
      readonly start: number;
      readonly end: number;
    };

const CLOSE = { "(": ")", "[": "]", "{": "}", '"${': '}"' } as const;
const DELIMS = new Set(["(", ")", "[", "]", "{", "}", ";", ",", '"']);

/** Parses `--parse` output (or {@link canonical} text) into a token tree. Throws on bad nesting. */
export function parseCanonical(text: string): CanonNode[] {
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`cannot read --parse output at offset ${i}: ${why}`);
  };
  const readGroup = (
    open: "(" | "[" | "{" | '"${' | null,
    start: number,
  ): CanonNode[] => {
    const items: CanonNode[] = [];
    for (;;) {
      while (i < text.length && /\s/.test(text[i] as string)) i++;
      if (i >= text.length) {
        if (open !== null) fail(`unclosed ${open}`);
        return items;
      }
      const c = text[i] as string;
      const s = i;
      if (c === ")" || c === "]" || c === "}") {
        if (open === null || CLOSE[open][0] !== c)
          fail(`unexpected ${c} (group at ${start})`);
        i++;
        if (open === '"${') {
          if (text[i] !== '"')
            fail('expected " after } of a dynamic attribute');
          i++;
        }
        return items;
      }
      if (c === "(" || c === "[" || c === "{") {
        i++;
        const sub = readGroup(c, s);
        items.push({ t: "group", open: c, items: sub, start: s, end: i });
      } else if (c === '"') {
        if (text.startsWith('"${', i)) {
          i += 3;
          const sub = readGroup('"${', s);
          items.push({ t: "group", open: '"${', items: sub, start: s, end: i });
        } else {
          i++;
          let value = "";
          for (;;) {
            if (i >= text.length) fail("unterminated string");
            const d = text[i] as string;
            if (d === '"') break;
            if (d === "\\") {
              const x = text[i + 1];
              if (x === undefined) fail("dangling backslash");
              value +=
                x === "n" ? "\n" : x === "r" ? "\r" : x === "t" ? "\t" : x;
              i += 2;
            } else {
              // Whole code points, so astral characters stay intact.
              const cp = text.codePointAt(i) as number;
              const ch = String.fromCodePoint(cp);
              value += ch;
              i += ch.length;
            }
          }
          i++;
          items.push({ t: "str", value, start: s, end: i });
        }
      } else if (c === ";" || c === ",") {
        i++;
        items.push({ t: "word", text: c, start: s, end: i });
      } else {
        while (
          i < text.length &&
          !/\s/.test(text[i] as string) &&
          !DELIMS.has(text[i] as string)
        )
          i++;
        items.push({ t: "word", text: text.slice(s, i), start: s, end: i });
      }
    }
  };
  return readGroup(null, 0);
}

const isWord = (n: CanonNode | undefined, text?: string): boolean =>
  n !== undefined && n.t === "word" && (text === undefined || n.text === text);

/** Renders a token tree back to text, one space between tokens. */
export function renderCanonical(nodes: readonly CanonNode[]): string {
  return nodes.map(renderNode).join(" ");
}

function renderNode(n: CanonNode): string {
  if (n.t === "word") return n.text;
  if (n.t === "str") return showNixString(n.value);
  const inner = renderCanonical(n.items);
  return `${n.open}${inner === "" ? "" : ` ${inner} `}${CLOSE[n.open]}`;
}

/**
 * The normal form of `--parse` text. It hides, on both sides of a comparison:
 * - the order of bindings in attribute sets and `let` (Nix prints an internal order) and of
 *   formals (likewise);
 * - how a string concatenation is cut into literal pieces: adjacent string literals merge, a
 *   leading `""` piece goes, and a concatenation of a single literal (`("a")`) is that literal
 *   (an indented string comes out of Nix cut at every `$`, `'''` or `''\x` token, with `""` for
 *   stripped indentation; our AST holds only its value);
 * - a dynamic key whose expression is just a string literal, which is a static key;
 * - whitespace.
 *
 * The price: `"a" + "b"` and `"ab"` normalise alike (equal values), as do `"" + x` and `"${x}"`.
 */
export function normalize(text: string): string {
  return renderCanonical(normalizeItems(parseCanonical(text)));
}

function normalizeItems(items: readonly CanonNode[]): CanonNode[] {
  const out: CanonNode[] = [];
  for (let k = 0; k < items.length; k++) {
    const n = items[k] as CanonNode;
    if (n.t !== "group") {
      out.push(n);
      continue;
    }
    const inner = normalizeItems(n.items);
    const next = items[k + 1];
    if (n.open === "{") {
      // A set pattern is followed by `@` or `:`; any other brace group is an attribute set.
      const formals =
        next !== undefined &&
        next.t === "word" &&
        (next.text === "@" || next.text.startsWith(":"));
      out.push({
        ...n,
        items: formals ? sortFormals(inner) : sortBindings(inner, 0).items,
      });
    } else if (n.open === "(") {
      out.push(normalizeParen({ ...n, items: inner }));
    } else if (n.open === '"${') {
      const only = inner[0];
      if (inner.length === 1 && only !== undefined && only.t === "str") {
        // `"${"a"}"` is the static key `a`.
        const shown = showAttrName(only.value);
        out.push(
          shown.startsWith('"')
            ? { t: "str", value: only.value, start: n.start, end: n.end }
            : { t: "word", text: shown, start: n.start, end: n.end },
        );
      } else out.push({ ...n, items: inner });
    } else out.push({ ...n, items: inner });
  }
  return out;
}

function normalizeParen(n: CanonNode & { t: "group" }): CanonNode {
  const items = n.items;
  if (isWord(items[0], "let")) {
    const { items: sorted, rest } = sortBindings(items, 1, true);
    return { ...n, items: [items[0] as CanonNode, ...sorted, ...rest] };
  }
  const lone = items[0];
  // `("a")`, a concatenation of one literal, is that literal.
  if (items.length === 1 && lone?.t === "str") return lone;
  if (!items.some((x) => isWord(x, "+"))) return n;
  // A concatenation: `(a + b + c)`; only here does `+` stand at the top level of a group.
  const parts: CanonNode[][] = [[]];
  for (const x of items) {
    if (isWord(x, "+")) parts.push([]);
    else (parts[parts.length - 1] as CanonNode[]).push(x);
  }
  const merged: CanonNode[][] = [];
  for (const p of parts) {
    const last = merged[merged.length - 1];
    const a = last?.[0];
    const b = p[0];
    if (
      last &&
      last.length === 1 &&
      a?.t === "str" &&
      p.length === 1 &&
      b?.t === "str"
    ) {
      merged[merged.length - 1] = [
        { t: "str", value: a.value + b.value, start: a.start, end: b.end },
      ];
    } else merged.push(p);
  }
  const first = merged[0]?.[0];
  if (
    merged.length > 1 &&
    merged[0]?.length === 1 &&
    first?.t === "str" &&
    first.value === ""
  ) {
    merged.shift();
  }
  const only = merged[0]?.[0];
  if (merged.length === 1 && merged[0]?.length === 1 && only?.t === "str")
    return only;
  const joined: CanonNode[] = [];
  merged.forEach((p, idx) => {
    if (idx > 0) joined.push({ t: "word", text: "+", start: -1, end: -1 });
    joined.push(...p);
  });
  return { ...n, items: joined };
}

/**
 * Splits bindings from `items[from]` on (`name = value;`, `inherit … ;`) and sorts them. In a
 * `let`, a binding position holding the word `in` not followed by `=` ends the bindings. An
 * `assert c; b` value (printed without parentheses) swallows one `;` per `assert`.
 */
function sortBindings(
  items: readonly CanonNode[],
  from: number,
  inLet = false,
): { items: CanonNode[]; rest: CanonNode[] } {
  const bindings: CanonNode[][] = [];
  let k = from;
  while (k < items.length) {
    if (inLet && isWord(items[k], "in") && !isWord(items[k + 1], "=")) break;
    const b: CanonNode[] = [];
    const isInherit = isWord(items[k], "inherit");
    let pending = 0;
    while (k < items.length) {
      const x = items[k] as CanonNode;
      b.push(x);
      k++;
      if (isWord(x, ";")) {
        if (pending === 0 || isInherit) break;
        pending--;
      } else if (
        !isInherit &&
        isWord(x, "assert") &&
        !(b.length === 1 && isWord(items[k], "="))
      ) {
        pending++;
      }
    }
    bindings.push(b);
  }
  const keyed = bindings.map((b) => ({ b, key: renderCanonical(b) }));
  keyed.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  return { items: keyed.flatMap((x) => x.b), rest: items.slice(k) };
}

function sortFormals(items: readonly CanonNode[]): CanonNode[] {
  const formals: CanonNode[][] = [[]];
  for (const x of items) {
    if (isWord(x, ",")) formals.push([]);
    else (formals[formals.length - 1] as CanonNode[]).push(x);
  }
  const nonEmpty = formals.filter((f) => f.length > 0);
  const ellipsis = nonEmpty.filter(
    (f) => f.length === 1 && isWord(f[0], "..."),
  );
  const named = nonEmpty.filter(
    (f) => !(f.length === 1 && isWord(f[0], "...")),
  );
  const keyed = named.map((f) => ({ f, key: renderCanonical(f) }));
  keyed.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  const all = [...keyed.map((x) => x.f), ...ellipsis];
  const out: CanonNode[] = [];
  all.forEach((f, idx) => {
    if (idx > 0) out.push({ t: "word", text: ",", start: -1, end: -1 });
    out.push(...f);
  });
  return out;
}
