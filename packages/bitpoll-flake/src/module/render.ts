/**
 * Renders the `services.bitpoll` module with its per-instance options declared once.
 *
 * The TypeScript option tree keeps two concrete copies of the instance options (at
 * `services.bitpoll.*` for the default instance, and inside the `instances.<name>` submodule):
 * that is what makes `setDefault("services.bitpoll.workers", 4)` typed, and what the Markdown
 * reference lists. `NixosModule.render()` prints both copies in full. The Nix file shares them
 * instead, the way a hand-written nixpkgs module would:
 *
 * ```nix
 * let
 *   instanceOptions = unit: { user = lib.mkOption { …; default = unit; }; … };
 * in
 * {
 *   options.services.bitpoll = instanceOptions "bitpoll" // {
 *     enable = …; package = …;
 *     instances = lib.mkOption {
 *       type = lib.types.attrsOf (lib.types.submodule ({ name, ... }: {
 *         options = { enable = …; } // instanceOptions "bitpoll-${name}";
 *       }));
 *     };
 *   };
 * }
 * ```
 *
 * Customisations made on the TypeScript side land in the shared declaration: a per-instance option
 * changed or added under `services.bitpoll` (`setDefault`, `updateOption`, `addOption`) is declared
 * for the default instance and for every `instances.<name>` alike (there is one declaration);
 * options added to the `instances` submodule itself (`extendSubmodule`) stay named-instance only.
 *
 * @module
 */
import { attrs, call, fn, formals, let_, list, ref, str, toExpr, unref, update, variable, type Binding, type Expr, type Nixable } from "nix-ast";
import {
  compressAttrs,
  isOption,
  nodeAt,
  optionEntries,
  printNix,
  renderOption,
  types,
  updateAt,
  type AnyOption,
  type NixosModule,
  type OptionTree,
  type TypeDef,
} from "nix-ast/nixos";
import { DEFAULT_UNIT } from "./contract.js";
import { instanceOptions } from "./options.js";

/** The `let` name of the shared per-instance options function. */
export const INSTANCE_OPTIONS_FN = "instanceOptions";

/** Options of `services.bitpoll` that only the top level has (not per instance). */
const TOP_ONLY = new Set(["enable", "package", "instances"]);

/** Two options are the same declaration when they render to the same Nix. */
function sameOption(a: AnyOption, b: AnyOption): boolean {
  return JSON.stringify(renderOption(a), bigints) === JSON.stringify(renderOption(b), bigints);
}

function bigints(_k: string, v: unknown): unknown {
  return typeof v === "bigint" ? `${v}n` : v;
}

/** An option tree as an attribute set of `lib.mkOption` calls (like `renderTree`, uncompressed). */
function treeObject(tree: OptionTree): Record<string, Nixable> {
  const out: Record<string, Nixable> = {};
  for (const [k, v] of Object.entries(tree)) out[k] = isOption(v) ? renderOption(v) : treeObject(v);
  return out;
}

/**
 * The per-instance declarations as one tree over the Nix variable `unit`: pristine options come
 * from {@link instanceOptions} over `unit`; options the module changed or added under
 * `services.bitpoll` are taken as they are in the module.
 */
function sharedTree(top: OptionTree): OptionTree {
  const unit = variable("unit");
  const abstract: OptionTree = instanceOptions({ unit, unitText: unit });
  const pristine: OptionTree = instanceOptions({ unit: DEFAULT_UNIT, unitText: DEFAULT_UNIT });
  let shared: OptionTree = {};
  for (const [path, opt] of optionEntries(top)) {
    if (TOP_ONLY.has(path[0]!)) continue;
    const before = nodeAt(pristine, path);
    const generic = nodeAt(abstract, path);
    const keep = before !== undefined && isOption(before) && generic !== undefined && isOption(generic) && sameOption(before, opt);
    shared = updateAt(shared, path, () => (keep ? generic : opt));
  }
  return shared;
}

/** `instanceOptions <unit>`. */
const instanceOptionsOf = (unit: Nixable): Expr => call(ref(INSTANCE_OPTIONS_FN), unit);

/**
 * The `instances` option with its submodule's per-instance part replaced by
 * `instanceOptions "bitpoll-${name}"`; submodule options that are not per-instance options of the
 * top level (`enable`, and anything added with `extendSubmodule`) stay inline.
 */
function instancesOption(opt: AnyOption, perInstance: ReadonlySet<string>): AnyOption {
  const t = opt.type.def;
  if (t.kind !== "attrsOf" || t.elem.def.kind !== "submodule" || !t.elem.def.nameArg) return opt;
  const sub: Extract<TypeDef, { kind: "submodule" }> = t.elem.def;
  let own: OptionTree = {};
  for (const [path, o] of optionEntries(sub.options)) {
    if (!perInstance.has(path[0]!)) own = updateAt(own, path, () => o);
  }
  const options = update(compressAttrs(toExpr(treeObject(own))), instanceOptionsOf(str`${DEFAULT_UNIT}-${ref("name")}`));
  const body = attrs({
    ...(sub.freeformType ? { freeformType: sub.freeformType.nix } : {}),
    options,
    ...(sub.config ? { config: sub.config } : {}),
  });
  const submodule = call(ref("lib.types.submodule"), fn(formals({ name: true }, { ellipsis: true }), body));
  const nix = call(ref("lib.types.attrsOf"), submodule);
  // Same value type and description as before; only the Nix rendering changes.
  return Object.freeze({ ...opt, type: types.custom(opt.type.description, nix, opt.type.zod, opt.type.description) }) as AnyOption;
}

/**
 * The module as a Nix expression, per-instance options declared once (see the module comment).
 * A module without `services.bitpoll` renders as `NixosModule.toExpr()` does.
 */
export function bitpollModuleExpr<Tr extends OptionTree>(m: NixosModule<Tr>): Expr {
  const tree: OptionTree = m.options;
  const top = nodeAt(tree, ["services", "bitpoll"]);
  if (top === undefined || isOption(top)) return m.toExpr();

  const shared = sharedTree(top);
  const perInstance = new Set(Object.keys(shared));
  const own: Record<string, Nixable> = {};
  for (const k of TOP_ONLY) {
    const o = top[k];
    if (o === undefined) continue;
    own[k] = isOption(o) ? renderOption(k === "instances" ? instancesOption(o, perInstance) : o) : compressAttrs(toExpr(treeObject(o)));
  }
  const bitpoll = update(instanceOptionsOf(DEFAULT_UNIT), compressAttrs(toExpr(own)));

  const rest = treeObject(updateAt(tree, ["services", "bitpoll"], () => undefined));
  const services = (rest.services ?? {}) as Record<string, Nixable>;
  const options = compressAttrs(toExpr({ ...rest, services: { ...services, bitpoll } }));

  const body: Record<string, Nixable> = {};
  if (m.imports.length > 0) body.imports = list(...m.imports);
  body.options = options;
  if (m.configBlocks.length === 1) body.config = m.configBlocks[0]!;
  else if (m.configBlocks.length > 1) body.config = call(unref(ref("lib.mkMerge")), list(...m.configBlocks));

  const lets: Binding[] = [
    { type: "Assign", path: [INSTANCE_OPTIONS_FN], value: fn("unit", compressAttrs(toExpr(treeObject(shared)))) },
    ...m.lets.map(([n, v]): Binding => ({ type: "Assign", path: [n], value: v })),
  ];
  const spec: Record<string, true> = {};
  for (const a of m.args) spec[a] = true;
  return fn(formals(spec, { ellipsis: true }), let_(lets, compressAttrs(attrs(body))));
}

/** The module as Nix source (nix-ast's NixOS printer), per-instance options declared once. */
export function renderBitpollModule<Tr extends OptionTree>(m: NixosModule<Tr>, opts: { readonly width?: number } = {}): string {
  return printNix(bitpollModuleExpr(m), opts);
}
