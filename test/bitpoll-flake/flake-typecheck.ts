/**
 * Compile-time tests of `BitpollFlake.withModule`, checked by `tsc -p
 * test/bitpoll-flake/flake-tsconfig.json` (run from api.test.ts). Every `@ts-expect-error` line
 * must be an error, so losing the module's types fails the check.
 */
// nix-ast through its package entry, as bitpoll-flake's sources see it (one `Option` brand).
import { option, types, type ConfigOf } from "nix-ast/nixos";
import { bitpollFlake } from "../../packages/bitpoll-flake/src/index.js";

// EXPERIENCE.md sketch 2: typed defaults and an extra option.
export const sketch = bitpollFlake().withModule((m) =>
  m
    .setDefault("services.bitpoll.workers", 4)
    .addOption("services.bitpoll.motd", option({ type: types.str, default: "", description: "Message of the day." })),
);

// @ts-expect-error workers is a positive integer, not a string
bitpollFlake().withModule((m) => m.setDefault("services.bitpoll.workers", "four"));
// @ts-expect-error no such option
bitpollFlake().withModule((m) => m.setDefault("services.bitpoll.wokrers", 4));
bitpollFlake().withModule((m) => m.setDefault("services.bitpoll.database.type", "postgresql"));

// The added option is typed in later customisations too.
sketch.withModule((m) => m.setDefault("services.bitpoll.motd", "Welcome"));
// @ts-expect-error motd is a string
sketch.withModule((m) => m.setDefault("services.bitpoll.motd", 1));

// The configuration the customised module accepts is inferred as well.
type Cfg = ConfigOf<typeof sketch.state.module.module.options>;
export const cfg: Cfg = { services: { bitpoll: { enable: true, workers: 8, motd: "hi" } } };
// @ts-expect-error workers must be a number
export const badCfg: Cfg = { services: { bitpoll: { workers: "8" } } };
