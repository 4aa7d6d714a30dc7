/**
 * `nix-ast/testing`: the tools that prove Nix output correct against real Nix, for our own tests
 * and for users' property tests.
 *
 * - {@link canonical} renders an AST as `nix-instantiate --parse` (Nix 2.8) prints it, and
 *   {@link normalize} puts both sides of a comparison in one normal form;
 * - the oracle ({@link parseNix}, {@link evalNix}, {@link nixEquals}, …) runs the real Nix in
 *   batches;
 * - {@link arbitrary} holds fast-check arbitraries of values and of valid ASTs.
 *
 * @example
 * ```ts
 * import { canonical, normalize, parseNix } from "nix-ast/testing";
 * const [parsed] = await parseNix([print(ast)]);
 * expect(normalize(parsed)).toBe(normalize(canonical(ast)));
 * ```
 * @packageDocumentation
 */
export {
  canonical,
  CanonicalError,
  formatNixFloat,
  showAttrName,
  showNixString,
} from "./canonical.js";
export type { CanonicalOptions } from "./canonical.js";
export { normalize, parseCanonical, renderCanonical } from "./normalize.js";
export * as arbitrary from "./arbitrary.js";
export type { ArbitraryValue, ExprOptions, ValueOptions } from "./arbitrary.js";
export type { CanonNode } from "./normalize.js";
export {
  evalNix,
  evalNixBatch,
  evalNixBatchSettled,
  nixAvailable,
  nixEquals,
  nixEqualsBatch,
  nixEqualsBatchSettled,
  nixpkgsLib,
  NixOracleError,
  parseNix,
  parseNixSettled,
  requireNix,
  typedJson,
} from "./oracle.js";
export type {
  EqualsCase,
  ExpectedValue,
  NixEqualsResult,
  OracleOptions,
  Settled,
} from "./oracle.js";
export { assertBatched, stableKey } from "./property.js";
export type { BatchedParams, BatchVerdicts } from "./property.js";
