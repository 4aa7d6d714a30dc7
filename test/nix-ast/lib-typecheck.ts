/**
 * Compile-time tests of the typed `lib` and `builtins` (and of the new `lib.types` mirrors),
 * checked by `tsc -p test/nix-ast/lib-tsconfig.json` from lib-signatures.test.ts. Every
 * `@ts-expect-error` line must be an error, so a signature that stops refusing fails the check.
 */
import { call, fn, list, print, ref, str } from "../../packages/nix-ast/src/index.js";
import { builtins, lib, option, types, type InputOf } from "../../packages/nix-ast/src/nixos/index.js";

const names = ["x86_64-linux", "aarch64-linux"];

// Positive: documented examples compile without annotations.
lib.genAttrs(names, (system) => str`${system}-pkgs`);
lib.genAttrs(ref("systems"), (name) => ({ inherit: name }));
lib.mapAttrs((name, value) => [name, value], ref("set"));
lib["mapAttrs'"]((name, value) => lib.nameValuePair(str`x-${name}`, value), ref("set"));
lib.mapAttrsToList((name, value) => str`${name}=${value}`, { a: "1" });
lib.filterAttrs((name, value) => lib.hasPrefix("x", name), ref("set"));
lib.concatStringsSep(", ", ["a", "b"]);
lib.concatStringsSep(", ", ref("xs"));
lib.concatMapStringsSep("\n", (x) => str`- ${x}`, ref("xs"));
lib.optional(ref("cfg.enable"), "x");
lib.optionals(true, ["a"]);
lib.optionalAttrs(ref("cfg.enable"), { a: 1 });
lib.optionalString(ref("cfg.enable"), "text");
lib.mkIf(ref("cfg.enable"), { services: {} });
lib.mkMerge([{ a: 1 }, lib.mkIf(true, { b: 2 })]);
lib.mkDefault(4);
lib.mkForce("x");
lib.mkOption({ type: lib.types.str, default: "x" });
lib.mkEnableOption("the service");
lib.mkPackageOption(ref("pkgs"), "hello", {});
lib.escapeShellArg(ref("cfg.dataDir"));
lib.escapeShellArgs(["a", ref("b")]);
lib.getExe(ref("pkgs.hello"));
lib["getExe'"](ref("pkgs.python3"), "python");
lib.makeBinPath([ref("pkgs.git")]);
lib.hasSuffix(".nix", ref("file"));
lib.splitString(",", "a,b");
lib.toUpper("x");
lib.attrNames(ref("set"));
lib.attrValues({ a: 1 });
lib.elem("x", ["x"]);
lib.unique([1, 1]);
lib.flatten([1, [2]]);
lib.recursiveUpdate({ a: 1 }, ref("b"));
lib.strings.concatStringsSep("-", ["a"]);
lib.licenses.mit;
lib.licenses.gpl3Only;
lib.platforms.linux;
lib.maintainers.someone;
lib.types.str;
lib.fakeHash;
lib.mkIf(lib.hasPrefix("a", "abc"), 1);
builtins.map((x) => [x], [1, 2]);
builtins.filter((x) => builtins.isInt(x), ref("xs"));

builtins["foldl'"]((acc, x) => builtins.add(acc, x), 0, [1, 2]);
builtins.toString(1);
builtins.currentSystem;
// Typed members are references too: passed as values, selected, printed.
builtins.map(lib.toUpper, ["a"]);
call(lib.concatStringsSep, ", ");
print(fn("x", lib.toUpper(ref("x"))));
list(lib.mkDefault(1));

// Refusals.
// @ts-expect-error a missing argument (genAttrs takes names and a function)
lib.genAttrs(names);
// @ts-expect-error one argument too many
lib.toUpper("a", "b");
// @ts-expect-error a number where Nix wants a string
lib.concatStringsSep(1, ["a"]);
// @ts-expect-error a string where Nix wants a list of strings
lib.concatStringsSep(", ", "a");
// @ts-expect-error a list element of the wrong kind
lib.concatStringsSep(", ", [1, 2]);
// @ts-expect-error the callback of genAttrs takes one parameter
lib.genAttrs(names, (name, extra) => name);
// @ts-expect-error the callback of concatMapStringsSep returns a string, not a number
lib.concatMapStringsSep(",", (x) => 1, ref("xs"));
// @ts-expect-error filterAttrs' predicate returns a bool
lib.filterAttrs((name, value) => "yes", ref("set"));
// @ts-expect-error mkIf's condition is a bool
lib.mkIf("yes", {});
// @ts-expect-error optional's condition is a bool
lib.optional(1, "x");
// @ts-expect-error a name lib does not have
lib.mkIff(true, {});
// @ts-expect-error not a license
lib.licenses.notALicense;
// @ts-expect-error builtins.map takes a function and a list
builtins.map((x) => x);
// @ts-expect-error builtins.length takes a list
builtins.length("abc");
// @ts-expect-error the callback of foldl' takes two parameters
builtins["foldl'"]((acc, x, y) => acc, 0, []);

// The new lib.types mirrors infer their values.
const nel: InputOf<typeof types.nonEmptyListOf<string, string>> extends readonly [string, ...string[]] ? true : false = true;
void nel;
option({ type: types.nonEmptyStr, default: "x" });
option({ type: types.attrTag({ port: option({ type: types.port }), socket: option({ type: types.str }) }), default: { port: 80 } });
// @ts-expect-error an attrTag value has one of the tags
option({ type: types.attrTag({ port: option({ type: types.port }) }), default: { socket: "x" } });
option({ type: types.lazyAttrsOf(types.int), default: { a: 1 } });
// @ts-expect-error lazyAttrsOf int holds ints
option({ type: types.lazyAttrsOf(types.int), default: { a: "1" } });
option({ type: types.functionTo(types.str), default: ref("builtins.toString") });

// An option of nonEmptyListOf without a default must be configured (no empty value), unlike listOf.
import { module, type ConfigOf } from "../../packages/nix-ast/src/nixos/index.js";
const ne = module({ options: { hosts: option({ type: types.nonEmptyListOf(types.str) }), tags: option({ type: types.listOf(types.str) }) } });
const okCfg: ConfigOf<typeof ne.options> = { hosts: ["a"] };
// @ts-expect-error hosts is required (and tags is not)
const badCfg: ConfigOf<typeof ne.options> = { tags: [] };
// @ts-expect-error an empty tuple is not a non-empty list
const emptyCfg: ConfigOf<typeof ne.options> = { hosts: [] };
void okCfg, badCfg, emptyCfg;
