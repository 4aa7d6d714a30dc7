/**
 * The formatter: Nix source → Nix source in RFC 166 style (see docs/formatter.md).
 *
 * @module
 */
export { format } from "./format.js";
export type { FormatOptions } from "./format.js";
export { sourceFacts } from "./source-facts.js";
export type { SourceFacts } from "./source-facts.js";
