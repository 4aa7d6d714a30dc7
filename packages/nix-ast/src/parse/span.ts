/**
 * Spans that cost one small object per node: a {@link LazySpan} holds the start and end offsets and
 * the per-file {@link SpanSource}; `start`/`end` positions (line, column) are computed when read,
 * from a line-start table built on first use. A parse keeps the whole tree alive, so a span plus
 * two position objects per node made the garbage collector's work grow faster than the input.
 *
 * To its readers a `LazySpan` is a {@link Span}: `span.start.line` works and `JSON.stringify`
 * writes `{ start, end, file? }` as before. Its data lives in private fields, so it has no own
 * enumerable properties (structural comparisons such as vitest's `toEqual` see no difference between
 * two spans; compare `toJSON()` to compare positions).
 *
 * @module
 */
import type { Position, Span } from "../ast/nodes.js";

/** The source text and file name shared by the spans of one parse. */
export class SpanSource {
  /** Offsets where lines start; built on the first position asked for. */
  #lineStarts: Int32Array | null = null;
  /** The line of the last lookup: positions are often asked for in order. */
  #hint = 0;

  constructor(
    private readonly src: string,
    readonly file: string | undefined,
  ) {}

  /** The position of an offset (1-based line and column, as the former eager positions). */
  position(offset: number): Position {
    const ls = (this.#lineStarts ??= lineStarts(this.src));
    let k = this.#hint;
    if (!(ls[k]! <= offset && (k + 1 >= ls.length || ls[k + 1]! > offset))) {
      k = lineIndex(ls, offset);
      this.#hint = k;
    }
    return { line: k + 1, column: offset - ls[k]! + 1, offset };
  }
}

/** The offset where each line of `src` starts (the first is 0). */
export function lineStarts(src: string): Int32Array {
  let n = 1;
  for (let i = src.indexOf("\n"); i >= 0; i = src.indexOf("\n", i + 1)) n++;
  const ls = new Int32Array(n);
  let k = 1;
  for (let i = src.indexOf("\n"); i >= 0; i = src.indexOf("\n", i + 1)) ls[k++] = i + 1;
  return ls;
}

/** The 0-based index of the line holding `offset`, given {@link lineStarts} (binary search). */
export function lineIndex(ls: Int32Array, offset: number): number {
  let lo = 0;
  let hi = ls.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ls[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** A {@link Span} whose positions are computed on demand (see the module documentation). */
export class LazySpan implements Span {
  readonly #source: SpanSource;
  readonly #start: number;
  readonly #end: number;

  constructor(source: SpanSource, start: number, end: number) {
    this.#source = source;
    this.#start = start;
    this.#end = end;
  }

  get start(): Position {
    return this.#source.position(this.#start);
  }

  get end(): Position {
    return this.#source.position(this.#end);
  }

  get file(): string | undefined {
    return this.#source.file;
  }

  /** `start.offset` without making a position (no line lookup, no allocation). */
  get startOffset(): number {
    return this.#start;
  }

  /** `end.offset` without making a position. */
  get endOffset(): number {
    return this.#end;
  }

  /** The plain form, exactly what eager spans serialised to. */
  toJSON(): Span {
    const file = this.#source.file;
    return file === undefined
      ? { start: this.start, end: this.end }
      : { start: this.start, end: this.end, file };
  }

  /** Node's `console.log`/`util.inspect` show the plain form rather than an empty object. */
  [Symbol.for("nodejs.util.inspect.custom")](): Span {
    return this.toJSON();
  }
}
