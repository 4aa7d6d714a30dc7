/**
 * RFC 42 settings, written as nixpkgs modules write them: the format is bound once in the module's
 * `let` (`settingsFormat = pkgs.formats.json { };`), its `.type` is the settings option's freeform
 * type and its `.generate` renders the configuration file.
 *
 * ```ts
 * const settingsFormat = boundFormat("json");
 * module({
 *   let: { ...settingsFormat.let, cfg: ref("config.services.app") },
 *   options: { services: { app: { settings: option({
 *     type: types.submodule({ port: option({ type: types.port, default: 8000 }) }, { freeformType: settingsFormat.type }),
 *     default: {},
 *   }) } } },
 *   config: ({ cfg }) => ({ environment: { etc: { "app.json": { source: settingsFormat.generate("app.json", cfg.settings) } } } }),
 * });
 * ```
 *
 * @module
 */
import type { Expr } from "../ast/nodes.js";
import { call, ref, select, toExpr, type Nixable, type Ref } from "../builders/index.js";
import { custom, formats, type FormatName, type NixType } from "./types.js";

/** The value type of each `pkgs.formats` family, as {@link formats} gives it. */
type FormatValue<F extends FormatName> = ReturnType<(typeof formats)[F]> extends NixType<infer T> ? T : never;

/** A `pkgs.formats.*` generator bound to a `let` name. */
export interface BoundFormat<T> {
  /** The `let` name, `settingsFormat` by default. */
  readonly name: string;
  /** The binding to spread into the module's `let`: `{ settingsFormat: pkgs.formats.json { } }`. */
  readonly let: { readonly [name: string]: Expr };
  /** A reference to the bound format. */
  readonly ref: Ref;
  /** `settingsFormat.type`: the freeform type (its zod side and description are the format's). */
  readonly type: NixType<T>;
  /** `settingsFormat.generate fileName value`: the rendered file (a derivation). */
  generate(fileName: Nixable, value: Nixable): Expr;
}

/**
 * Binds `pkgs.formats.<format> <args>` to a `let` name (default `settingsFormat`) and gives its
 * `type` and `generate` through that name, as nixpkgs modules do (RFC 42).
 */
export function boundFormat<F extends FormatName>(
  format: F,
  opts: { readonly name?: string; readonly pkgs?: Nixable; readonly args?: Nixable } = {},
): BoundFormat<FormatValue<F>> {
  const name = opts.name ?? "settingsFormat";
  const r = ref(name);
  const base = formats[format]({}) as unknown as NixType<FormatValue<F>>;
  const value = call(select(opts.pkgs ?? ref("pkgs"), ["formats", format]), opts.args ?? {});
  return Object.freeze({
    name,
    let: Object.freeze({ [name]: value }),
    ref: r,
    type: custom<FormatValue<F>>(`${name}.type`, select(r, ["type"]), base.zod as never, base.description),
    generate: (fileName: Nixable, v: Nixable): Expr => call(select(r, ["generate"]), fileName, toExpr(v)),
  });
}
