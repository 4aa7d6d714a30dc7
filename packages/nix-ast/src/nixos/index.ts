/**
 * `nix-ast/nixos`: typed NixOS modules. A mirror of `lib.types`, option declarations whose
 * configuration shape TypeScript infers, zod schemas turned into options, immutable module values
 * with customisation, and a Markdown options reference. Guide: `docs/nixos.md`.
 *
 * ## API summary (stable names)
 *
 * Types — `types.*` (each a {@link NixType}`<In, Out>` with `.nix`, `.zod`, `.description`):
 * `str bool int ints.{positive,unsigned,between(lo,hi),u8,u16,u32,s8,s16,s32} port float number
 * numbers.{between,nonnegative,positive} path package enum([...]) listOf(t) attrsOf(t) nullOr(t)
 * either(a,b) oneOf([...]) lines commas separatedString(sep) strMatching(re) anything attrs
 * submodule(tree | (name) => tree, { freeformType?, config? }) coercedTo(from, nixFn, to, jsFn?)
 * formats.{json,yaml,toml,ini,keyValue}({ pkgs?, args? }) custom(name, nix, zod, description)`,
 * and the rest of `lib.types`: `raw unspecified boolByOr nonEmptyStr singleLineStr envVar
 * passwdEntry(t) pathWith({inStore?,absolute?}) pathInStore externalPath nonEmptyListOf(t)
 * lazyAttrsOf(t) attrsWith({elemType,lazy?,placeholder?}) attrListOf(t) attrListWith({…}) uniq(t)
 * unique({message},t) functionTo(t) addCheck(t,nixCheck,jsCheck?) attrTag({tag: option}) deferredModule
 * deferredModuleWith({staticModules}) submoduleWith({…}) json toml serializableValueWith({…}) luaInline
 * fileset pkgs shellPackage optionType optionDeclaration mkOptionType({…, zod}) optionDescriptionPhrase`.
 *
 * Typed `lib` and `builtins` — `lib.genAttrs(names, (name) => …)`, `builtins.map(f, xs)`: arity,
 * argument kinds and callback parameters from nixpkgs' doc comments (`docs/lib.md`); `typedLib(root)`.
 *
 * Options — `option({ type, default?, defaultText?, example?, description?, readOnly?, internal?,
 * visible?, apply? })` (alias `mkOption`) → `Option<In, Out, HasDefault>`;
 * `mkEnableOption("Bitpoll")`; `mkPackageOption("bitpoll", { default?, example?, nullable?,
 * extraDescription?, pkgs? })`; `literalExpression(text)`, `literalMD(text)`.
 * An option tree is a nested plain object whose leaves are options.
 *
 * Inference — `ConfigOf<Tree>` (plain config, required where no default), `ResolvedOf<Tree>`
 * (what evaluation returns), `ConfigDefs<Tree>` (a config block: all optional, Nix expressions
 * allowed anywhere), `PathOf<Tree>`, `ValueAt<Tree, "a.b">`, `OptionAt<Tree, "a.b">`,
 * `configSchema(tree)` (zod; parse fills defaults), `InputOf<Type>`, `OutputOf<Type>`.
 *
 * Modules — `module({ args?, let?, imports?, options?, config? })` → {@link NixosModule}`<Tree>`,
 * immutable, methods returning new modules: `setDefault(path, value)`, `updateOption(path,
 * patch)`, `addOption(path, option)`, `removeOption(path)`, `extendSubmodule(path, tree |
 * (name) => tree)`, `withConfig(block | (ctx) => block, { when? })`, `define(typedDefs, { when?
 * })`, `withLet({ cfg: … })`, `withImports(...)`, `withArgs(...)`, `merge(other)`,
 * `configure(typedDefs)`; output: `toExpr()`, `render()`, `docs()`, `schema()`.
 * `mergeModules(...modules)`. Config-block functions get a context of refs
 * (`({ cfg, lib, pkgs, config }) => …`).
 *
 * Definitions — `mkIf(cond, v)`, `mkMerge([...])`, `mkDefault(v)`, `mkForce(v)`,
 * `mkOverride(prio, v)`, `mkOptionDefault(v)`, `mkBefore(v)`, `mkAfter(v)`, `mkOrder(prio, v)`;
 * refs `config`, `lib` (typed), `pkgs`, `name`.
 *
 * Zod — `optionsFromZod(zodObject)` → option tree (typed), `zodToType(schema)` → NixType; a
 * construct with no faithful Nix type throws {@link ZodConversionError} naming it.
 *
 * Docs — `renderDocs(tree, { prefix? })` / `module.docs()`: Markdown like the NixOS manual.
 *
 * @example
 * ```ts
 * import { module, option, mkEnableOption, mkPackageOption, types, mkIf } from "nix-ast/nixos";
 * const m = module({
 *   let: { cfg: ref("config.services.bitpoll") },
 *   options: { services: { bitpoll: {
 *     enable: mkEnableOption("Bitpoll"),
 *     package: mkPackageOption("bitpoll"),
 *     port: option({ type: types.port, default: 8000, description: "Port." }),
 *     workers: option({ type: types.ints.positive, default: 2, description: "Workers." }),
 *   } } },
 * }).withConfig(({ cfg }) => ({ systemd: { services: { bitpoll: { … } } } }), { when: ref("cfg.enable") });
 * m.setDefault("services.bitpoll.workers", 4);     // "four" is a type error
 * m.render();                                       // Nix source
 * ```
 *
 * @packageDocumentation
 */
export * from "./types.js";
export * from "./options.js";
export * from "./lib.js";
export { builtins, typedLib, type Builtins, type LibTop } from "./typed-lib.js";
export { LIB_COUNTS } from "./lib-signatures.generated.js";
export type * as LibArgs from "./lib-args.js";
export * from "./module.js";
export * from "./refs.js";
export * from "./settings-format.js";
export * from "./zod.js";
export * from "./docs.js";
export { printNix, printInline } from "./print.js";
export { compressAttrs } from "./util.js";
