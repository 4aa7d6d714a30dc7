/**
 * A generator program using every lambda form the documentation shows, for toolchain.test.ts: its
 * output must not depend on how it was built (tsc, tsx, an esbuild bundle, a minified bundle).
 * Names here deliberately shadow one another (`system`, `lib`, `pkgs`), which makes esbuild rename
 * the inner bindings (`system2`, `{ lib: lib2 }`) and the minifier rename everything.
 */
import { add, attrs, fn, formals, let_, list, path, print, ref, refs, select, str } from "nix-ast";
import { module, option, types } from "nix-ast/nixos";

const system = "x86_64-linux";
const { lib, pkgs, systems } = refs("lib", "pkgs", "systems");

const forms = {
  // a set pattern from the properties read, with and without `...`
  packageFn: fn(({ lib, stdenv, fetchurl }) =>
    stdenv.mkDerivation({ pname: "hello", src: fetchurl({ url: "https://example.org/x.tar.gz" }), meta: { license: lib.licenses.mit } }),
  ),
  moduleFn: fn(({ config, lib, pkgs, ...rest }) => ({ config: lib.mkIf(config.enable, { environment: { systemPackages: [pkgs.hello] } }) })),
  // explicit formals: a name list, an object of references, formals() with defaults and @
  named: fn(["lib", "pkgs"], ({ lib, pkgs }) => lib.genAttrs(systems, (system) => select(pkgs, [system, "hello"]))),
  fromRefs: fn({ lib, pkgs, "...": true }, pkgs.callPackage(path("./package.nix"), {})),
  withDefaults: fn(formals({ system: { default: system }, lib: true }, { ellipsis: true, bind: "args" }), ({ system, args }) => [system, args]),
  // plain parameters: named, generated with conventional names, curried
  plain: fn("x", (x) => add(x, 1)),
  python: pkgs.python3.withPackages((ps) => [ps.django, ps.gunicorn]),
  perSystem: lib.genAttrs(systems, (system) => str`${system}-${system}`),
  mapped: lib.mapAttrs((name, value) => ({ inherit: name, value })),
  folded: lib["foldl'"]((acc, x) => add(acc, x)),
  anonymous: attrs({ f: (a, b, c) => list(a, b, c), g: () => 1 }),
  // let_ with its names, and hygiene
  let: let_({ x: 1, y: 2 }, ({ x, y }) => add(x, y)),
  hygiene: fn("x", (outer) => fn("x", (inner) => add(outer, inner))),
  capture: fn("lib", (outerLib) => fn(({ lib }) => add(outerLib, lib))),
};

const m = module({
  let: { cfg: ref("config.services.demo") },
  options: { services: { demo: { port: option({ type: types.port, default: 8000 }) } } },
}).withConfig(({ cfg, lib }) => ({ networking: { firewall: { allowedTCPPorts: lib.optional(true, cfg.port) } } }));

process.stdout.write(Object.entries(forms).map(([k, e]) => `# ${k}\n${print(e)}`).join("") + m.render());
