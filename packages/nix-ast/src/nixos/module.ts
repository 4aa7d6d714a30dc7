/**
 * NixOS modules as immutable values: imports, an option tree, `config` blocks, `let` bindings and
 * the module's arguments, rendered as `{ config, lib, pkgs, ... }: let … in { imports = …;
 * options = …; config = …; }`. Every customisation returns a new module.
 *
 * @module
 */
import type { Expr } from "../ast/nodes.js";
import {
  attrs,
  call,
  formals,
  fn,
  let_,
  list,
  ref,
  toExpr,
  unref,
  type Cond,
  type Nixable,
  type NixableValue,
  type Ref,
  type RefProp,
} from "../builders/index.js";
import { NixBuildError } from "../errors.js";
import { renderDocs, type DocsOptions } from "./docs.js";
import { mkIf } from "./lib.js";
import {
  configSchema,
  isOption,
  nodeAt,
  option,
  optionEntries,
  renderTree,
  splitPath,
  updateAt,
  type AnyOption,
  type ConfigDefs,
  type ConfigOf,
  type Defn,
  type Nest,
  type Option,
  type OptionSpec,
  type OptionTree,
  type PathOf,
  type RemoveAt,
  type ResolvedOf,
  type ValueAt,
  type WithDefaultAt,
} from "./options.js";
import { printNix } from "./print.js";
import type { CfgOf } from "./refs.js";
import { fromDef, type AnyType, type TypeDef } from "./types.js";
import { compressAttrs } from "./util.js";
import type { z } from "zod";

/**
 * References to the module arguments and `let` names, handed to config-block functions: `config`,
 * `lib` and `pkgs` are `Ref`; `cfg` follows the options the module declares ({@link CfgOf}:
 * `cfg.port` of a `types.port` option is an int reference, `cfg.prot` a compile error), or is a
 * `Ref` when it declares none; any other name is a {@link RefProp} (a `Ref`, or `any` under
 * `noUncheckedIndexedAccess`).
 */
export type ModuleContext<Tr extends OptionTree = OptionTree> = {
  readonly config: Ref;
  readonly lib: Ref;
  readonly pkgs: Ref;
  readonly cfg: CfgOf<Tr>;
} & { readonly [name: string]: RefProp };

/**
 * A `config` block: an expression or object of definitions, or a function of the context (the
 * only function type here, so TypeScript types its parameter).
 */
export type ConfigBlock<Tr extends OptionTree = OptionTree> = NixableValue | ((ctx: ModuleContext<Tr>) => Nixable);

/** What {@link module} takes. */
export interface ModuleSpec<Tr extends OptionTree> {
  /** Module arguments (a `...` is always added); default `["config", "lib", "pkgs"]`. */
  readonly args?: readonly string[];
  /** `let` bindings before the module body, e.g. `{ cfg: config.services.x }`. */
  readonly let?: { readonly [name: string]: Nixable };
  readonly imports?: readonly Nixable[];
  readonly options?: Tr;
  /** One block or several (merged with `lib.mkMerge`). */
  readonly config?: ConfigBlock<Tr> | readonly ConfigBlock<Tr>[];
}

interface ModuleState {
  readonly args: readonly string[];
  readonly lets: readonly (readonly [string, Expr])[];
  readonly imports: readonly Expr[];
  readonly options: OptionTree;
  readonly config: readonly Expr[];
}

const DEFAULT_ARGS = ["config", "lib", "pkgs"] as const;

function context<Tr extends OptionTree>(lets: readonly (readonly [string, Expr])[], args: readonly string[]): ModuleContext<Tr> {
  const ctx: Record<string, Ref> = {};
  for (const a of args) ctx[a] = ref(a);
  for (const [n] of lets) ctx[n] = ref(n);
  return new Proxy(ctx, {
    get(target, prop) {
      if (typeof prop !== "string") return undefined;
      return target[prop] ?? ref(prop);
    },
  }) as unknown as ModuleContext<Tr>;
}

function blockExpr<Tr extends OptionTree>(b: ConfigBlock<Tr>, ctx: ModuleContext<Tr>): Expr {
  const v = typeof b === "function" && !isRefLike(b) ? (b as (c: ModuleContext<Tr>) => Nixable)(ctx) : (b as Nixable);
  return compressAttrs(toExpr(v));
}

function isRefLike(v: unknown): boolean {
  try {
    return typeof v === "function" && unref(v as Ref) !== undefined;
  } catch {
    return false;
  }
}

/**
 * A NixOS module value. `Tr` is its option tree's type, from which the accepted configuration is
 * inferred ({@link ConfigOf}). Instances are immutable; every method returns a new module.
 */
export class NixosModule<Tr extends OptionTree = OptionTree> {
  /** @internal */
  readonly #s: ModuleState;

  /** @internal Use {@link module}. */
  constructor(state: ModuleState) {
    this.#s = Object.freeze({ ...state });
    Object.freeze(this);
  }

  /** The option tree. */
  get options(): Tr {
    return this.#s.options as Tr;
  }
  /** The module's arguments (without `...`). */
  get args(): readonly string[] {
    return this.#s.args;
  }
  /** The `imports` expressions. */
  get imports(): readonly Expr[] {
    return this.#s.imports;
  }
  /** The `config` blocks, as expressions. */
  get configBlocks(): readonly Expr[] {
    return this.#s.config;
  }
  /** The `let` bindings. */
  get lets(): readonly (readonly [string, Expr])[] {
    return this.#s.lets;
  }

  #with<U extends OptionTree = Tr>(patch: Partial<ModuleState>): NixosModule<U> {
    return new NixosModule<U>({ ...this.#s, ...patch });
  }

  #optionAt(path: readonly string[]): AnyOption {
    const node = nodeAt(this.#s.options, path);
    if (node === undefined || !isOption(node)) throw new NixBuildError(`no option ${path.join(".")} in this module`, path);
    return node;
  }

  /**
   * A module where the option at `path` has a new default (a value of its type or a Nix
   * expression); the value is checked against the type's zod schema.
   */
  setDefault<P extends PathOf<Tr>>(path: P, value: Defn<ValueAt<Tr, NoInfer<P>>>): NixosModule<WithDefaultAt<Tr, P>> {
    const segs = splitPath(path);
    const old = this.#optionAt(segs);
    return this.#with({ options: updateAt(this.#s.options, segs, () => withDefault(old, value)) });
  }

  /** A module where the option at `path` is changed by `patch` (description, example, flags). */
  updateOption<P extends PathOf<Tr>>(
    path: P,
    patch: Omit<OptionSpec<ValueAt<Tr, NoInfer<P>>, unknown>, "type" | "default">,
  ): NixosModule<Tr> {
    const segs = splitPath(path);
    const old = this.#optionAt(segs);
    const fields: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined) continue;
      fields[k] = k === "description" || typeof v === "boolean" || v === "shallow" ? v : toExpr(v as Nixable);
    }
    return this.#with({ options: updateAt(this.#s.options, segs, () => Object.freeze({ ...old, ...fields }) as AnyOption) });
  }

  /** A module with one more option at `path` (an error if something is already there). */
  addOption<P extends string, O extends AnyOption>(path: P, opt: O): NixosModule<Tr & Nest<P, O>> {
    const segs = splitPath(path);
    if (nodeAt(this.#s.options, segs) !== undefined) throw new NixBuildError(`option ${path} already exists`, path);
    return this.#with({ options: updateAt(this.#s.options, segs, () => opt) });
  }

  /** A module without the option (or option group) at `path`. */
  removeOption<P extends PathOf<Tr>>(path: P): NixosModule<RemoveAt<Tr, P>> {
    const segs = splitPath(path);
    this.#optionAt(segs);
    return this.#with({ options: updateAt(this.#s.options, segs, () => undefined) });
  }

  /**
   * A module where the submodule type of the option at `path` (a `submodule`, or one inside
   * `attrsOf`/`listOf`/`nullOr`) has extra options. Pass a function to use the entry's `name`.
   */
  extendSubmodule<P extends PathOf<Tr>>(path: P, extra: OptionTree | ((name: Ref) => OptionTree)): NixosModule<Tr> {
    const segs = splitPath(path);
    const old = this.#optionAt(segs);
    const type = extendType(old.type, extra, path);
    return this.#with({ options: updateAt(this.#s.options, segs, () => Object.freeze({ ...old, type }) as AnyOption) });
  }

  /** A module with one more `config` block; with `when`, it is wrapped in `lib.mkIf when`. */
  withConfig(block: ConfigBlock<Tr>, opts: { readonly when?: Cond } = {}): NixosModule<Tr> {
    const ctx = context<Tr>(this.#s.lets, this.#s.args);
    let e = blockExpr(block, ctx);
    if (opts.when !== undefined) e = mkIf(opts.when, e);
    return this.#with({ config: [...this.#s.config, e] });
  }

  /** A typed `config` block for this module's own options (paths and value types are checked). */
  define(defs: ConfigDefs<Tr>, opts: { readonly when?: Cond } = {}): NixosModule<Tr> {
    return this.withConfig(defs as NixableValue, opts);
  }

  /** A module with more `let` bindings (usable by later config blocks through the context). */
  withLet(bindings: { readonly [name: string]: Nixable }): NixosModule<Tr> {
    const lets = [...this.#s.lets];
    for (const [k, v] of Object.entries(bindings)) {
      if (lets.some(([n]) => n === k)) throw new NixBuildError(`let binding ${k} already exists`, k);
      lets.push([k, toExpr(v)]);
    }
    return this.#with({ lets });
  }

  /** A module with more imports. */
  withImports(...imports: readonly Nixable[]): NixosModule<Tr> {
    return this.#with({ imports: [...this.#s.imports, ...imports.map((i) => toExpr(i))] });
  }

  /** A module with more arguments (e.g. `utils`). */
  withArgs(...args: readonly string[]): NixosModule<Tr> {
    return this.#with({ args: [...new Set([...this.#s.args, ...args])] });
  }

  /**
   * This module and `other` as one: imports, options (an option declared in both is an error),
   * config blocks, `let` bindings (equal names must be equal) and arguments are combined.
   */
  merge<U extends OptionTree>(other: NixosModule<U>): NixosModule<Tr & U> {
    let options = this.#s.options;
    for (const [p, o] of optionEntries(other.options)) {
      if (nodeAt(options, p) !== undefined) throw new NixBuildError(`option ${p.join(".")} is declared by both modules`, p);
      options = updateAt(options, p, () => o);
    }
    const lets = [...this.#s.lets];
    for (const [k, v] of other.lets) {
      const mine = lets.find(([n]) => n === k);
      if (mine && JSON.stringify(mine[1], bigintReplacer) !== JSON.stringify(v, bigintReplacer)) {
        throw new NixBuildError(`let binding ${k} differs between the modules`, k);
      }
      if (!mine) lets.push([k, v]);
    }
    return new NixosModule<Tr & U>({
      args: [...new Set([...this.#s.args, ...other.args])],
      lets,
      imports: [...this.#s.imports, ...other.imports],
      options,
      config: [...this.#s.config, ...other.configBlocks],
    });
  }

  /**
   * A module that imports `target` (this module by default) and defines `defs`: typed
   * configuration of this module's options from elsewhere, e.g. a host configuration.
   */
  configure(defs: ConfigDefs<Tr>, opts: { readonly import?: Nixable | false } = {}): NixosModule<{}> {
    const imp = opts.import === false ? [] : [opts.import === undefined ? this.toExpr() : toExpr(opts.import)];
    return module({ args: [], imports: imp, config: defs as NixableValue });
  }

  /** The zod schema of this module's configuration; see {@link configSchema}. */
  schema(): z.ZodType<ResolvedOf<Tr>, ConfigOf<Tr>> {
    return configSchema(this.options);
  }

  /** The module as a Nix expression (a function of its arguments). */
  toExpr(): Expr {
    const s = this.#s;
    const body: Record<string, Nixable> = {};
    if (s.imports.length > 0) body.imports = list(...s.imports);
    if (Object.keys(s.options).length > 0) body.options = renderTree(s.options);
    if (s.config.length === 1) body.config = s.config[0]!;
    else if (s.config.length > 1) body.config = call(unref(ref("lib.mkMerge")), list(...s.config));
    let e: Expr = compressAttrs(attrs(body));
    if (s.lets.length > 0) e = let_(s.lets.map(([n, v]) => ({ type: "Assign" as const, path: [n] as [string], value: v })), e);
    const spec: Record<string, true> = {};
    for (const a of s.args) spec[a] = true;
    return fn(formals(spec, { ellipsis: true }), e);
  }

  /** The module as Nix source (RFC 166 style, through the nix-ast printer). */
  render(opts: { readonly width?: number } = {}): string {
    return printNix(this.toExpr(), opts);
  }

  /** The options as a Markdown reference, like the NixOS manual; see {@link renderDocs}. */
  docs(opts: DocsOptions = {}): string {
    return renderDocs(this.options, opts);
  }
}

function bigintReplacer(_k: string, v: unknown): unknown {
  return typeof v === "bigint" ? `${v}n` : v;
}

function withDefault(old: AnyOption, value: unknown): AnyOption {
  const fresh = option({ type: old.type, default: value as Defn<unknown> });
  const { defaultText: _dt, ...rest } = old;
  return Object.freeze({ ...rest, default: fresh.default!, builder: rebuilder(old) }) as AnyOption;
}

/** A changed enable/package option can no longer be written with its shorthand. */
function rebuilder(old: AnyOption): AnyOption["builder"] {
  return { kind: "mkOption" };
}

function extendType(t: AnyType, extra: OptionTree | ((name: Ref) => OptionTree), path: string): AnyType {
  const d: TypeDef = t.def;
  switch (d.kind) {
    case "submodule": {
      const add = typeof extra === "function" ? extra(ref("name")) : extra;
      let options = d.options;
      for (const [p, o] of optionEntries(add)) {
        if (nodeAt(options, p) !== undefined) throw new NixBuildError(`submodule option ${p.join(".")} already exists`, p);
        options = updateAt(options, p, () => o);
      }
      return fromDef({ ...d, options, nameArg: d.nameArg || typeof extra === "function" });
    }
    case "listOf":
    case "attrsOf":
    case "nullOr":
      return fromDef({ ...d, elem: extendType(d.elem, extra, path) });
    default:
      throw new NixBuildError(`option ${path} has no submodule type (it is a ${t.description})`, path);
  }
}

/** Builds a module value. */
export function module<const Tr extends OptionTree = {}>(spec: ModuleSpec<Tr> = {}): NixosModule<Tr> {
  const args = spec.args ?? DEFAULT_ARGS;
  const lets = Object.entries(spec.let ?? {}).map(([k, v]) => [k, toExpr(v)] as const);
  const ctx = context<Tr>(lets, args);
  const blocks: readonly ConfigBlock<Tr>[] =
    spec.config === undefined ? [] : Array.isArray(spec.config) ? (spec.config as readonly ConfigBlock<Tr>[]) : [spec.config as ConfigBlock<Tr>];
  return new NixosModule<Tr>({
    args,
    lets,
    imports: (spec.imports ?? []).map((i) => toExpr(i)),
    options: spec.options ?? ({} as Tr),
    config: blocks.map((b) => blockExpr(b, ctx)),
  });
}

/** Several modules as one (see {@link NixosModule.merge}). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function mergeModules<Ms extends readonly NixosModule<any>[]>(
  ...modules: Ms
): NixosModule<UnionToIntersection<TreeOf<Ms[number]>> & OptionTree> {
  return modules.reduce<NixosModule<OptionTree>>((acc, m) => acc.merge(m), module({ args: [] })) as unknown as NixosModule<
    UnionToIntersection<TreeOf<Ms[number]>> & OptionTree
  >;
}

/** The option tree type of a module. */
export type TreeOf<M> = M extends NixosModule<infer Tr> ? Tr : never;

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** Re-exported for convenience. */
export type { Option };
