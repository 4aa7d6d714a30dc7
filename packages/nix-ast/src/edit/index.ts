/**
 * Lossless editing of Nix source by attribute path (see docs/edit.md): {@link edit} parses a file
 * into an immutable {@link NixDocument} whose `get`, `set`, `remove`, `append`, `removeItem`,
 * `addFormal` and `removeFormal` return new documents that keep every byte outside the edit.
 *
 * @module
 */
export { edit, NixDocument } from "./document.js";
export type { EditOptions, EditValue, Found, FormalOptions, ItemMatch } from "./document.js";
export { attrPath, NixEditError, showPath } from "./path.js";
export type { AttrPathInput } from "./path.js";
