/**
 * Compile-time checks of the builder surface, compiled by surface.test.ts against the built
 * declarations under strict user settings, with and without noUncheckedIndexedAccess. No
 * annotation on any callback: every parameter is typed by the builder that takes it.
 */
import { add, attrs, bind, fn, inherit, let_, list, print, ref, refs, str, type Nixable, type Ref } from "nix-ast";
import { module, option, types } from "nix-ast/nixos";

const { lib, python3, fetchFromGitHub } = refs("lib", "python3", "fetchFromGitHub");

// Property access on references compiles (README).
print(fn({ lib, python3, fetchFromGitHub }, python3.pkgs.buildPythonPackage({ meta: { license: lib.licenses.mit } })));

// Callbacks are contextually typed: fn, let_, withPackages, withConfig, lib.* taking functions.
const typed: Ref[] = [];
fn("x", (x) => (typed.push(x), x));
fn(["lib", "pkgs"], ({ lib, pkgs }) => lib.genAttrs(pkgs.systems, (system) => (typed.push(system), system)));
fn(({ lib }) => lib);
let_({ x: 1, y: 2 }, ({ x, y }) => add(x, y));
let_([bind("a.b", 1), inherit("c")], ({ a, c }) => list(a, c));
ref("pkgs.python3").withPackages((ps) => [ps.django]);
python3.withPackages((ps) => [ps.django]);
lib.mapAttrs((name, value) => (typed.push(name, value), str`${name}`));
lib.filterAttrs((name, value) => value.enable);
attrs({ f: (x) => (typed.push(x), x) });
module({ options: { a: option({ type: types.int, default: 1 }) } }).withConfig(({ cfg, lib }) => (typed.push(cfg, lib), { a: 2 }));

// let_ sees exactly the names bound.
// @ts-expect-error: y is not bound
let_({ x: 1 }, ({ y }) => y);
// @ts-expect-error: b is not among the formals given
fn(["a"], ({ b }) => b);

// A reference is a Nixable; a callback returning a non-Nixable is refused.
const n: Nixable = ref("x");
// @ts-expect-error: a Date is not Nixable
fn("x", () => new Date());
export { n };

// References carry a phantom Nix kind (default any): a string hole refuses kinds Nix cannot coerce.
str`${ref("pkgs.hello")}/bin/hello`;
str`${ref<"derivation">("pkgs.hello")}/bin/hello ${ref<"path">("src")} ${ref<"string">("name")} ${8080}`;
// @ts-expect-error: an int does not interpolate into a Nix string (use builtins.toString)
str`--port ${ref<"int">("cfg.port")}`;
// @ts-expect-error: nor does a list
str`${ref<"list">("cfg.hosts")}`;
