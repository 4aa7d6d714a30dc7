/**
 * The Python side of the flake: recipes, overlay entries and their files.
 *
 * @module
 */
export * from "./recipes.js";
export * from "./overlay.js";
export * from "./package-file.js";
