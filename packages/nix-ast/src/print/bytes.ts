/**
 * Byte buffers for the data path that work in Node and in browsers. Node's `Buffer` encodes and
 * decodes faster (Latin-1 is a plain copy there), so it is used where the host has it; elsewhere
 * plain `Uint8Array`s with `TextEncoder`/`TextDecoder` do the same. Nothing here touches a host
 * global at module load, so the core bundles for the browser (docs/browser.md).
 *
 * @module
 */

/** What the data path needs of a byte buffer. */
export interface Bytes {
  /** A buffer of `size` bytes (contents unspecified). */
  alloc(size: number): Uint8Array;
  /** Writes `s` as UTF-8 at `pos`; returns the number of bytes written (`buf` has room for 3 per unit). */
  writeUtf8(buf: Uint8Array, s: string, pos: number): number;
  /** Writes `s`, known to be ASCII, at `pos` (`buf` has room); returns its length. */
  writeAscii(buf: Uint8Array, s: string, pos: number): number;
  /** Decodes `buf[0, end)`: UTF-8, or Latin-1 when `ascii` says every byte is below 0x80. */
  decode(buf: Uint8Array, end: number, ascii: boolean): string;
}

// Typed with @types/node's `Buffer`, but reached only through `globalThis` at call time.
type NodeBufferStatic = typeof Buffer;

function nodeBytes(B: NodeBufferStatic): Bytes {
  const asBuffer = (buf: Uint8Array): Buffer => buf as Buffer;
  return {
    alloc: (size) => B.allocUnsafe(size),
    writeUtf8: (buf, s, pos) => asBuffer(buf).write(s, pos, "utf8"),
    // One native copy.
    writeAscii: (buf, s, pos) => asBuffer(buf).write(s, pos, "latin1"),
    decode: (buf, end, ascii) => asBuffer(buf).toString(ascii ? "latin1" : "utf8", 0, end),
  };
}

function webBytes(): Bytes {
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  return {
    alloc: (size) => new Uint8Array(size),
    writeUtf8: (buf, s, pos) => encoder.encodeInto(s, buf.subarray(pos)).written,
    writeAscii: (buf, s, pos) => {
      for (let i = 0; i < s.length; i++) buf[pos + i] = s.charCodeAt(i);
      return s.length;
    },
    // ASCII is UTF-8: one decoder serves both cases.
    decode: (buf, end) => decoder.decode(buf.subarray(0, end)),
  };
}

let chosen: Bytes | undefined;

/** The host's byte functions, chosen on first use (not at module load). */
export function bytes(): Bytes {
  if (chosen === undefined) {
    const B = (globalThis as { Buffer?: NodeBufferStatic }).Buffer;
    chosen = B !== undefined && typeof B.allocUnsafe === "function" ? nodeBytes(B) : webBytes();
  }
  return chosen;
}
