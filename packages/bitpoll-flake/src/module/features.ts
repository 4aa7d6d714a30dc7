/**
 * Bitpoll's optional features, each defined once: the options that turn it on, the settings it
 * writes, the Python packages it imports (and the package flag that adds them), the units it
 * needs and orders after, its assertions and the host services it configures. The NixOS module
 * (`module.ts`), the package's `with…` arguments (`package.ts`), the flake's `features`
 * configuration and the documentation ({@link featuresTable}) are all derived from
 * {@link FEATURES}, so a feature cannot be on in the module while its packages are missing from
 * the package it runs.
 *
 * The option groups are plain functions (`ldapOptions`, …) so the option tree's TypeScript type
 * does not depend on the feature table (which itself refers to the instance's option references).
 *
 * @module
 */
import { add, and, concat, eq, fn, let_, list, neq, not, or, ref, str, toExpr, update, type Cond, type Expr, type Nixable, type Ref } from "nix-ast";
import { literalMD, mkEnableOption, option, types } from "nix-ast/nixos";
import { quoted, secretFile, type InstanceNaming } from "./naming.js";
import { ifChain, py, pySecret } from "./python.js";
import { builtins, instanceRefs, lib, type InstanceRefs } from "./refs.js";

/** A feature that adds Python packages to Bitpoll's environment. */
export type Feature = "openid" | "ldap" | "postgres" | "redis" | "prometheus" | "whitenoise";

/** An assertion of the module: `message` is shown when `assertion` is false. */
export interface Assertion {
  readonly assertion: Cond;
  readonly message: Nixable;
}

/** What a feature contributes to the NixOS module, per instance unless said otherwise. */
export interface ModuleFeature {
  /** The instance option that turns it on, as the manual writes it (`ldap.enable`). */
  readonly switch: string;
  /** Whether an instance has the feature on. */
  readonly enabled: (i: InstanceRefs) => Cond;
  /** Django settings written when it is on (they replace the module's defaults of the same name). */
  readonly settings?: (unit: Ref, i: InstanceRefs) => Nixable;
  /** Python lines at the head of the settings file when it is on (imports the settings use). */
  readonly pythonHeader?: string;
  /** Entries of `INSTALLED_APPS_LOCAL` when it is on. */
  readonly installedApps?: readonly string[];
  /** Entries of `MIDDLEWARE_LOCAL` when it is on. */
  readonly middleware?: readonly string[];
  /** Credential name → secret-file option (`LoadCredential=` when the file is set). */
  readonly credentials?: (i: InstanceRefs) => { readonly [name: string]: Nixable };
  /** Units the service and its backup need running first (`Requires=` and `After=`), when it is on. */
  readonly units?: (unit: Ref, i: InstanceRefs) => Nixable;
  /** Whether, when it is on, the service opens connections to other hosts (`true`: always). */
  readonly needsNetwork?: (i: InstanceRefs) => Cond;
  /** Conditions that must hold when it is on. */
  readonly assertions?: (unit: Ref, i: InstanceRefs) => readonly Assertion[];
  /** `services.<name>` of the host, from the instances with the feature on (`unit → instance`). */
  readonly host?: (on: Nixable) => { readonly [service: string]: Nixable };
  /** Helpers the module binds in its `let` for this feature. */
  readonly lets?: { readonly [name: string]: Nixable };
  /** Units ordered after it, as the documentation lists them. */
  readonly unitsDoc?: string;
}

/** One feature: the package side always, the module side when an option turns it on. */
export interface FeatureDef {
  readonly name: Feature;
  /** The package's argument that adds {@link python} (`withLdap`). */
  readonly flag: string;
  /** That argument's default in the generated package (the flake's `features` override it). */
  readonly flakeDefault: boolean;
  /**
   * Attribute names of the Python package set, nixpkgs' or the overlay's. nixpkgs' (26.05) are
   * `pkgs/development/python-modules/<name>/default.nix`: django-auth-ldap (propagating
   * python-ldap, which provides `ldap`), psycopg2, redis, django-prometheus (propagating
   * prometheus-client), whitenoise.
   */
  readonly python: readonly string[];
  /** What the feature is, for the documentation. */
  readonly summary: string;
  readonly module?: ModuleFeature;
}

/** Options of OpenID Connect login (`openid.*`). */
export function openidOptions() {
  return {
    enable: mkEnableOption("login with OpenID Connect (the instance's package gets `withOpenID`)"),
    issuer: option({ type: types.str, default: "", example: "https://id.example.org/realms/main", description: "Issuer URL (`OPENID_ISSUER`)." }),
    apiBase: option({
      type: types.nullOr(types.str),
      default: null,
      defaultText: literalMD("for a Keycloak issuer `<server>/realms/<realm>`, its admin API `<server>/admin/realms/<realm>`"),
      example: "https://id.example.org/admin/realms/main",
      description:
        "Base URL of the provider's admin API (`OPENID_API_BASE`). Bitpoll calls `<apiBase>/groups?…` and `<apiBase>/groups/<id>/members` (Keycloak's admin REST API) when a group is invited to a poll, with a token from the client-credentials grant.",
    }),
    clientId: option({ type: types.str, default: "", description: "OAuth client id." }),
    clientSecretFile: option({ type: secretFile, default: null, description: "File with the OAuth client secret (`LoadCredential=`); an absolute path outside the Nix store." }),
    scope: option({ type: types.str, default: "openid profile email", description: "Requested scopes." }),
    adminGroups: option({
      type: types.nullOr(types.str),
      default: null,
      example: "admins|superusers",
      description: "Regular expression of provider groups whose members become Bitpoll administrators.",
    }),
  };
}

/** Options of LDAP login (`ldap.*`). */
export function ldapOptions() {
  return {
    enable: mkEnableOption("LDAP login with django-auth-ldap (the instance's package gets `withLdap`)"),
    serverUri: option({ type: types.str, default: "", example: "ldaps://ldap.example.org", description: "LDAP server URI; `ldapi://` needs no network." }),
    bindDn: option({ type: types.str, default: "", description: "DN to bind as for searches (empty: anonymous)." }),
    bindPasswordFile: option({ type: secretFile, default: null, description: "File with the bind password (`LoadCredential=`); an absolute path outside the Nix store." }),
    userSearchBase: option({ type: types.str, default: "", example: "ou=People,dc=example,dc=org", description: "Base of the user search." }),
    userFilter: option({ type: types.str, default: "(uid=%(user)s)", description: "Filter of the user search." }),
    groupSearchBase: option({ type: types.nullOr(types.str), default: null, description: "Base of the group search (null: no groups)." }),
    groupFilter: option({ type: types.str, default: "(objectClass=posixGroup)", description: "Filter of the group search (posixGroup type)." }),
    mirrorGroups: option({ type: types.bool, default: false, description: "Mirror LDAP groups into Django groups." }),
    userAttrMap: option({
      type: types.attrsOf(types.str),
      default: { first_name: "givenName", last_name: "sn", email: "mail" },
      description: "Django user fields filled from LDAP attributes.",
    }),
  };
}

/** Options of the database (`database.*`); PostgreSQL is the feature, SQLite the default. */
export function databaseOptions({ unit, unitText }: InstanceNaming) {
  return {
    type: option({
      type: types.enum(["sqlite", "postgresql"]),
      default: "sqlite",
      description: "Database backend. SQLite keeps `db.sqlite3` in the state directory; PostgreSQL gives the instance's package `withPostgres`.",
    }),
    createLocally: option({
      type: types.bool,
      default: true,
      description:
        "With PostgreSQL: create the database and its role on this host and connect over the unix socket with peer authentication (no password).",
    }),
    host: option({
      type: types.nullOr(types.str),
      default: null,
      defaultText: literalMD("the local unix socket `/run/postgresql`"),
      description: "PostgreSQL server of a remote database.",
    }),
    port: option({ type: types.port, default: 5432, description: "PostgreSQL port of a remote database." }),
    name: option({ type: types.str, default: unit, defaultText: quoted(unitText), description: "Database name." }),
    user: option({
      type: types.str,
      default: unit,
      defaultText: quoted(unitText),
      description: "Database role. With `createLocally` it must equal the instance's user (peer authentication) and the database name.",
    }),
    passwordFile: option({
      type: secretFile,
      default: null,
      description: "File with the password of a remote database role (`LoadCredential=`); an absolute path outside the Nix store.",
    }),
  };
}

/** Options of Django's cache (`cache.*`); Redis is the feature, per-process memory the default. */
export function cacheOptions() {
  return {
    backend: option({
      type: types.enum(["locmem", "redis"]),
      default: "locmem",
      description: "Django cache: per-process memory, or Redis (the instance's package gets `withRedis`, which adds the `redis` client).",
    }),
    redis: {
      createLocally: option({
        type: types.bool,
        default: true,
        description: "Run a Redis server for this instance (`services.redis.servers.<unit>`, as the instance's user and group), reached over its unix socket.",
      }),
      url: option({
        type: types.nullOr(types.str),
        default: null,
        defaultText: literalMD("the local server's socket, `unix:///run/redis-<unit>/redis.sock`"),
        description: "Redis URL when not created locally.",
      }),
    },
  };
}

/** Options of Prometheus metrics (`metrics.*`). */
export function metricsOptions() {
  return {
    enable: mkEnableOption("Prometheus metrics with django-prometheus (the instance's package gets `withPrometheus`)"),
    address: option({ type: types.str, default: "127.0.0.1", description: "Address of the metrics endpoints." }),
    port: option({
      type: types.port,
      default: 9300,
      description: "First port of the metrics endpoints: each gunicorn worker serves `/metrics` on one port from here on.",
    }),
  };
}

/** Options of serving static files from the application (`whitenoise.*`). */
export function whitenoiseOptions() {
  return {
    enable: mkEnableOption(
      "serving `/static/` from the application with WhiteNoise (the instance's package gets `withWhiteNoise`), for setups without the module's nginx",
    ),
  };
}

const redisSocket = (unit: Ref): Expr => str`/run/redis-${unit}/redis.sock`;
const msg = (unit: Ref, text: string): Expr => str`services.bitpoll (${unit}): ${text}`;
/** The module's `toPython` (see python.ts), applied. */
const toPython = (v: Nixable): Expr => toExpr(ref("toPython")(v));
/** The admin API base of an instance's OpenID provider, or null (the `openidApiBase` helper below). */
const apiBase = (i: InstanceRefs): Expr => toExpr(ref("openidApiBase")(i.openid));

/** Every feature, in the order the package lists its arguments. */
export const FEATURES: readonly FeatureDef[] = Object.freeze([
  {
    name: "openid",
    flag: "withOpenID",
    flakeDefault: true,
    python: ["simple-openid-connect", "cryptojwt"],
    summary: "Login with OpenID Connect (simple-openid-connect's Django integration)",
    module: {
      switch: "openid.enable",
      enabled: (i) => i.openid.enable,
      lets: {
        // Keycloak serves its admin API beside the realm: <server>/realms/<r> → <server>/admin/realms/<r>
        // (upstream's settings_local.sample.py sets OPENID_API_BASE that way).
        openidApiBase: fn("o", (o: Ref) => {
          const m = ref("m");
          return let_(
            { m: builtins.match("(.*)/realms/([^/]+)/?", o.issuer!) },
            ifChain(
              [
                [neq(o.apiBase!, null), o.apiBase!],
                [eq(m, null), null],
              ],
              str`${builtins.elemAt(m, 0)}/admin/realms/${builtins.elemAt(m, 1)}`,
            ),
          );
        }),
      },
      settings: (_unit, i) => ({
        OPENID_ENABLED: true,
        OPENID_ISSUER: i.openid.issuer,
        OPENID_API_BASE: ifChain([[eq(apiBase(i), null), ""]], apiBase(i)),
        OPENID_CLIENT_ID: i.openid.clientId,
        OPENID_CLIENT_SECRET: pySecret("openid_client_secret", "BITPOLL_OPENID_CLIENT_SECRET"),
        OPENID_BASE_URI: i.baseUrl,
        OPENID_SCOPE: i.openid.scope,
        OPENID_USER_MAPPER: "bitpoll.base.openid.BitpollUserMapper",
        // `(?!)` never matches: without admin groups nobody becomes an administrator.
        OPENID_ADMIN_GROUPS: py(str`re.compile(${toPython(ifChain([[eq(i.openid.adminGroups, null), "(?!)"]], i.openid.adminGroups))})`),
      }),
      installedApps: ["simple_openid_connect.integrations.django"],
      middleware: ["simple_openid_connect.integrations.django.middleware.TokenVerificationMiddleware"],
      credentials: (i) => ({ openid_client_secret: i.openid.clientSecretFile }),
      needsNetwork: () => true,
      assertions: (unit, i) => [
        {
          assertion: not(ref("groupManagement")(i)),
          message: msg(unit, "OpenID login and GROUP_MANAGEMENT cannot both be on (Bitpoll refuses to start). Set settings.GROUP_MANAGEMENT = false."),
        },
        {
          assertion: and(neq(i.openid.issuer, ""), neq(i.openid.clientId, "")),
          message: msg(unit, "OpenID login needs openid.issuer and openid.clientId."),
        },
        {
          assertion: neq(apiBase(i), null),
          message: msg(
            unit,
            "OpenID login needs openid.apiBase, the provider's admin API (Keycloak: <server>/admin/realms/<realm>); it is derived only from an issuer of the form <server>/realms/<realm>.",
          ),
        },
      ],
    },
  },
  {
    name: "ldap",
    flag: "withLdap",
    flakeDefault: false,
    python: ["django-auth-ldap"],
    summary: "Login against an LDAP directory (django-auth-ldap, which brings python-ldap)",
    module: {
      switch: "ldap.enable",
      enabled: (i) => i.ldap.enable,
      pythonHeader: "import ldap\nfrom django_auth_ldap.config import LDAPSearch, PosixGroupType\n",
      settings: (_unit, i) =>
        update(
          {
            AUTHENTICATION_BACKENDS: list("django_auth_ldap.backend.LDAPBackend", "django.contrib.auth.backends.ModelBackend"),
            AUTH_LDAP_SERVER_URI: i.ldap.serverUri,
            AUTH_LDAP_BIND_DN: i.ldap.bindDn,
            AUTH_LDAP_BIND_PASSWORD: pySecret("ldap_bind_password", "BITPOLL_LDAP_BIND_PASSWORD"),
            AUTH_LDAP_USER_SEARCH: py(str`LDAPSearch(${toPython(i.ldap.userSearchBase)}, ldap.SCOPE_SUBTREE, ${toPython(i.ldap.userFilter)})`),
            AUTH_LDAP_USER_ATTR_MAP: i.ldap.userAttrMap,
            AUTH_LDAP_ALWAYS_UPDATE_USER: true,
          },
          lib.optionalAttrs(neq(i.ldap.groupSearchBase, null), {
            AUTH_LDAP_GROUP_SEARCH: py(str`LDAPSearch(${toPython(i.ldap.groupSearchBase)}, ldap.SCOPE_SUBTREE, ${toPython(i.ldap.groupFilter)})`),
            AUTH_LDAP_GROUP_TYPE: py("PosixGroupType()"),
            AUTH_LDAP_MIRROR_GROUPS: i.ldap.mirrorGroups,
          }),
        ),
      credentials: (i) => ({ ldap_bind_password: i.ldap.bindPasswordFile }),
      needsNetwork: (i) => not(lib.hasPrefix("ldapi:", i.ldap.serverUri)),
      assertions: (unit, i) => [{ assertion: neq(i.ldap.serverUri, ""), message: msg(unit, "LDAP login needs ldap.serverUri.") }],
    },
  },
  {
    name: "postgres",
    flag: "withPostgres",
    flakeDefault: true,
    python: ["psycopg2"],
    summary: "PostgreSQL database (psycopg2), created locally with peer authentication or remote",
    module: {
      switch: 'database.type = "postgresql"',
      enabled: (i) => eq(i.database.type, "postgresql"),
      settings: (_unit, i) => ({
        DATABASES: {
          default: {
            ENGINE: "django.db.backends.postgresql",
            NAME: i.database.name,
            USER: i.database.user,
            HOST: ifChain([[i.database.createLocally, "/run/postgresql"]], i.database.host),
            PORT: ifChain([[i.database.createLocally, ""]], builtins.toString(i.database.port)),
            PASSWORD: ifChain([[i.database.createLocally, ""]], pySecret("database_password", "BITPOLL_DATABASE_PASSWORD")),
          },
        },
      }),
      credentials: (i) => ({ database_password: i.database.passwordFile }),
      // nixpkgs 26.05 creates ensureDatabases/ensureUsers in postgresql-setup.service and
      // postgresql.target is reached after it (nixos/modules/services/databases/postgresql.nix,
      // nixpkgs PR #403645): ordering on postgresql.service could migrate before the role exists.
      units: (_unit, i) => lib.optional(i.database.createLocally, "postgresql.target"),
      unitsDoc: "`postgresql.target` (local database)",
      needsNetwork: (i) => not(i.database.createLocally),
      assertions: (unit, i) => [
        {
          assertion: or(not(i.database.createLocally), and(eq(i.database.user, i.user), eq(i.database.name, i.database.user))),
          message: msg(unit, "with database.createLocally, database.user must be the instance's user (peer authentication) and database.name must equal it."),
        },
        {
          assertion: or(i.database.createLocally, neq(i.database.host, null)),
          message: msg(unit, "a PostgreSQL database that is not created locally needs database.host."),
        },
      ],
      host: (on) => {
        const locals = ref("locals");
        return {
          postgresql: let_(
            { locals: builtins.attrValues(lib.filterAttrs(fn("unit", () => fn("i", (i: Ref) => instanceRefs(i).database.createLocally)), on)) },
            lib.mkIf(neq(locals, list()), {
              enable: true,
              ensureDatabases: lib.unique(builtins.map(fn("i", (i: Ref) => instanceRefs(i).database.name), locals)),
              ensureUsers: builtins.map(fn("i", (i: Ref) => ({ name: instanceRefs(i).database.user, ensureDBOwnership: true })), locals),
            }),
          ),
        };
      },
    },
  },
  {
    name: "redis",
    flag: "withRedis",
    flakeDefault: false,
    python: ["redis"],
    summary: "Django's Redis cache (`django.core.cache.backends.redis`, which imports the `redis` client)",
    module: {
      switch: 'cache.backend = "redis"',
      enabled: (i) => eq(i.cache.backend, "redis"),
      settings: (unit, i) => ({
        CACHES: {
          default: {
            BACKEND: "django.core.cache.backends.redis.RedisCache",
            LOCATION: ifChain([[i.cache.redis.createLocally, str`unix:///run/redis-${unit}/redis.sock`]], i.cache.redis.url),
          },
        },
      }),
      units: (unit, i) => lib.optional(i.cache.redis.createLocally, str`redis-${unit}.service`),
      unitsDoc: "`redis-<unit>.service` (local server)",
      needsNetwork: (i) => not(i.cache.redis.createLocally),
      assertions: (unit, i) => [
        {
          assertion: or(i.cache.redis.createLocally, neq(i.cache.redis.url, null)),
          message: msg(unit, "a Redis cache that is not created locally needs cache.redis.url."),
        },
      ],
      host: (on) => ({
        redis: {
          servers: lib.mapAttrs(
            fn("unit", (unit: Ref) =>
              fn("i", (r: Ref) => {
                const i = instanceRefs(r);
                // The group too: nixpkgs' redis servers.<name>.group defaults to the user's name,
                // which is no group when services.bitpoll.group differs from the user
                // (nixos/modules/services/databases/redis.nix).
                return { enable: true, user: i.user, group: i.group, port: 0, unixSocket: redisSocket(unit), unixSocketPerm: 600 };
              }),
            ),
            lib.filterAttrs(fn("unit", () => fn("i", (i: Ref) => instanceRefs(i).cache.redis.createLocally)), on),
          ),
        },
      }),
    },
  },
  {
    name: "prometheus",
    flag: "withPrometheus",
    flakeDefault: false,
    python: ["django-prometheus"],
    summary: "Prometheus metrics (django-prometheus), one exporter port per worker",
    module: {
      switch: "metrics.enable",
      enabled: (i) => i.metrics.enable,
      settings: (_unit, i) => ({
        PROMETHEUS_METRICS_EXPORT_ADDRESS: i.metrics.address,
        PROMETHEUS_METRICS_EXPORT_PORT_RANGE: py(
          str`range(${builtins.toString(i.metrics.port)}, ${builtins.toString(add(i.metrics.port, i.workers))})`,
        ),
      }),
      installedApps: ["django_prometheus"],
      needsNetwork: () => true,
    },
  },
  {
    name: "whitenoise",
    flag: "withWhiteNoise",
    flakeDefault: false,
    python: ["whitenoise"],
    summary: "Static files served by the application itself (WhiteNoise), as the OCI image does",
    module: {
      switch: "whitenoise.enable",
      enabled: (i) => i.whitenoise.enable,
      // Bitpoll appends MIDDLEWARE_LOCAL to its list; WhiteNoise answers /static/ requests from
      // STATIC_ROOT wherever it stands in the list.
      middleware: ["whitenoise.middleware.WhiteNoiseMiddleware"],
    },
  },
] satisfies readonly FeatureDef[]);

/** The features the module can turn on. */
export const MODULE_FEATURES: readonly (FeatureDef & { readonly module: ModuleFeature })[] = FEATURES.filter(
  (f): f is FeatureDef & { readonly module: ModuleFeature } => f.module !== undefined,
);

/** A feature by name. */
export function feature(name: Feature): FeatureDef {
  const f = FEATURES.find((x) => x.name === name);
  if (f === undefined) throw new Error(`unknown feature ${name}`);
  return f;
}

/** `lib.optionals (enabled i) [ … ]` of each feature's list, concatenated. */
export function featureLists(i: InstanceRefs, pick: (m: ModuleFeature) => readonly string[] | undefined): Expr {
  const parts = MODULE_FEATURES.flatMap((f) => {
    const xs = pick(f.module);
    return xs === undefined || xs.length === 0 ? [] : [lib.optionals(f.module.enabled(i), list(...xs))];
  });
  return parts.length === 0 ? list() : concat(...parts);
}

/**
 * The features as a Markdown table (feature, module switch, package flag and its default, Python
 * packages, units): the README and `docs/bitpoll-flake.md` carry it, so it cannot drift from
 * {@link FEATURES}.
 */
export function featuresTable(defaults: Readonly<Record<Feature, boolean>> = defaultFeatures()): string {
  const rows = FEATURES.map((f) => {
    const m = f.module;
    return `| ${f.name} | ${f.summary} | ${m ? `\`${m.switch}\`` : "—"} | \`${f.flag} ? ${defaults[f.name]}\` | ${f.python.map((p) => `\`${p}\``).join(", ")} | ${m?.unitsDoc ?? "—"} |`;
  });
  return ["| Feature | What | Module option | Package argument | Python packages | Orders after |", "|---|---|---|---|---|---|", ...rows].join("\n") + "\n";
}

/** The package's flag defaults as the flake generates them by default. */
export function defaultFeatures(): Readonly<Record<Feature, boolean>> {
  return Object.freeze(Object.fromEntries(FEATURES.map((f) => [f.name, f.flakeDefault])) as Record<Feature, boolean>);
}
