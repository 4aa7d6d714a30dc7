/**
 * How option texts name an instance, and option types shared by several features.
 *
 * @module
 */
import { call, ref, str as strLit, type Expr } from "nix-ast";
import { literalExpression, types } from "nix-ast/nixos";

/** How the option texts name the instance: `services.bitpoll` or `services.bitpoll.instances.<name>`. */
export interface InstanceNaming {
  /** The unit name as a Nix value (`"bitpoll"`, or `"bitpoll-${name}"`). */
  readonly unit: string | Expr;
  /**
   * The unit name as the manual shows it: text, or (in the shared Nix function, see
   * `render.ts`) the same Nix expression as `unit`.
   */
  readonly unitText: string | Expr;
}

/** `lib.literalExpression "\"<prefix><unit><suffix>\""`: a quoted name for `defaultText`. */
export function quoted(unitText: string | Expr, prefix = "", suffix = ""): Expr {
  if (typeof unitText === "string") return literalExpression(JSON.stringify(`${prefix}${unitText}${suffix}`));
  return call(ref("lib.literalExpression"), strLit`"${prefix}${unitText}${suffix}"`);
}

/**
 * A file holding a secret, read at run time: an absolute path as a *string*. `types.path` would
 * accept a path literal (`./secret`), which Nix copies into the world-readable store; a string
 * type refuses it, and the module asserts the string is not a store path either (nixpkgs'
 * `*File` options are typed the same way, e.g. `types.nullOr types.str` with such a check).
 */
export const secretFile = types.nullOr(types.strMatching("/.+"));
