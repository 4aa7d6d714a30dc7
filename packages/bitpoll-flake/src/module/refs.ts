/**
 * Typed references for the module code. nix-ast's `Ref` answers any property with another `Ref`
 * through an index signature, which `noUncheckedIndexedAccess` widens to `Ref | undefined`; these
 * facades list the names the module uses, so every access is checked (a typo is a compile error).
 * The configuration is seen through the declared options (`nix-ast/nixos`'s `optionRefs`):
 * `i.listen.port` is an int reference, so putting it in a string without `toString` does not
 * compile.
 *
 * @module
 */
import { ref, type Ref, type RefLike } from "nix-ast";
import { optionRefs, type TreeRefs } from "nix-ast/nixos";
import type { BitpollOptionTree, instanceOptions } from "./options.js";

/** References `root.name` for each name, typed as a record (no index signature). */
export function names<const K extends string>(root: string, ...keys: readonly K[]): { readonly [k in K]: Ref } {
  return Object.fromEntries(keys.map((k) => [k, ref(`${root}.${k}`)])) as { readonly [k in K]: Ref };
}

/** The Nix library functions the module calls. */
export const lib = {
  ...names(
    "lib",
    "all",
    "any",
    "attrByPath",
    "concatLists",
    "concatMapStringsSep",
    "concatStringsSep",
    "escapeShellArg",
    "filterAttrs",
    "genAttrs",
    "getAttrs",
    "hasInfix",
    "hasPrefix",
    "hiPrio",
    "isDerivation",
    "listToAttrs",
    "mapAttrs",
    "mapAttrsToList",
    "mkIf",
    "mkMerge",
    "nameValuePair",
    "optional",
    "optionals",
    "optionalAttrs",
    "optionalString",
    "removePrefix",
    "unique",
  ),
  /** `lib.mapAttrs'`. */
  mapAttrsPrime: ref("lib.mapAttrs'"),
} as const;

/** The builtins the module uses. */
export const builtins = names(
  "builtins",
  "attrNames",
  "attrValues",
  "elem",
  "elemAt",
  "filter",
  "head",
  "isAttrs",
  "isBool",
  "isFloat",
  "isInt",
  "isList",
  "isPath",
  "isString",
  "length",
  "map",
  "match",
  "removeAttrs",
  "storeDir",
  "throw",
  "toJSON",
  "toString",
);

/** The packages and trivial builders the module uses from `pkgs`. */
export const pkgs = names("pkgs", "coreutils", "curl", "findutils", "sqlite", "systemd", "writeShellScriptBin", "writeText");

/** One instance's options, as references below `i`. */
export type InstanceRefs = TreeRefs<ReturnType<typeof instanceOptions>>;

/** Views a reference to an instance (a lambda's parameter, an `instances` entry) as {@link InstanceRefs}. */
export function instanceRefs(r: RefLike): InstanceRefs {
  return optionRefs<ReturnType<typeof instanceOptions>>(r);
}

/** `services.bitpoll` as references: the default instance's options plus `enable`, `package`, `instances`. */
export type TopRefs = TreeRefs<BitpollOptionTree["services"]["bitpoll"]>;

/** The module's `cfg` (`config.services.bitpoll`), typed by its options. */
export const cfg: TopRefs = optionRefs<BitpollOptionTree["services"]["bitpoll"]>("cfg");
