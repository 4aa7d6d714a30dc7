/**
 * Shared harness of the nix-ast/nixos tests: evaluates emitted modules with the real
 * `lib.evalModules` (nixpkgs' library, found through `NIXPKGS_LIB` or `<repo>/.cache/nixpkgs.lib/lib`)
 * under `nix-instantiate --eval --strict --json`, many cases per process.
 *
 * `pkgs` is not part of nixpkgs' lib: modules get a stand-in `pkgs` through `specialArgs` whose
 * `formats.*` return the same value types nixpkgs' formats use (`lib.types.json`, `lib.types.toml`,
 * INI atoms), and a few fake derivations for package options.
 */
import { print, type Expr } from "nix-ast";
import type { NixosModule, OptionTree } from "nix-ast/nixos";
import { evalNixBatchSettled, nixpkgsLib } from "nix-ast/testing";
import { requireNix, requireResource } from "../require-tool.js";

/** The library folder, or undefined (then suites skip with a visible notice). */
export const LIB: string | undefined = nixpkgsLib();

/**
 * Whether `suite` can run, by the rule of test/require-tool.ts: a missing `nix-instantiate` skips
 * visibly (fails under CI=true); a missing nixpkgs lib skips visibly, naming the suite.
 */
export function haveLib(suite: string): boolean {
  return (
    requireNix(suite) &&
    requireResource(
      "nixpkgs' lib",
      LIB === undefined ? undefined : `${LIB}/default.nix`,
      suite,
      "set NIXPKGS_LIB or extract it to <repo>/.cache/nixpkgs.lib/lib",
    )
  );
}

const PKGS = `
  let
    t = lib.types;
    atom = t.nullOr (t.oneOf [ t.bool t.int t.float t.str ]);
    drv = name: { type = "derivation"; inherit name; outPath = "/nix/store/00000000000000000000000000000000-\${name}"; };
  in {
    formats = {
      json = { }: { type = t.json; };
      yaml = { }: { type = t.json; };
      toml = { }: { type = t.toml; };
      ini = { }: { type = t.attrsOf (t.attrsOf atom); };
      keyValue = { }: { type = t.attrsOf atom; };
    };
    hello = drv "hello";
    bitpoll = drv "bitpoll";
    python3Packages.gunicorn = drv "gunicorn";
  }`;

/** The outcome of one evaluation: the config (without `_module`) or a rejection. */
export type Outcome = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string };

/** A case: modules (values or expressions); `select` picks a part of the config (dotted). */
export interface EvalCase {
  readonly modules: readonly (NixosModule<OptionTree> | Expr)[];
  readonly select?: string;
}

function caseSource(c: EvalCase): string {
  const mods = c.modules.map((m) => `(${print("toExpr" in m ? m.toExpr() : m).trim()})`).join("\n");
  const sel = c.select ? `.${c.select}` : "";
  return `let
  lib = import ${LIB};
  pkgs = ${PKGS};
  cfg = builtins.removeAttrs (lib.evalModules { specialArgs = { inherit pkgs; }; modules = [ ${mods} ]; }).config [ "_module" ];
  v = cfg${sel};
  r = builtins.tryEval (builtins.deepSeq v v);
in if r.success then { ok = true; value = r.value; } else { ok = false; }`;
}

/** Evaluates many cases in one `nix-instantiate` process (uncatchable errors are bisected). */
export async function evalModules(cases: readonly EvalCase[]): Promise<Outcome[]> {
  const settled = await evalNixBatchSettled(cases.map(caseSource));
  return settled.map((s) =>
    s.ok
      ? (s.value as { ok: boolean; value?: unknown }).ok
        ? { ok: true, value: (s.value as { value: unknown }).value }
        : { ok: false, error: "rejected (tryEval)" }
      : { ok: false, error: s.error.stderr },
  );
}

/** The Nix source of a case (for debugging a failure). */
export const sourceOf = caseSource;
