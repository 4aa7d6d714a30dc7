/**
 * nix-ast: a typed Nix expression DSL. See `docs/` for the guides.
 *
 * @packageDocumentation
 */
export * from "./ast/index.js";
export * from "./errors.js";
export * from "./builders/index.js";
export * from "./print/index.js";
export * from "./parse/index.js";
export * from "./format/index.js";
export * from "./edit/index.js";
