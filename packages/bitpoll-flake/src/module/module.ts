/**
 * The NixOS module `services.bitpoll` as a `nix-ast/nixos` module value: options from
 * {@link bitpollOptions}, and a `config` block that turns every enabled instance into a user, a
 * socket-activated hardened gunicorn service, optional backup and health timers, and optional
 * nginx, PostgreSQL and Redis configuration.
 *
 * @module
 */
import {
  and,
  add,
  attrs,
  bind,
  call,
  toExpr,
  concat,
  eq,
  fn,
  hasAttr,
  if_,
  ind,
  list,
  neq,
  not,
  or,
  ref,
  select,
  str,
  update,
  type Expr,
  type Nixable,
  type NixableValue,
  type Ref,
} from "nix-ast";
import { module, type NixosModule } from "nix-ast/nixos";
import { DEFAULT_UNIT, MANAGE_BIN, SERVER_BIN, SETTINGS_ENV, STATIC_OUTPUT } from "./contract.js";
import { PUBLIC_ADDRESSES, SANDBOX, type UnitValue } from "./hardening.js";
import { INSTANCE_OPTION_NAMES, bitpollOptions, type BitpollOptionTree } from "./options.js";
import { PYTHON_PRELUDE, ifChain, toPythonFn } from "./python.js";
import { builtins, instanceRefs, lib, pkgs, type InstanceRefs, type TopRefs } from "./refs.js";

const cfg = ref("cfg") as unknown as TopRefs;
const L = (name: string): Ref => ref(name);
/** `settings.<key>` of an instance. */
const setting = (i: InstanceRefs, key: string): Expr => select(i.settings, key);

/** A Nix function of the unit name and the instance: `unit: i: body`. */
const perInstance = (body: (unit: Ref, i: InstanceRefs) => Nixable): Expr =>
  fn("unit", (unit: Ref) => fn("i", (i: Ref) => body(unit, instanceRefs(i))));
/** A Nix function of the instance: `i: body`. */
const ofInstance = (body: (i: InstanceRefs) => Nixable): Expr => fn("i", (i: Ref) => body(instanceRefs(i)));

const sandboxData = SANDBOX as { readonly [k: string]: UnitValue };

/** `{ __python = text; }`: a raw Python expression inside settings. */
const py = (text: Nixable): Expr => attrs({ __python: text });

/** A binding with a computed name: `${name} = value;`. */
const dyn = (name: Nixable, value: Nixable) => bind([toExpr(name)], value);

/** A secret read at run time by the settings file; empty when it is not provided. */
const pySecret = (name: string, env: string): Expr => py(`_secret(${JSON.stringify(name)}, ${JSON.stringify(env)}, default="")`);

/** The module's `let` bindings: helpers over instances, all Nix functions. */
function bindings(): { readonly [name: string]: Nixable } {
  const toPython = L("toPython");
  const usesPostgres = L("usesPostgres");
  const localPostgres = L("localPostgres");
  const localRedis = L("localRedis");
  const isLocalHost = L("isLocalHost");
  const hostOf = L("hostOf");
  const outbound = L("outbound");
  const extraAddresses = L("extraAddresses");
  const credentials = L("credentials");
  const groupManagement = L("groupManagement");
  const staticDir = L("staticDir");
  const settingsFile = L("settingsFile");
  const serviceEnvironment = L("serviceEnvironment");
  const socketAddress = L("socketAddress");
  const needsNetwork = L("needsNetwork");
  const moduleSettings = L("moduleSettings");

  return {
    cfg: ref("config.services.bitpoll"),
    // The default instance is the plain `services.bitpoll.*` options; named ones get a prefix.
    instances: update(
      lib.optionalAttrs(cfg.enable, { [DEFAULT_UNIT]: lib.getAttrs(list(...INSTANCE_OPTION_NAMES), cfg) }),
      lib.mapAttrsPrime(
        fn("name", (name: Ref) => fn("i", (i: Ref) => lib.nameValuePair(str`${DEFAULT_UNIT}-${name}`, i))),
        lib.filterAttrs(fn("name", () => fn("i", (i: Ref) => select(i, "enable"))), cfg.instances),
      ),
    ),
    toPython: toPythonFn(),
    publicAddresses: list(...PUBLIC_ADDRESSES),
    staticDir: str`${select(cfg.package, STATIC_OUTPUT)}`,
    // The package an instance runs: with metrics on, one built with django-prometheus (its settings
    // list django_prometheus in INSTALLED_APPS, so manage.py needs it as much as the server does).
    // A package without `override` is used as is, and an assertion explains what to do.
    instancePackage: ofInstance((i) =>
      if_(and(i.metrics.enable, hasAttr(cfg.package, "override")), call(select(cfg.package, "override"), { withPrometheus: true }), cfg.package),
    ),
    hostOf: fn("url", (url: Ref) => builtins.head(builtins.match("[a-zA-Z][a-zA-Z0-9+.-]*://([^/:]+).*", url))),
    isLocalHost: fn("h", (h: Ref) => builtins.elem(h, list("localhost", "127.0.0.1", "::1"))),
    usesPostgres: ofInstance((i) => eq(i.database.type, "postgresql")),
    localPostgres: ofInstance((i) => and(usesPostgres(i), i.database.createLocally)),
    localRedis: ofInstance((i) => and(eq(i.cache.backend, "redis"), i.cache.redis.createLocally)),
    redisSocket: fn("unit", (unit: Ref) => str`/run/redis-${unit}/redis.sock`),
    // Everything that makes the service open connections to other hosts.
    needsNetwork: ofInstance((i) =>
      or(
        setting(i, "CALENDAR_ENABLED"),
        i.email.enable,
        i.openid.enable,
        and(i.ldap.enable, not(lib.hasPrefix("ldapi:", i.ldap.serverUri))),
        and(usesPostgres(i), not(i.database.createLocally)),
        and(eq(i.cache.backend, "redis"), not(i.cache.redis.createLocally)),
        i.metrics.enable,
      ),
    ),
    outbound: ofInstance((i) => ifChain([[neq(i.network.outbound, null), i.network.outbound], [needsNetwork(i), "public"]], "none")),
    extraAddresses: ofInstance((i) =>
      concat(
        i.network.allowedAddresses,
        lib.optional(
          or(
            i.metrics.enable,
            and(i.email.enable, isLocalHost(i.email.host)),
            and(usesPostgres(i), not(i.database.createLocally), neq(i.database.host, null), isLocalHost(i.database.host)),
          ),
          "localhost",
        ),
      ),
    ),
    // The sandbox shared by every unit of every instance, written once (hardening.ts).
    sandbox: sandboxData as Nixable,
    // The network part of the sandbox (see hardening.ts for the measured scores).
    networkSandbox: ofInstance((i) =>
      ifChain(
        [
          [
            and(eq(outbound(i), "none"), eq(extraAddresses(i), list())),
            { PrivateNetwork: true, RestrictAddressFamilies: "AF_UNIX", IPAddressDeny: "any" },
          ],
          [eq(outbound(i), "none"), { RestrictAddressFamilies: "AF_UNIX AF_INET AF_INET6", IPAddressDeny: "any", IPAddressAllow: extraAddresses(i) }],
          [
            eq(outbound(i), "public"),
            { RestrictAddressFamilies: "AF_UNIX AF_INET AF_INET6", IPAddressDeny: "any", IPAddressAllow: concat(L("publicAddresses"), extraAddresses(i)) },
          ],
        ],
        { RestrictAddressFamilies: "AF_UNIX AF_INET AF_INET6" },
      ),
    ),
    // Credential name -> file, for every secret given as a file.
    credentials: ofInstance((i) =>
      lib.filterAttrs(
        fn("n", () => fn("f", (f: Ref) => neq(f, null))),
        {
          secret_key: i.secretKeyFile,
          field_encryption_key: i.encryptionKeyFile,
          database_password: i.database.passwordFile,
          email_password: i.email.passwordFile,
          openid_client_secret: i.openid.clientSecretFile,
          ldap_bind_password: i.ldap.bindPasswordFile,
        },
      ),
    ),
    loadCredential: ofInstance((i) => lib.mapAttrsToList(fn("n", (n: Ref) => fn("f", (f: Ref) => str`${n}:${f}`)), credentials(i))),
    groupManagement: ofInstance((i) =>
      ifChain([[neq(setting(i, "GROUP_MANAGEMENT"), null), setting(i, "GROUP_MANAGEMENT")]], and(setting(i, "REGISTER_ENABLED"), not(i.openid.enable))),
    ),
    socketAddress: ofInstance((i) =>
      ifChain(
        [
          [eq(i.listen.address, null), i.listen.socket],
          [lib.hasInfix(":", i.listen.address), str`[${i.listen.address}]:${builtins.toString(i.listen.port)}`],
        ],
        str`${i.listen.address}:${builtins.toString(i.listen.port)}`,
      ),
    ),
    // The settings the module derives from its typed options; `settings` come after and win.
    moduleSettings: perInstance((unit, i) => {
      const https = lib.hasPrefix("https://", i.baseUrl);
      const pg = {
        ENGINE: "django.db.backends.postgresql",
        NAME: i.database.name,
        USER: i.database.user,
        HOST: ifChain([[i.database.createLocally, "/run/postgresql"]], i.database.host),
        PORT: ifChain([[i.database.createLocally, ""]], builtins.toString(i.database.port)),
        PASSWORD: ifChain([[i.database.createLocally, ""]], pySecret("database_password", "BITPOLL_DATABASE_PASSWORD")),
      };
      return update(
        {
          DEBUG: false,
          BASE_URL: i.baseUrl,
          ALLOWED_HOSTS: lib.unique(concat(list(hostOf(i.baseUrl), "localhost"), i.allowedHosts)),
          STATIC_URL: "/static/",
          STATIC_ROOT: staticDir,
          MEDIA_ROOT: str`${i.stateDir}/media`,
          DATABASES: {
            default: ifChain([[usesPostgres(i), pg]], { ENGINE: "django.db.backends.sqlite3", NAME: str`${i.stateDir}/db.sqlite3` }),
          },
          CACHES: {
            default: ifChain(
              [
                [
                  eq(i.cache.backend, "redis"),
                  {
                    BACKEND: "django.core.cache.backends.redis.RedisCache",
                    LOCATION: ifChain([[i.cache.redis.createLocally, str`unix://${L("redisSocket")(unit)}`]], i.cache.redis.url),
                  },
                ],
              ],
              { BACKEND: "django.core.cache.backends.locmem.LocMemCache", TIMEOUT: 1800, OPTIONS: { MAX_ENTRIES: 1000 } },
            ),
          },
          GROUP_MANAGEMENT: groupManagement(i),
          INSTALLED_APPS_LOCAL: concat(
            lib.optional(i.openid.enable, "simple_openid_connect.integrations.django"),
            lib.optional(i.metrics.enable, "django_prometheus"),
          ),
          MIDDLEWARE_LOCAL: lib.optional(i.openid.enable, "simple_openid_connect.integrations.django.middleware.TokenVerificationMiddleware"),
          PIPELINE_LOCAL: {},
          EMAIL_BACKEND: ifChain([[i.email.enable, "django.core.mail.backends.smtp.EmailBackend"]], "django.core.mail.backends.console.EmailBackend"),
          DEFAULT_FROM_EMAIL: i.email.from,
          SERVER_EMAIL: i.email.from,
        },
        lib.optionalAttrs(https, {
          SESSION_COOKIE_SECURE: true,
          CSRF_COOKIE_SECURE: true,
          CSRF_TRUSTED_ORIGINS: list(builtins.head(builtins.match("(https://[^/]+).*", i.baseUrl))),
          SECURE_PROXY_SSL_HEADER: list("HTTP_X_FORWARDED_PROTO", "https"),
        }),
        lib.optionalAttrs(i.email.enable, {
          EMAIL_HOST: i.email.host,
          EMAIL_PORT: i.email.port,
          EMAIL_USE_TLS: eq(i.email.security, "starttls"),
          EMAIL_USE_SSL: eq(i.email.security, "tls"),
          EMAIL_HOST_USER: ifChain([[eq(i.email.user, null), ""]], i.email.user),
          EMAIL_HOST_PASSWORD: pySecret("email_password", "BITPOLL_EMAIL_PASSWORD"),
        }),
        lib.optionalAttrs(i.openid.enable, {
          OPENID_ENABLED: true,
          OPENID_PROVIDER: i.openid.provider,
          OPENID_ISSUER: i.openid.issuer,
          OPENID_API_BASE: ifChain([[eq(i.openid.apiBase, null), i.openid.issuer]], i.openid.apiBase),
          OPENID_CLIENT_ID: i.openid.clientId,
          OPENID_CLIENT_SECRET: pySecret("openid_client_secret", "BITPOLL_OPENID_CLIENT_SECRET"),
          OPENID_BASE_URI: i.baseUrl,
          OPENID_SCOPE: i.openid.scope,
          OPENID_USER_MAPPER: "bitpoll.base.openid.BitpollUserMapper",
          // `(?!)` never matches: without admin groups nobody becomes an administrator.
          OPENID_ADMIN_GROUPS: py(str`re.compile(${toPython(ifChain([[eq(i.openid.adminGroups, null), "(?!)"]], i.openid.adminGroups))})`),
        }),
        lib.optionalAttrs(i.ldap.enable, update(
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
        )),
        lib.optionalAttrs(i.metrics.enable, {
          PROMETHEUS_METRICS_EXPORT_ADDRESS: i.metrics.address,
          PROMETHEUS_METRICS_EXPORT_PORT_RANGE: py(
            str`range(${builtins.toString(i.metrics.port)}, ${builtins.toString(add(i.metrics.port, i.workers))})`,
          ),
        }),
      );
    }),
    // The whole settings file: prelude (secret readers), imports, assignments, extraConfig.
    settingsText: perInstance((unit, i) =>
      lib.concatStringsSep("\n", list(
        PYTHON_PRELUDE,
        lib.optionalString(i.ldap.enable, "import ldap\nfrom django_auth_ldap.config import LDAPSearch, PosixGroupType\n"),
        lib.concatStringsSep(
          "\n",
          lib.mapAttrsToList(
            fn("k", (k: Ref) => fn("v", (v: Ref) => str`${k} = ${toPython(v)}`)),
            update(moduleSettings(unit, i), builtins.removeAttrs(i.settings, list("GROUP_MANAGEMENT", "_module"))),
          ),
        ),
        "",
        i.extraConfig,
      )),
    ),
    settingsFile: perInstance((unit, i) => pkgs.writeText(str`${unit}-settings.py`, L("settingsText")(unit, i))),
    // No secret here: the unit's environment is world-readable through D-Bus.
    serviceEnvironment: perInstance((unit, i) => ({
      [SETTINGS_ENV]: str`${settingsFile(unit, i)}`,
      BITPOLL_STATE_DIR: i.stateDir,
      PYTHONDONTWRITEBYTECODE: "1",
      GUNICORN_CMD_ARGS: str`--workers ${builtins.toString(i.workers)} --access-logfile - --forwarded-allow-ips *`,
    })),
    // Runs before every start, as the service user inside the sandbox.
    preStart: perInstance((unit, i) => {
      const gen = (name: string, bytes: number, urlsafe: boolean) => ind`
        if [ ! -f "\${CREDENTIALS_DIRECTORY:-/nonexistent}/${name}" ] && [ ! -s ${name} ]; then
          head -c ${String(bytes)} /dev/urandom | base64 -w0 ${urlsafe ? "| tr '+/' '-_' " : ""}> ${name}.new
          mv ${name}.new ${name}
        fi
      `;
      return ind`
        set -eu
        umask 0077
        cd ${i.stateDir}
        # Keys are made once and kept: a new SECRET_KEY logs everybody out, a new
        # FIELD_ENCRYPTION_KEY makes stored CalDAV URLs unreadable.
        ${gen("secret_key", 48, false)}
        ${gen("field_encryption_key", 32, true)}
        mkdir -p media
        # Migrations run once per package and database backend, not on every start.
        stamp=${lib.escapeShellArg(str`${L("instancePackage")(i)} ${i.database.type}`)}
        if [ "$(cat .migrated 2>/dev/null || true)" != "$stamp" ]; then
          ${L("instancePackage")(i)}/bin/${MANAGE_BIN} migrate --no-input
          printf '%s\\n' "$stamp" > .migrated
        fi
      `;
    }),
    // `<unit>-manage`: manage.py as the instance's user, in a transient unit with its credentials.
    // Shell line continuations below are written `\\`: a bare `\` before a line break would be a JS
    // line continuation and join the lines inside the template.
    manageCommand: perInstance((unit, i) =>
      pkgs.writeShellScriptBin(str`${unit}-manage`, ind`
        set -eu
        if [ "$(${pkgs.coreutils}/bin/id -u)" != 0 ]; then
          echo "${unit}-manage: run me as root; I run manage.py as ${i.user} with the instance's configuration." >&2
          exit 1
        fi
        if [ -t 0 ] && [ -t 1 ]; then io=--pty; else io=--pipe; fi
        exec ${pkgs.systemd}/bin/systemd-run --quiet --wait --collect --service-type=exec "$io" \\
          --property=User=${i.user} --property=Group=${i.group} \\
          --property=WorkingDirectory=${i.stateDir} --property=UMask=0077 \\
          ${lib.concatMapStringsSep(" ", fn("c", (c: Ref) => str`--property=LoadCredential=${lib.escapeShellArg(c)}`), L("loadCredential")(i))} \\
          ${lib.optionalString(neq(i.environmentFile, null), str`--property=EnvironmentFile=${lib.escapeShellArg(builtins.toString(i.environmentFile))}`)} \\
          ${lib.concatStringsSep(" ", lib.mapAttrsToList(fn("k", (k: Ref) => fn("v", (v: Ref) => str`--setenv=${k}=${lib.escapeShellArg(v)}`)), serviceEnvironment(unit, i)))} \\
          ${L("instancePackage")(i)}/bin/${MANAGE_BIN} "$@"
      `),
    ),
    backupScript: perInstance((unit, i) =>
      ind`
        set -eu
        umask 0077
        dest=${lib.escapeShellArg(i.backup.location)}
        stamp=$(date -u +%Y%m%dT%H%M%SZ)
        work="$dest/.partial-$stamp"
        rm -rf "$dest"/.partial-*
        mkdir -p "$work"
        ${ifChain(
          [
            [
              usesPostgres(i),
              ind`
                ${lib.optionalString(and(not(i.database.createLocally), neq(i.database.passwordFile, null)), 'export PGPASSWORD="$(cat "$CREDENTIALS_DIRECTORY/database_password")"')}
                pg_dump --format=custom --file="$work/db.dump" \\
                  --host=${ifChain([[i.database.createLocally, "/run/postgresql"]], i.database.host)} --port=${builtins.toString(i.database.port)} \\
                  --username=${lib.escapeShellArg(i.database.user)} ${lib.escapeShellArg(i.database.name)}
              `,
            ],
          ],
          ind`
            # SQLite's online backup: a consistent copy while the service keeps running.
            if [ -f ${i.stateDir}/db.sqlite3 ]; then
              sqlite3 ${i.stateDir}/db.sqlite3 ".backup '$work/db.sqlite3'"
            fi
          `,
        )}
        for key in secret_key field_encryption_key; do
          if [ -f "\${CREDENTIALS_DIRECTORY:-/nonexistent}/$key" ]; then
            cp "$CREDENTIALS_DIRECTORY/$key" "$work/$key"
          elif [ -f ${i.stateDir}/$key ]; then
            cp ${i.stateDir}/$key "$work/$key"
          fi
        done
        if [ -d ${i.stateDir}/media ]; then cp -r ${i.stateDir}/media "$work/media"; fi
        mv "$work" "$dest/backup-$stamp"
        # Keep the newest ${builtins.toString(i.backup.keep)}.
        ls -1d "$dest"/backup-* | sort | head -n -${builtins.toString(i.backup.keep)} | xargs -r rm -rf --
      `,
    ),
    healthScript: perInstance((unit, i) =>
      ind`
        set -eu
        curl --fail --silent --show-error --max-time 60 --output /dev/null \\
          ${ifChain([[eq(i.listen.address, null), str`--unix-socket ${i.listen.socket} http://localhost/`]], str`http://${socketAddress(i)}/`)}
      `,
    ),
  };
}

/** The `config` block: per-instance units, users and integrations, plus assertions. */
function configBlock(): NixableValue {
  const instances = L("instances");
  const networkSandbox = L("networkSandbox");
  const serviceEnvironment = L("serviceEnvironment");
  const loadCredential = L("loadCredential");
  const localPostgres = L("localPostgres");
  const localRedis = L("localRedis");
  const usesPostgres = L("usesPostgres");
  const groupManagement = L("groupManagement");
  const socketAddress = L("socketAddress");
  const hostOf = L("hostOf");

  const mapUnits = (f: (unit: Ref, i: InstanceRefs) => Nixable) => lib.mkMerge(lib.mapAttrsToList(perInstance(f), instances));
  const filtered = (pred: (i: InstanceRefs) => Nixable) => lib.filterAttrs(fn("unit", () => fn("i", (i: Ref) => pred(instanceRefs(i)))), instances);
  const stateDirectory = (i: InstanceRefs) => lib.removePrefix("/var/lib/", i.stateDir);
  const envFile = (i: InstanceRefs) => lib.optional(neq(i.environmentFile, null), i.environmentFile);
  // Units the service (and its backup) need running first.
  const deps = (unit: Ref, i: InstanceRefs) =>
    concat(lib.optional(localPostgres(i), "postgresql.service"), lib.optional(localRedis(i), str`redis-${unit}.service`));
  const sandbox = L("sandbox");
  const unique = (what: string, f: (i: InstanceRefs) => Nixable, pred?: (i: InstanceRefs) => Nixable) => {
    const vals = lib.mapAttrsToList(fn("unit", () => fn("i", (i: Ref) => f(instanceRefs(i)))), pred ? filtered(pred) : instances);
    return {
      assertion: eq(builtins.length(vals), builtins.length(lib.unique(vals))),
      message: str`services.bitpoll: two instances share a ${what} (${lib.concatStringsSep(", ", builtins.map(builtins.toString, vals))}); each needs its own.`,
    };
  };
  const perInstanceAssertions = perInstance((unit, i) =>
    list(
      {
        assertion: not(and(i.openid.enable, groupManagement(i))),
        message: str`services.bitpoll (${unit}): OpenID login and GROUP_MANAGEMENT cannot both be on (Bitpoll refuses to start). Set settings.GROUP_MANAGEMENT = false.`,
      },
      {
        assertion: lib.all(fn("k", (k: Ref) => neq(builtins.match("[A-Za-z_][A-Za-z0-9_]*", k), null)), builtins.attrNames(i.settings)),
        message: str`services.bitpoll (${unit}): every key of settings must be a Python identifier.`,
      },
      {
        assertion: or(not(localPostgres(i)), and(eq(i.database.user, i.user), eq(i.database.name, i.database.user))),
        message: str`services.bitpoll (${unit}): with database.createLocally, database.user must be the instance's user (peer authentication) and database.name must equal it.`,
      },
      {
        assertion: or(not(usesPostgres(i)), i.database.createLocally, neq(i.database.host, null)),
        message: str`services.bitpoll (${unit}): a PostgreSQL database that is not created locally needs database.host.`,
      },
      {
        assertion: or(not(i.openid.enable), and(neq(i.openid.issuer, ""), neq(i.openid.clientId, ""))),
        message: str`services.bitpoll (${unit}): OpenID login needs openid.issuer and openid.clientId.`,
      },
      {
        assertion: or(not(i.ldap.enable), neq(i.ldap.serverUri, "")),
        message: str`services.bitpoll (${unit}): LDAP login needs ldap.serverUri.`,
      },
      {
        assertion: or(neq(i.cache.backend, "redis"), i.cache.redis.createLocally, neq(i.cache.redis.url, null)),
        message: str`services.bitpoll (${unit}): a Redis cache that is not created locally needs cache.redis.url.`,
      },
      {
        assertion: or(not(i.metrics.enable), hasAttr(cfg.package, "override")),
        message: str`services.bitpoll (${unit}): metrics need django-prometheus in the package, and services.bitpoll.package has no \`override\` to add it. Set services.bitpoll.package to a package built with withPrometheus = true (for example \`bitpoll.override { withPrometheus = true; }\`), or turn metrics.enable off.`,
      },
    ),
  );
  const nginxInstances = filtered((i) => i.nginx.enable);
  const vhostName = (i: InstanceRefs) => ifChain([[eq(i.nginx.hostName, null), hostOf(i.baseUrl)]], i.nginx.hostName);

  return lib.mkIf(neq(instances, {}), {
    assertions: concat(
      lib.concatLists(lib.mapAttrsToList(perInstanceAssertions, instances)),
      list(
        unique("user", (i) => i.user),
        unique("state directory", (i) => i.stateDir),
        unique("socket", (i) => i.listen.socket, (i) => eq(i.listen.address, null)),
        unique("port", (i) => i.listen.port, (i) => neq(i.listen.address, null)),
        unique("backup location", (i) => i.backup.location, (i) => i.backup.enable),
        unique("nginx virtual host", (i) => vhostName(i), (i) => i.nginx.enable),
      ),
    ),
    users: {
      users: lib.mapAttrs(
        fn("user", () => fn("i", (i: Ref) => i)),
        lib.listToAttrs(
          lib.mapAttrsToList(
            perInstance((unit, i) =>
              lib.nameValuePair(i.user, { isSystemUser: true, group: i.group, home: i.stateDir, description: str`Bitpoll (${unit})` }),
            ),
            instances,
          ),
        ),
      ),
      groups: lib.listToAttrs(lib.mapAttrsToList(perInstance((_unit, i) => lib.nameValuePair(i.group, {})), instances)),
    },
    // hiPrio: the default instance's wrapper is called `bitpoll-manage` like the package's plain one;
    // should both land on the system path, the one that switches to the instance's user wins.
    environment: { systemPackages: lib.mapAttrsToList(perInstance((unit, i) => lib.hiPrio(L("manageCommand")(unit, i))), instances) },
    systemd: {
      sockets: mapUnits((unit, i) =>
        attrs([
          dyn(unit, {
            description: str`Socket of Bitpoll (${unit})`,
            wantedBy: list("sockets.target"),
            listenStreams: list(socketAddress(i)),
            socketConfig: {
              SocketUser: i.user,
              SocketGroup: ifChain(
                [[neq(i.listen.socketGroup, null), i.listen.socketGroup], [i.nginx.enable, ref("config.services.nginx.group")]],
                i.group,
              ),
              SocketMode: "0660",
            },
          }),
        ]),
      ),
      services: mapUnits((unit, i) =>
        attrs([
          dyn(unit, {
            description: str`Bitpoll poll service (${unit})`,
            wantedBy: list("multi-user.target"),
            requires: concat(list(str`${unit}.socket`), deps(unit, i)),
            after: concat(list("network.target", str`${unit}.socket`), deps(unit, i)),
            path: list(pkgs.coreutils),
            environment: serviceEnvironment(unit, i),
            preStart: L("preStart")(unit, i),
            serviceConfig: update(
              sandbox,
              networkSandbox(i),
              {
                // gunicorn reports readiness itself; migrations may take a while on upgrades.
                Type: "notify",
                NotifyAccess: "main",
                ExecStart: str`${L("instancePackage")(i)}/bin/${SERVER_BIN}`,
                User: i.user,
                Group: i.group,
                StateDirectory: stateDirectory(i),
                StateDirectoryMode: "0700",
                WorkingDirectory: i.stateDir,
                LoadCredential: loadCredential(i),
                EnvironmentFile: envFile(i),
                Restart: "on-failure",
                TimeoutStartSec: "15min",
              },
            ),
          }),
          dyn(
            str`${unit}-backup`,
            lib.mkIf(i.backup.enable, {
              description: str`Backup of Bitpoll (${unit})`,
              requires: deps(unit, i),
              after: concat(list(str`${unit}.service`), deps(unit, i)),
              path: concat(
                list(pkgs.coreutils, pkgs.findutils, pkgs.sqlite),
                lib.optional(usesPostgres(i), ref("config.services.postgresql.package")),
              ),
              environment: { BITPOLL_STATE_DIR: i.stateDir },
              script: L("backupScript")(unit, i),
              serviceConfig: update(sandbox, networkSandbox(i), {
                Type: "oneshot",
                User: i.user,
                Group: i.group,
                StateDirectory: stateDirectory(i),
                StateDirectoryMode: "0700",
                ReadWritePaths: list(i.backup.location),
                LoadCredential: loadCredential(i),
                EnvironmentFile: envFile(i),
              }),
            }),
          ),
          dyn(
            str`${unit}-health`,
            lib.mkIf(i.health.enable, {
              description: str`Health check of Bitpoll (${unit})`,
              after: list(str`${unit}.service`),
              path: list(pkgs.curl),
              script: L("healthScript")(unit, i),
              serviceConfig: update(sandbox, {
                Type: "oneshot",
                User: i.user,
                Group: i.group,
                RestrictAddressFamilies: "AF_UNIX AF_INET AF_INET6",
                IPAddressDeny: "any",
                IPAddressAllow: list("localhost"),
              }),
            }),
          ),
        ]),
      ),
      timers: mapUnits((unit, i) =>
        attrs([
          dyn(
            str`${unit}-backup`,
            lib.mkIf(i.backup.enable, {
              description: str`Backup of Bitpoll (${unit})`,
              wantedBy: list("timers.target"),
              timerConfig: { OnCalendar: i.backup.schedule, Persistent: true, RandomizedDelaySec: "10min" },
            }),
          ),
          dyn(
            str`${unit}-health`,
            lib.mkIf(i.health.enable, {
              description: str`Health check of Bitpoll (${unit})`,
              wantedBy: list("timers.target"),
              timerConfig: { OnActiveSec: "2min", OnUnitActiveSec: i.health.interval },
            }),
          ),
        ]),
      ),
      tmpfiles: {
        rules: lib.concatLists(
          lib.mapAttrsToList(
            perInstance((_unit, i) => lib.optional(i.backup.enable, str`d ${i.backup.location} 0700 ${i.user} ${i.group} - -`)),
            instances,
          ),
        ),
      },
    },
    services: {
      postgresql: lib.mkIf(lib.any(localPostgres, builtins.attrValues(instances)), {
        enable: true,
        ensureDatabases: lib.unique(builtins.map(fn("i", (i: Ref) => instanceRefs(i).database.name), builtins.attrValues(filtered(localPostgres)))),
        ensureUsers: builtins.map(fn("i", (i: Ref) => ({ name: instanceRefs(i).database.user, ensureDBOwnership: true })), builtins.attrValues(filtered(localPostgres))),
      }),
      redis: {
        servers: lib.mapAttrs(
          perInstance((_unit, i) => ({ enable: true, user: i.user, port: 0, unixSocket: L("redisSocket")(_unit), unixSocketPerm: 600 })),
          filtered(localRedis),
        ),
      },
      nginx: lib.mkIf(neq(nginxInstances, {}), {
        enable: true,
        virtualHosts: lib.mapAttrsPrime(
          perInstance((_unit, i) =>
            lib.nameValuePair(vhostName(i), {
              enableACME: i.nginx.enableACME,
              forceSSL: i.nginx.enableACME,
              locations: {
                "/static/": { alias: str`${L("staticDir")}/`, extraConfig: "expires 7d;" },
                "/": {
                  proxyPass: ifChain([[eq(i.listen.address, null), str`http://unix:${i.listen.socket}`]], str`http://${socketAddress(i)}`),
                  recommendedProxySettings: true,
                },
              },
            }),
          ),
          nginxInstances,
        ),
      }),
    },
  });
}

export { bindings as _bindings, configBlock as _configBlock, sandboxData as _sandboxData };

/**
 * The `services.bitpoll` module value, typed by its option tree: customise it with `setDefault`,
 * `addOption`, … (`setDefault("services.bitpoll.workers", "four")` does not compile). Render it
 * with {@link renderBitpollModule} (`render.ts`), which declares the per-instance options once.
 */
export function bitpollModule(): NixosModule<BitpollOptionTree> {
  return module({ let: bindings(), options: bitpollOptions(), config: configBlock() });
}
