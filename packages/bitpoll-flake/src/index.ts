/**
 * bitpoll-flake: a complete, idiomatic Nix flake for the Django poll app Bitpoll, as a TypeScript
 * value built with nix-ast.
 *
 * ```ts
 * import { bitpollFlake } from "bitpoll-flake";
 *
 * const flake = bitpollFlake()
 *   .withNixpkgs("github:NixOS/nixpkgs/nixos-unstable")
 *   .withPythonPackages((ps) => [ps["django-prometheus"]!])
 *   .withPin("bitpoll", { hash: "sha256-…" });
 * flake.write("./bitpoll-nix");
 * ```
 *
 * Every method returns a new value; none changes the one it is called on.
 *
 * @packageDocumentation
 */
import type { Expr } from "nix-ast";
import type { NixosModule, OptionTree } from "nix-ast/nixos";
import { parseConfig, type BitpollPinPatch, type Config, type PythonPinPatch } from "./config.js";
import { generateTree, type GeneratedTree, type NixFilePath } from "./files.js";
import { DEFAULT_SYSTEMS } from "./flake.js";
import { defaultModulePiece, renderModulePiece, type ModulePiece } from "./module-piece.js";
import type { BitpollOptionTree } from "./module/options.js";
import type { PythonPackagesFn, Server } from "./package.js";
import { BitpollPin, DEFAULT_PINS, PythonPin, deepFreeze, type Pins } from "./pins.js";
import { defaultFeatures } from "./module/features.js";
import { RECIPES, type Feature, type OverlayEntry, type PythonRecipe } from "./python/index.js";
import { writeTree, type WriteOptions, type WriteResult } from "./write.js";

export * from "./config.js";
export * from "./files.js";
export * from "./flake.js";
export * from "./module-piece.js";
export * from "./module/index.js";
export * from "./containers.js";
export * from "./package.js";
export * from "./pins.js";
export * from "./python/index.js";
export * from "./readme.js";
export { renderNix } from "./render.js";
export * from "./settings.js";
export * from "./write.js";

/** The immutable state behind a {@link BitpollFlake}; `Tr` is the NixOS module's option tree. */
export interface FlakeState<Tr extends OptionTree = BitpollOptionTree> {
  readonly pins: Pins;
  readonly systems: readonly string[];
  readonly server: Server;
  readonly features: Readonly<Record<Feature, boolean>>;
  readonly recipes: readonly PythonRecipe[];
  readonly extraPython: readonly PythonPackagesFn[];
  readonly module: ModulePiece<Tr>;
  readonly replacements: ReadonlyMap<string, Expr>;
}

/**
 * The package's default feature arguments: OpenID login and PostgreSQL on (upstream's production
 * set), the others off. The NixOS module overrides the package per instance with what it needs.
 */
export const DEFAULT_FEATURES: Readonly<Record<Feature, boolean>> = defaultFeatures();

function applyPythonPatch(pin: PythonPin, patch: PythonPinPatch): PythonPin {
  const version = patch.version ?? pin.version;
  // A new version or source invalidates the old hash unless a new one comes with it.
  let source = patch.source ?? pin.source;
  if (patch.source === undefined && version !== pin.version) source = { ...source, hash: null };
  if (patch.hash !== undefined) source = { ...source, hash: patch.hash };
  return PythonPin.parse({ version, source });
}

function applyBitpollPatch(pin: BitpollPin, patch: BitpollPinPatch): BitpollPin {
  const moved = (patch.version !== undefined && patch.version !== pin.version) || (patch.rev !== undefined && patch.rev !== pin.rev);
  const { hash, ...rest } = patch;
  return BitpollPin.parse({ ...pin, ...rest, hash: hash !== undefined ? hash : moved ? null : pin.hash });
}

/**
 * A Bitpoll flake: customise it with the `with…` methods, then {@link files} or {@link write}.
 * `Tr` is the option tree of its NixOS module, so module customisations stay typed.
 */
export class BitpollFlake<Tr extends OptionTree = BitpollOptionTree> {
  /** Use {@link bitpollFlake}. */
  constructor(readonly state: FlakeState<Tr>) {
    Object.freeze(this);
  }

  private with(patch: Partial<FlakeState<Tr>>): BitpollFlake<Tr> {
    return new BitpollFlake<Tr>(Object.freeze({ ...this.state, ...patch }));
  }

  /** Adds packages to Bitpoll's Python environment: `(ps) => [ps["django-prometheus"]!]`. */
  withPythonPackages(f: PythonPackagesFn): BitpollFlake<Tr> {
    return this.with({ extraPython: [...this.state.extraPython, f] });
  }

  /** Adds (or replaces) a package the overlay builds, and puts it in the environment. */
  withPythonPackage(recipe: PythonRecipe, pin: PythonPin): BitpollFlake<Tr> {
    const pins = { ...this.state.pins, python: { ...this.state.pins.python, [recipe.pname]: PythonPin.parse(pin) } };
    const recipes = [...this.state.recipes.filter((r) => r.pname !== recipe.pname), recipe];
    const known = new Set(this.state.recipes.map((r) => r.pname));
    const next = this.with({ pins, recipes });
    return known.has(recipe.pname) ? next : next.withPythonPackages((ps) => [ps[recipe.pname]!]);
  }

  /** Changes Bitpoll's pin (`"bitpoll"`) or a Python package's. A new version without a hash is unknown. */
  withPin(name: "bitpoll", patch: BitpollPinPatch): BitpollFlake<Tr>;
  withPin(name: string, patch: PythonPinPatch): BitpollFlake<Tr>;
  withPin(name: string, patch: BitpollPinPatch | PythonPinPatch): BitpollFlake<Tr> {
    const { pins } = this.state;
    if (name === "bitpoll") return this.with({ pins: { ...pins, bitpoll: applyBitpollPatch(pins.bitpoll, patch as BitpollPinPatch) } });
    const pin = pins.python[name];
    if (pin === undefined) throw new Error(`no pin named ${JSON.stringify(name)}; known: bitpoll, ${Object.keys(pins.python).join(", ")}`);
    return this.with({ pins: { ...pins, python: { ...pins.python, [name]: applyPythonPatch(pin, patch as PythonPinPatch) } } });
  }

  /** Points the nixpkgs input elsewhere (a flake reference). */
  withNixpkgs(url: string): BitpollFlake<Tr> {
    return this.with({ pins: { ...this.state.pins, nixpkgs: url } });
  }

  /** Sets the systems the flake provides outputs for. */
  withSystems(systems: readonly string[]): BitpollFlake<Tr> {
    if (systems.length === 0) throw new Error("a flake needs at least one system");
    return this.with({ systems: [...new Set(systems)] });
  }

  /** Chooses the WSGI server behind `bitpoll-server`. */
  withServer(server: Server): BitpollFlake<Tr> {
    return this.with({ server });
  }

  /** Turns optional features on or off (the defaults of the package's `with…` arguments). */
  withFeatures(features: Partial<Record<Feature, boolean>>): BitpollFlake<Tr> {
    return this.with({ features: { ...this.state.features, ...features } });
  }

  /**
   * Customises the NixOS module `services.bitpoll`: `f` gets the typed `NixosModule` and returns a
   * new one, e.g. `(m) => m.setDefault("services.bitpoll.workers", 4)` (a wrong value type or an
   * unknown option path is a compile error). `nix/module.nix` and the README's options reference
   * follow; changed per-instance options apply to the default instance and every named one.
   */
  withModule<U extends OptionTree>(f: (m: NixosModule<Tr>) => NixosModule<U>): BitpollFlake<U> {
    return new BitpollFlake<U>(Object.freeze({ ...this.state, module: { ...this.state.module, module: f(this.state.module.module) } }));
  }

  /** Transforms the rest of the NixOS piece: VM test, OCI image, example, options reference. */
  withModulePiece(f: (p: ModulePiece<Tr>) => ModulePiece<Tr>): BitpollFlake<Tr> {
    return this.with({ module: f(this.state.module) });
  }

  /** Replaces a whole Nix file with an expression of your own. */
  replace(path: NixFilePath, expr: Expr): BitpollFlake<Tr> {
    return this.with({ replacements: new Map([...this.state.replacements, [path, expr]]) });
  }

  /** The overlay entries: every recipe with its pin. */
  overlay(): OverlayEntry[] {
    return this.state.recipes.map((recipe) => {
      const pin = this.state.pins.python[recipe.pname];
      if (pin === undefined) throw new Error(`no pin for the Python package ${recipe.pname}`);
      return { recipe, pin };
    });
  }

  /** Every file of the flake, and the pins that still lack a hash. */
  files(): GeneratedTree {
    const s = this.state;
    return generateTree({
      pins: s.pins,
      systems: s.systems,
      overlay: this.overlay(),
      pkg: { server: s.server, features: s.features, extraPython: s.extraPython },
      module: renderModulePiece(s.module),
      replacements: s.replacements,
    });
  }

  /** Writes the files to `dir` (atomically, never over files it did not write unless `force`). */
  write(dir: string, options: WriteOptions = {}): WriteResult {
    return writeTree(dir, this.files(), options);
  }
}

/** The Bitpoll flake, from defaults and an optional configuration (validated; see {@link Config}). */
export function bitpollFlake(config: Config | unknown = {}): BitpollFlake {
  const c = parseConfig(config);
  let flake = new BitpollFlake(
    deepFreeze({
      pins: DEFAULT_PINS,
      systems: [...DEFAULT_SYSTEMS],
      server: "gunicorn",
      features: DEFAULT_FEATURES,
      recipes: RECIPES,
      extraPython: [],
      module: defaultModulePiece(),
      replacements: new Map(),
    } satisfies FlakeState),
  );
  if (c.nixpkgs !== undefined) flake = flake.withNixpkgs(c.nixpkgs);
  if (c.systems !== undefined) flake = flake.withSystems(c.systems);
  if (c.server !== undefined) flake = flake.withServer(c.server);
  if (c.features !== undefined) flake = flake.withFeatures(Object.fromEntries(Object.entries(c.features).filter(([, v]) => v !== undefined)));
  if (c.pins?.bitpoll !== undefined) flake = flake.withPin("bitpoll", c.pins.bitpoll);
  for (const [name, patch] of Object.entries(c.pins?.python ?? {})) if (patch !== undefined) flake = flake.withPin(name, patch);
  const extra = c.extraPythonPackages ?? [];
  if (extra.length > 0) flake = flake.withPythonPackages((ps) => extra.map((n) => ps[n]!));
  return flake;
}
