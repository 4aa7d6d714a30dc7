/**
 * Symbols shared by the builders. Kept in one small module so that `values.ts`, `ref.ts` and
 * `builders.ts` agree without importing each other in a cycle.
 *
 * @module
 */
import type { Binding } from "../ast/nodes.js";

/** Key under which a {@link BindingsCarrier} holds bindings to splice into an attribute set. */
export const BINDINGS: unique symbol = Symbol("nix-ast.bindings");

/** An object spread into a plain object to add bindings that are not `key: value` (inherit, attrpaths). */
export interface BindingsCarrier<N extends string = string> {
  readonly [BINDINGS]: readonly Binding[];
  /** Phantom (absent at run time): the names the bindings define, for `let_`'s callback. */
  readonly [BOUND_NAMES]?: N;
}

/** Phantom key of {@link BindingsCarrier}'s names. */
export declare const BOUND_NAMES: unique symbol;

/** Key under which a reference proxy exposes its AST node. */
export const NODE: unique symbol = Symbol("nix-ast.node");
