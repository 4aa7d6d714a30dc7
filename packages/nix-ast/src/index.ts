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
// The editor (docs/edit.md); its path helpers are in the subpath `nix-ast/edit`.
export { edit, NixDocument, NixEditError } from "./edit/index.js";
export type { AttrPathInput, EditOptions, EditValue, FormalOptions, Found, ItemMatch } from "./edit/index.js";
