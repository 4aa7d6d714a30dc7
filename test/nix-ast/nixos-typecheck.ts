/**
 * Compile-time tests of nix-ast/nixos, checked by `tsc -p test/nix-ast/nixos-tsconfig.json`
 * (run from nixos-types.test.ts). Every `@ts-expect-error` line must be an error, so wrong
 * inference fails the check.
 */
import { ref } from "../../packages/nix-ast/src/index.js";
import {
  configSchema,
  mkDefault,
  mkEnableOption,
  module,
  option,
  optionsFromZod,
  types,
  type ConfigOf,
  type PathOf,
  type ResolvedOf,
  type ValueAt,
} from "../../packages/nix-ast/src/nixos/index.js";
import { z } from "zod";

const m = module({
  options: {
    services: {
      bitpoll: {
        enable: mkEnableOption("Bitpoll"),
        port: option({ type: types.port, default: 8000 }),
        workers: option({ type: types.ints.positive, default: 2 }),
        secretKeyFile: option({ type: types.path }),
        level: option({ type: types.enum(["debug", "info"]), default: "info" }),
        hosts: option({ type: types.listOf(types.str) }),
        instances: option({
          type: types.attrsOf(types.submodule((name) => ({ host: option({ type: types.str, default: name }), n: option({ type: types.int }) }))),
          default: {},
        }),
      },
    },
  },
});
type Tree = typeof m.options;
type Cfg = ConfigOf<Tree>;

export const ok: Cfg = { services: { bitpoll: { secretKeyFile: "/run/k", port: 80, level: "debug" } } };
// @ts-expect-error a string is not a port
export const badPort: Cfg = { services: { bitpoll: { secretKeyFile: "/run/k", port: "x" } } };
// @ts-expect-error secretKeyFile has no default: it is required
export const missing: Cfg = { services: { bitpoll: {} } };
// @ts-expect-error not an enum member
export const badEnum: Cfg = { services: { bitpoll: { secretKeyFile: "/k", level: "trace" } } };
// @ts-expect-error submodule entries check their fields
export const badSub: Cfg = { services: { bitpoll: { secretKeyFile: "/k", instances: { a: { n: "1" } } } } };
// hosts (listOf) may stay undefined: Nix gives []
export const noHosts: Cfg = { services: { bitpoll: { secretKeyFile: "/k" } } };

export const m2 = m.setDefault("services.bitpoll.workers", 4);
// @ts-expect-error "four" is not an int
m.setDefault("services.bitpoll.workers", "four");
// @ts-expect-error no such option
m.setDefault("services.bitpoll.nope", 4);
// Nix expressions are accepted as definitions.
m.setDefault("services.bitpoll.workers", mkDefault(ref("config.x")));

const m3 = m.addOption("services.bitpoll.motd", option({ type: types.str, default: "", description: "…" }));
export const withMotd: ConfigOf<typeof m3.options> = { services: { bitpoll: { secretKeyFile: "/k", motd: "hi" } } };
// @ts-expect-error motd is a string
export const badMotd: ConfigOf<typeof m3.options> = { services: { bitpoll: { secretKeyFile: "/k", motd: 1 } } };
const m4 = m3.removeOption("services.bitpoll.port");
// @ts-expect-error port was removed
m4.setDefault("services.bitpoll.port", 1);

m.define({ services: { bitpoll: { port: 1 } } });
// @ts-expect-error typed config block
m.define({ services: { bitpoll: { port: "1" } } });

type Paths = PathOf<Tree>;
export const p: Paths = "services.bitpoll.instances";
// @ts-expect-error not a path
export const q: Paths = "services.bitpoll";
export const v: ValueAt<Tree, "services.bitpoll.port"> = 1;

type Resolved = ResolvedOf<Tree>;
export const port: number = ({} as Resolved).services.bitpoll.port;
export const inst: string = ({} as Resolved).services.bitpoll.instances["a"]!.host;

const zs = z.object({ name: z.string(), port: z.int().min(0).max(65535).default(80), tags: z.array(z.string()).optional(), db: z.object({ host: z.string() }) });
const zt = optionsFromZod(zs);
export const zc: ConfigOf<typeof zt> = { name: "a", db: { host: "h" } };
// @ts-expect-error port is a number
export const zbad: ConfigOf<typeof zt> = { name: "a", port: "80", db: { host: "h" } };
export const parsed: number = configSchema(zt).parse({}).port;
