/**
 * Every module feature (features.ts) alone and all together, under the real `lib.evalModules`: each
 * Python module the generated settings file imports (import statements, and the dotted paths
 * Django imports from settings: apps, middleware, backends, with the drivers Django's own
 * backends import) must be importable from the instance's package environment, as the fake
 * package set computes it from the generated `nix/package.nix` (fake-pkgs.nix knows the modules
 * each package provides). Also the module-level defects of issue 11: OpenID's API base, Redis'
 * group, secret-file types, resolvers.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fn, ref, type Ref } from "nix-ast";
import { MODULE_FEATURES, bitpollModule, renderBitpollModule } from "../../packages/bitpoll-flake/src/module/index.js";
import { FIXTURES, evalError, evalExpr, evalJson } from "./module-fixtures/harness.js";
import { requireNixpkgsLib, requireTools } from "./require-tool.js";

const libDir = requireNixpkgsLib("features.test.ts");
const ready = requireTools("features.test.ts", "nix-instantiate", "python3") && libDir !== undefined;

/** A configuration that turns each feature on (the test fails when a feature has none). */
const ENABLE: { readonly [feature: string]: string } = {
  openid: `openid = { enable = true; issuer = "https://id.example.org/realms/main"; clientId = "bitpoll"; };`,
  ldap: `ldap = { enable = true; serverUri = "ldaps://ldap.example.org"; userSearchBase = "ou=People,dc=example,dc=org"; groupSearchBase = "ou=groups,dc=example,dc=org"; };`,
  postgres: `database.type = "postgresql";`,
  redis: `cache.backend = "redis";`,
  prometheus: `metrics.enable = true;`,
  whitenoise: `whitenoise.enable = true;`,
};

/**
 * Modules Django's own backends import when used (Django's source): the PostgreSQL backend needs
 * psycopg2 (or psycopg, django/db/backends/postgresql/psycopg_any.py), the Redis cache the `redis`
 * client (django/core/cache/backends/redis.py).
 */
const DRIVERS: { readonly [djangoModule: string]: readonly string[] } = {
  "django.db.backends.postgresql": ["psycopg2"],
  "django.core.cache.backends.redis": ["redis"],
};

/** Settings whose values are dotted paths Django imports. */
const IMPORT_PATH_SETTINGS = ["INSTALLED_APPS_LOCAL", "MIDDLEWARE_LOCAL", "AUTHENTICATION_BACKENDS", "EMAIL_BACKEND", "OPENID_USER_MAPPER"];

/** Every Python module a settings file imports, directly or through Django. */
function importedModules(text: string): string[] {
  const mods = new Set<string>();
  for (const m of text.matchAll(/^import ([\w.]+)/gm)) mods.add(m[1]!);
  for (const m of text.matchAll(/^from ([\w.]+) import/gm)) mods.add(m[1]!);
  for (const line of text.split("\n")) {
    const m = /^(\w+) = (.*)$/.exec(line);
    if (m && IMPORT_PATH_SETTINGS.includes(m[1]!)) for (const s of m[2]!.matchAll(/"([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)"/g)) mods.add(s[1]!);
  }
  for (const s of text.matchAll(/"(?:ENGINE|BACKEND)": "([\w.]+)"/g)) mods.add(s[1]!);
  for (const m of [...mods]) for (const [prefix, drivers] of Object.entries(DRIVERS)) if (m.startsWith(prefix)) drivers.forEach((d) => mods.add(d));
  return [...mods].sort();
}

const work = mkdtempSync(join(tmpdir(), "bitpoll-features-"));
const moduleFile = join(work, "bitpoll.nix");
writeFileSync(
  moduleFile,
  renderBitpollModule(
    bitpollModule().withConfig({
      // Per instance: its settings file, what its package can import, the flags it was overridden with.
      bitpollTest: ref("lib.mapAttrs")(
        fn("unit", (unit: Ref) =>
          fn("i", (i: Ref) => ({
            settings: ref("settingsText")(unit, i),
            provides: ref("pkgs.importsOf")(ref("instancePackage")(i)),
            flags: ref("missingFlags")(i),
          })),
        ),
        ref("instances"),
      ),
    }),
  ),
);

describe("importedModules", () => {
  it("finds import statements, dotted settings and the drivers of Django's backends", () => {
    const text = 'import ldap\nfrom django_auth_ldap.config import LDAPSearch\nMIDDLEWARE_LOCAL = ["whitenoise.middleware.WhiteNoiseMiddleware"]\nCACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "unix:///x"}}\n';
    expect(importedModules(text)).toEqual(["django.core.cache.backends.redis.RedisCache", "django_auth_ldap.config", "ldap", "redis", "whitenoise.middleware.WhiteNoiseMiddleware"]);
  });
});

describe.skipIf(!ready)("each feature's imports are in the instance's package (lib.evalModules)", () => {
  it("has an enabling configuration for every module feature", () => {
    expect(Object.keys(ENABLE).sort()).toEqual(MODULE_FEATURES.map((f) => f.name).sort());
  });

  it("provides every module the settings import, for every feature alone and all together", async () => {
    const configs: { [name: string]: string } = { none: "" };
    for (const f of MODULE_FEATURES) configs[f.name] = ENABLE[f.name]!;
    configs.all = Object.values(ENABLE).join("\n");
    const expr = `{ ${Object.entries(configs)
      .map(([n, c]) => `${JSON.stringify(n)} = ${evalExpr(libDir!, moduleFile, `{ services.bitpoll = { enable = true; ${c} }; }`, SELECT)};`)
      .join("\n")} }`;
    const all = (await evalJson(expr)) as { [name: string]: Result };
    const stdlib = new Set(JSON.parse(execFileSync("python3", ["-c", "import json, sys; print(json.dumps(sorted(sys.stdlib_module_names)))"], { encoding: "utf8" })) as string[]);
    const report: { [name: string]: string[] } = {};
    for (const [name, r] of Object.entries(all)) {
      expect(r.failed, name).toEqual([]);
      const t = r.tests.bitpoll!;
      // The package's own source is on PYTHONPATH (its wrappers); the rest comes from its environment.
      const provided = new Set([...t.provides, "bitpoll"]);
      const needed = importedModules(t.settings).map((m) => m.split(".")[0]!);
      report[name] = [...new Set(needed)].sort();
      const missing = needed.filter((m) => !provided.has(m) && !stdlib.has(m));
      expect(missing, `${name}: the settings import ${missing.join(", ")}, which the package (${t.flags.join(", ") || "no flags"}) lacks`).toEqual([]);
    }
    // The features' own imports are really there (so the check above is not vacuous).
    expect(report.ldap).toEqual(expect.arrayContaining(["ldap", "django_auth_ldap"]));
    expect(report.redis).toContain("redis");
    expect(report.postgres).toContain("psycopg2");
    expect(report.openid).toContain("simple_openid_connect");
    expect(report.prometheus).toContain("django_prometheus");
    expect(report.whitenoise).toContain("whitenoise");
    expect(all.all!.tests.bitpoll!.flags.sort()).toEqual(["withLdap", "withPrometheus", "withRedis", "withWhiteNoise"]);
    console.log("modules imported by the settings, per configuration:", JSON.stringify(report));
  });
});

interface Result {
  readonly failed: string[];
  readonly tests: { readonly [unit: string]: { readonly settings: string; readonly provides: string[]; readonly flags: string[] } };
  readonly redis: { readonly [unit: string]: { readonly [k: string]: unknown } };
  readonly allow: { readonly [unit: string]: string[] | null };
}

const SELECT = `{
  failed = map (a: a.message) (builtins.filter (a: !a.assertion) config.assertions);
  tests = config.bitpollTest;
  redis = config.services.redis.servers;
  allow = builtins.mapAttrs (_: s: s.serviceConfig.IPAddressAllow or null) config.systemd.services;
}`;

const one = async (config: string): Promise<Result> => (await evalJson(evalExpr(libDir!, moduleFile, config, SELECT))) as Result;

describe.skipIf(!ready)("module details of issue 11", () => {
  it("derives OPENID_API_BASE from a Keycloak issuer, keeps an explicit one, and asks for it otherwise", async () => {
    const [derived, explicit, other] = await Promise.all([
      one(`{ services.bitpoll = { enable = true; ${ENABLE.openid} }; }`),
      one(`{ services.bitpoll = { enable = true; ${ENABLE.openid} openid.apiBase = "https://admin.example.org/api"; }; }`),
      one(`{ services.bitpoll = { enable = true; openid = { enable = true; issuer = "https://login.example.org"; clientId = "x"; }; }; }`),
    ]);
    // Bitpoll calls OPENID_API_BASE + "/groups?…" (bitpoll/base/openid.py): Keycloak's admin API.
    expect(derived.tests.bitpoll!.settings).toContain('OPENID_API_BASE = "https://id.example.org/admin/realms/main"');
    expect(derived.tests.bitpoll!.settings).not.toContain("OPENID_PROVIDER");
    expect(explicit.tests.bitpoll!.settings).toContain('OPENID_API_BASE = "https://admin.example.org/api"');
    expect(other.failed.join("\n")).toMatch(/OpenID login needs openid\.apiBase/);
  });

  it("runs a local Redis under the instance's user and group", async () => {
    const r = await one(`{ services.bitpoll = { enable = true; group = "polls"; ${ENABLE.redis} }; }`);
    expect(r.failed).toEqual([]);
    expect(r.redis.bitpoll).toMatchObject({ enable: true, user: "bitpoll", group: "polls", unixSocket: "/run/redis-bitpoll/redis.sock" });
  });

  it("refuses a path literal or a store path for a secret file", async () => {
    const secret = join(work, "secret");
    writeFileSync(secret, "x\n");
    const [literal, store, fine] = await Promise.all([
      evalError(evalExpr(libDir!, moduleFile, `{ services.bitpoll = { enable = true; secretKeyFile = ${secret}; }; }`, SELECT)),
      one(`{ services.bitpoll = { enable = true; secretKeyFile = "\${builtins.storeDir}/0000-secret"; }; }`),
      one(`{ services.bitpoll = { enable = true; secretKeyFile = "/run/secrets/bitpoll"; }; }`),
    ]);
    expect(literal).toMatch(/services\.bitpoll\.secretKeyFile.*is not of type/s);
    expect(store.failed.join("\n")).toMatch(/a secret file lies in the Nix store/);
    expect(fine.failed).toEqual([]);
  });

  it("lets the service reach the configured resolvers when NixOS runs without nscd", async () => {
    // Declared here unless the stand-ins declare these NixOS options themselves.
    const standins = readFileSync(join(FIXTURES, "standins.nix"), "utf8");
    const declare = (path: string, decl: string) => (standins.includes(path.split(".").pop()!) ? "" : `options.${path} = ${decl};`);
    const host = (nscd: boolean) => `{ lib, ... }: {
      ${declare("services.nscd", "{ enable = lib.mkOption { type = lib.types.bool; default = true; }; }")}
      ${declare("services.resolved", "{ enable = lib.mkOption { type = lib.types.bool; default = false; }; }")}
      ${declare("networking.nameservers", "lib.mkOption { type = lib.types.listOf lib.types.str; default = [ ]; }")}
      config = {
        services.nscd.enable = ${nscd};
        services.resolved.enable = true;
        networking.nameservers = [ "192.168.1.1" ];
        services.bitpoll.enable = true;
      };
    }`;
    const [withNscd, without] = await Promise.all([one(host(true)), one(host(false))]);
    expect(withNscd.allow.bitpoll).not.toContain("192.168.1.1");
    expect(without.allow.bitpoll).toEqual(expect.arrayContaining(["192.168.1.1", "127.0.0.53"]));
  });
});
