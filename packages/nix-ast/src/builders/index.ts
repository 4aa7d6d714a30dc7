export * from "./builders.js";
export { dedent as dedentParts } from "./builders.js";
export { checkIdentifier } from "./nodes.js";
export type { BindingsCarrier } from "./symbols.js";
export { fromJsonText, JsonInputError } from "./json.js";
