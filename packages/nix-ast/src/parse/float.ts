/**
 * Which float literals Nix 2.8 refuses. Its lexer reads a FLOAT token with glibc's `strtod` and
 * reports "invalid float" whenever `errno` is set, i.e. on overflow and on underflow. glibc (x86:
 * tininess detected after rounding) signals underflow when the exact value, rounded to 53 bits
 * with an unbounded exponent, is below 2^-1022 and the result is inexact. So `2.2250738585072012014e-308`
 * is refused although it rounds to the smallest normal double, an exact subnormal such as the
 * 751-digit expansion of 2^-1074 is accepted, and zero is always accepted. Checked against
 * `nix-instantiate --parse` in test/nix-ast/parse.test.ts.
 *
 * @module
 */

const MIN_NORMAL = 2.2250738585072014e-308;

/** Whether `strtod` sets `errno` on the literal `text` (digits, one dot, optional exponent). */
export function strtodRefuses(text: string, value: number = Number(text)): boolean {
  if (!Number.isFinite(value)) return true;
  // Only values at or below the smallest normal double can underflow.
  if (value > MIN_NORMAL) return false;
  const m = /^(\d*)\.?(\d*)(?:[eE]([+-]?\d+))?$/.exec(text);
  if (m === null) return false;
  const digits = `${m[1] ?? ""}${m[2] ?? ""}`.replace(/^0+/, "");
  if (digits === "") return false; // zero, whatever the exponent
  // The exact value is D × 10^x.
  const x = Number(m[3] ?? "0") - (m[2] ?? "").length;
  if (x >= 0) return false;
  // Below 10^-340 < 2^-1074: tiny and inexact (and too far for big powers of ten).
  if (digits.length + x < -340) return true;
  const d = BigInt(digits);
  const p10 = 10n ** BigInt(-x);
  // Tiny after rounding: D × 10^x < 2^-1022 − 2^-1076 (the midpoint below 2^-1022 at 53 bits; a
  // tie rounds to even, i.e. up to 2^-1022).
  const tiny = d * 2n ** 1076n < (2n ** 54n - 1n) * p10;
  if (!tiny) return false;
  // Inexact unless D × 10^x is a multiple of 2^-1074.
  return (d * 2n ** 1074n) % p10 !== 0n;
}
