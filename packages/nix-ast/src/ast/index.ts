export * from "./nodes.js";
export * from "./lexical.js";
export * from "./precedence.js";
export * from "./schema.js";
