/**
 * Compile-time tests of typed Nix values (issue 16), compiled by typed-values.test.ts: every
 * `@ts-expect-error` line must be an error, and the error must contain the text after `--` (the
 * test compiles the file a second time without the directives and compares). The positive lines
 * are documented examples, written without annotations.
 */
import {
  add,
  and,
  assert_,
  attrs,
  concat,
  eq,
  float,
  fn,
  if_,
  ind,
  int,
  list,
  not,
  path,
  ref,
  select,
  str,
  update,
  type ExprOf,
  type Ref,
} from "nix-ast";
import { builtins, ifNull, lib, mkIf, module, nonNull, option, optionRefs, types } from "nix-ast/nixos";

// ---------------------------------------------------------------------------------------------
// Builders propagate kinds.

const two: ExprOf<"int"> = add(int(1), int(1));
const half: ExprOf<"float"> = add(int(1), float(0.5));
const greeting: ExprOf<"string"> = add(str`hello`, " world");
const file: ExprOf<"path"> = add(path`./src`, "/main.nix");
const both: ExprOf<"list"> = concat(list(1), [2]);
const merged: ExprOf<"attrs"> = update({ a: 1 }, attrs({ b: 2 }));
const same: ExprOf<"bool"> = and(eq(two, 2), not(false));
const chosen: ExprOf<"int"> = if_(same, two, 3);
const picked: ExprOf<"string"> = select({ name: str`x`, port: int(80) }, "name");
const guarded: ExprOf<"int"> = assert_(same, two);
// Unknown stays any, and compiles as before.
const unknown: ExprOf<"int"> = add(ref("x"), 1);
const loose = if_(ref("cond"), ref("a"), "b");
str`${ref("pkgs.hello")}/bin/hello ${loose} ${8080}`;

// @ts-expect-error -- is not assignable to type 'ExprOf<"string">'
const notAString: ExprOf<"string"> = add(int(1), int(2));
// @ts-expect-error -- a Nix int does not interpolate into a string: convert it with builtins.toString
str`--port ${two}`;
// @ts-expect-error -- a Nix float does not interpolate into a string
ind`ratio = ${half}`;
// @ts-expect-error -- a Nix bool does not interpolate into a string: convert it with builtins.toString (or lib.boolToString
str`enabled=${same}`;
// @ts-expect-error -- a Nix list does not interpolate into a string
str`${both}`;
// @ts-expect-error -- a Nix attrs does not interpolate into a string
str`${merged}`;
// @ts-expect-error -- a Nix function does not interpolate into a string
str`${fn("x", (x) => x)}`;
// @ts-expect-error -- a Nix int does not interpolate into a string
str`--port ${ref<"int">("cfg.port")}`;
// @ts-expect-error -- not assignable to parameter of type 'Cond'
if_(two, 1, 2);
// @ts-expect-error -- not assignable to parameter of type 'Cond'
assert_(str`yes`, 1);
// @ts-expect-error -- not assignable to parameter of type 'Cond'
and(same, int(0));

// ---------------------------------------------------------------------------------------------
// cfg follows the declared options.

const demo = module({
  let: { cfg: ref("config.services.demo") },
  options: {
    services: {
      demo: {
        enable: option({ type: types.bool, default: false }),
        package: option({ type: types.package }),
        port: option({ type: types.port, default: 8080 }),
        name: option({ type: types.str, default: "demo" }),
        address: option({ type: types.nullOr(types.str), default: null }),
        dataDir: option({ type: types.path, default: "/var/lib/demo" }),
        hosts: option({ type: types.listOf(types.str), default: [] }),
        sites: option({
          type: types.attrsOf(types.submodule({ root: option({ type: types.str }), port: option({ type: types.port, default: 80 }) })),
          default: {},
        }),
        settings: option({ type: types.submodule({ LEVEL: option({ type: types.str, default: "info" }) }, { freeformType: types.anything }), default: {} }),
      },
    },
  },
}).withConfig(({ cfg }) => {
  // Positive: what the examples write.
  const port: Ref<"int"> = cfg.port;
  const pkg: Ref<"derivation"> = cfg.package;
  const hosts: Ref<"list"> = cfg.hosts;
  const sitePort: Ref<"int"> | undefined = cfg.sites["www"]?.port;
  const level: Ref<"string"> = cfg.settings.LEVEL;
  const free: Ref = cfg.settings["anyKey"]!;
  const exec = str`${cfg.package}/bin/demo --port ${builtins.toString(cfg.port)} --name ${cfg.name} --data ${cfg.dataDir}`;
  const bind = str`${ifNull(cfg.address, "0.0.0.0")}:${builtins.toString(cfg.port)}`;
  const orLocal = if_(eq(cfg.address, null), "localhost", nonNull(cfg.address));
  const joined: Ref<"string"> = lib.concatStringsSep(",", cfg.hosts);
  const count: Ref<"int"> = builtins.length(cfg.hosts);
  lib.optionalString(cfg.enable, str`--name ${cfg.name} --hosts ${joined}`);
  mkIf(lib.hasPrefix("/var", cfg.dataDir), {});

  // @ts-expect-error -- a Nix int does not interpolate into a string: convert it with builtins.toString
  str`${cfg.package}/bin/demo --port ${cfg.port}`;
  // @ts-expect-error -- a Nix null does not interpolate into a string: test for null first
  str`${cfg.address}`;
  // @ts-expect-error -- Property 'prot' does not exist
  void cfg.prot;
  // @ts-expect-error -- Property 'prot' does not exist
  void cfg.sites["www"]?.prot;
  // @ts-expect-error -- not assignable to parameter of type 'Cond'
  mkIf(cfg.port, {});
  // @ts-expect-error -- not assignable to parameter of type 'Cond'
  if_(cfg.name, 1, 2);
  // @ts-expect-error -- not assignable to parameter of type 'Bool'
  lib.optional(cfg.port, "x");
  // @ts-expect-error -- not assignable to parameter of type 'Bool'
  lib.optionals(cfg.hosts, ["x"]);
  // @ts-expect-error -- not assignable to parameter of type 'Bool'
  lib.optionalString(cfg.name, "x");
  // @ts-expect-error -- not assignable to parameter of type 'Bool'
  lib.optionalAttrs(cfg.sites, { a: 1 });
  // @ts-expect-error -- not assignable to parameter of type 'Str'
  lib.concatStringsSep(cfg.port, cfg.hosts);
  // @ts-expect-error -- not assignable to parameter of type 'List<Str>'
  lib.concatStringsSep(",", cfg.name);
  // @ts-expect-error -- Expected 2 arguments, but got 1
  lib.genAttrs(cfg.hosts);
  // @ts-expect-error -- a Nix int does not interpolate into a string: convert it with builtins.toString
  str`${count} hosts`;
  // @ts-expect-error -- not assignable to parameter of type 'Cond'
  mkIf(lib.toUpper(cfg.name), {});

  return mkIf(cfg.enable, {
    systemd: { services: { demo: { serviceConfig: { ExecStart: exec } } } },
    networking: { firewall: { allowedTCPPorts: [cfg.port] } },
    environment: { etc: { demo: { text: bind } } },
    values: [port, pkg, hosts, sitePort ?? 0, level, free, orLocal],
  });
});

// Typed references from an option tree elsewhere (a lambda's parameter, a let binding).
const instance = { port: option({ type: types.port, default: 80 }), user: option({ type: types.str, default: "demo" }) };
const i = optionRefs("i", instance);
const userPort = str`${i.user}:${builtins.toString(i.port)}`;
// @ts-expect-error -- a Nix int does not interpolate into a string
str`${i.port}`;
// @ts-expect-error -- Property 'group' does not exist
void i.group;
const perInstance = fn("i", (r) => optionRefs<typeof instance>(r).user);

export { both, chosen, demo, file, greeting, guarded, half, merged, notAString, perInstance, picked, unknown, userPort };
