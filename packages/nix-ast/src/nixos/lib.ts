/**
 * The module system's value combinators, emitted as calls into `lib`: `mkIf`, `mkMerge`,
 * `mkDefault`, `mkForce`, `mkOverride`, `mkBefore`, `mkAfter`, `mkOrder`, and references to
 * the module arguments `config`, `lib`, `pkgs`.
 *
 * @module
 */
import type { Expr } from "../ast/nodes.js";
import { call, list, ref, toExpr, unref, type Cond, type Nixable, type Ref } from "../builders/index.js";
import type { Defn } from "./options.js";

declare const VALUE: unique symbol;

/** An expression standing for a value of type `T` (a phantom tag on an AST node). */
export type Typed<T> = Expr & { readonly [VALUE]?: T };

/** The module argument `config`. */
export const config: Ref = ref("config");
/** The module argument `lib` (nixpkgs' library), typed: see `typed-lib.ts`. */
export { lib } from "./typed-lib.js";
/** The module argument `pkgs`. */
export const pkgs: Ref = ref("pkgs");
/** The `name` argument of a submodule. */
export const name: Ref = ref("name");

const libCall = (fn: string, ...args: readonly Nixable[]): Expr => call(unref(ref(`lib.${fn}`)), ...args);

/** `lib.mkIf cond value`: define `value` only when `cond` holds. */
export function mkIf<T>(cond: Cond, value: Defn<T>): Typed<T> {
  return libCall("mkIf", cond, value as Nixable);
}

/** `lib.mkMerge [ … ]`: several definitions at one place. */
export function mkMerge<T>(values: readonly Defn<T>[]): Typed<T> {
  return libCall("mkMerge", list(...(values as readonly Nixable[])));
}

/** `lib.mkOverride priority value` (lower numbers win; plain definitions have 100). */
export function mkOverride<T>(priority: number, value: Defn<T>): Typed<T> {
  return libCall("mkOverride", priority, value as Nixable);
}

/** `lib.mkDefault value` (priority 1000). */
export function mkDefault<T>(value: Defn<T>): Typed<T> {
  return libCall("mkDefault", value as Nixable);
}

/** `lib.mkOptionDefault value` (priority 1500, what option defaults use). */
export function mkOptionDefault<T>(value: Defn<T>): Typed<T> {
  return libCall("mkOptionDefault", value as Nixable);
}

/** `lib.mkForce value` (priority 50). */
export function mkForce<T>(value: Defn<T>): Typed<T> {
  return libCall("mkForce", value as Nixable);
}

/** `lib.mkOrder priority value`: ordering for list and string merges (default 1000). */
export function mkOrder<T>(priority: number, value: Defn<T>): Typed<T> {
  return libCall("mkOrder", priority, value as Nixable);
}

/** `lib.mkBefore value` (order 500). */
export function mkBefore<T>(value: Defn<T>): Typed<T> {
  return libCall("mkBefore", value as Nixable);
}

/** `lib.mkAfter value` (order 1500). */
export function mkAfter<T>(value: Defn<T>): Typed<T> {
  return libCall("mkAfter", value as Nixable);
}

/** Converts a definition to its expression. */
export function defExpr(v: unknown): Expr {
  return toExpr(v as Nixable);
}
