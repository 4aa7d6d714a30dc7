/**
 * The configuration file of `bitpoll-flake generate --config FILE` (JSON), validated by zod. Every
 * key is optional; unknown keys are errors, and each error names its field
 * (`pins.bitpoll.hash: expected an SRI hash …`).
 *
 * @module
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
import { GitRev, SriHash, Source, Version } from "./pins.js";
import { FEATURES, type Feature } from "./module/features.js";
import { RECIPES } from "./python/recipes.js";

/** A Nix attribute name usable unquoted as `ps.<name>` (nixpkgs Python package names are). */
export const PythonAttrName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_'-]*$/, "expected a Python package attribute name such as django-prometheus");

/** A flake reference for the nixpkgs input. */
export const FlakeRef = z
  .string()
  .regex(/^[a-z][a-z0-9+]*:[^\s"\\$]+$/, "expected a flake reference such as github:NixOS/nixpkgs/nixos-26.05");

/** A Nix system double such as `x86_64-linux`. */
export const System = z.string().regex(/^[a-z0-9_]+-[a-z]+$/, "expected a Nix system such as x86_64-linux");

const pythonNames = RECIPES.map((r) => r.pname) as [string, ...string[]];

/** Changes to a Python package pin; a new version without a hash leaves the hash unknown. */
export const PythonPinPatch = z.strictObject({
  version: Version.optional(),
  hash: SriHash.nullable().optional(),
  source: Source.optional(),
});

/** Changes to Bitpoll's pin; a new version or rev without a hash leaves the hash unknown. */
export const BitpollPinPatch = z.strictObject({
  version: Version.optional(),
  owner: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "expected a GitHub owner").optional(),
  repo: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "expected a GitHub repository").optional(),
  rev: GitRev.optional(),
  hash: SriHash.nullable().optional(),
});

/** The configuration file's schema. */
export const Config = z.strictObject({
  $schema: z.string().optional(),
  nixpkgs: FlakeRef.optional(),
  systems: z.array(System).min(1, "list at least one system").optional(),
  server: z.enum(["gunicorn", "uwsgi"]).optional(),
  /** Defaults of the package's feature arguments, one key per feature of `FEATURES`. */
  features: z
    .strictObject(Object.fromEntries(FEATURES.map((f) => [f.name, z.boolean().optional()])) as { [K in Feature]: z.ZodOptional<z.ZodBoolean> })
    .optional(),
  pins: z
    .strictObject({
      bitpoll: BitpollPinPatch.optional(),
      python: z
        .partialRecord(
          z.enum(pythonNames, {
            error: `expected one of the packages this flake builds (${pythonNames.join(", ")}); nixpkgs packages go in extraPythonPackages`,
          }),
          PythonPinPatch,
        )
        .optional(),
    })
    .optional(),
  extraPythonPackages: z.array(PythonAttrName).optional(),
});

/** A validated configuration. */
export type Config = z.infer<typeof Config>;
/** A change to a Python pin. */
export type PythonPinPatch = z.infer<typeof PythonPinPatch>;
/** A change to Bitpoll's pin. */
export type BitpollPinPatch = z.infer<typeof BitpollPinPatch>;

/** A configuration that failed validation; `issues` name their fields. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
  constructor(
    readonly source: string,
    readonly issues: readonly { readonly field: string; readonly message: string }[],
  ) {
    super(`invalid configuration in ${source}:\n${issues.map((i) => `  ${i.field}: ${i.message}`).join("\n")}`);
  }
}

function fieldOf(path: readonly PropertyKey[]): string {
  return path.length === 0 ? "(top level)" : path.map((p) => (typeof p === "number" ? `[${p}]` : String(p))).join(".").replace(/\.\[/g, "[");
}

/** Validates a configuration value; throws {@link ConfigError} naming every bad field. */
export function parseConfig(value: unknown, source = "configuration"): Config {
  const r = Config.safeParse(value);
  if (r.success) return r.data;
  throw new ConfigError(
    source,
    r.error.issues.flatMap((i) => {
      // Unknown keys are reported on their object; name each key itself.
      if (i.code === "unrecognized_keys") {
        return i.keys.map((k) => {
          const field = fieldOf([...i.path, k]);
          const hint = field.startsWith("pins.python.")
            ? `; pins exist for ${pythonNames.join(", ")} (packages from nixpkgs go in extraPythonPackages)`
            : "";
          return { field, message: `unknown key${hint}` };
        });
      }
      if (i.code === "invalid_key") return [{ field: fieldOf(i.path), message: i.issues[0]?.message ?? i.message }];
      return [{ field: fieldOf(i.path), message: i.message }];
    }),
  );
}

/** Reads and validates a JSON configuration file. */
export function loadConfig(file: string): Config {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new ConfigError(file, [{ field: "(file)", message: `cannot read: ${(e as Error).message}` }]);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(file, [{ field: "(file)", message: `not valid JSON: ${(e as Error).message}` }]);
  }
  return parseConfig(value, file);
}
