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
  attrs,
  bind,
  call,
  comment,
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
import { module, nonNull, type NixosModule } from "nix-ast/nixos";
import { DEFAULT_UNIT, MANAGE_BIN, SERVER_BIN, SETTINGS_ENV, STATIC_OUTPUT } from "./contract.js";
import { PUBLIC_ADDRESSES, SANDBOX, type UnitValue } from "./hardening.js";
import { INSTANCE_OPTION_NAMES, bitpollOptions, type BitpollOptionTree } from "./options.js";
import { MODULE_FEATURES, featureLists } from "./features.js";
import { PYTHON_PRELUDE, ifChain, pySecret, toPythonFn } from "./python.js";
import { builtins, cfg, instanceRefs, lib, pkgs, type InstanceRefs } from "./refs.js";

const L = (name: string): Ref => ref(name);
/** `settings.<key>` of an instance. */
const setting = (i: InstanceRefs, key: string): Expr => select(i.settings, key);

/** A Nix function of the unit name and the instance: `unit: i: body`. */
const perInstance = (body: (unit: Ref, i: InstanceRefs) => Nixable): Expr =>
  fn("unit", (unit: Ref) => fn("i", (i: Ref) => body(unit, instanceRefs(i))));
/** A Nix function of the instance: `i: body`. */
const ofInstance = (body: (i: InstanceRefs) => Nixable): Expr => fn("i", (i: Ref) => body(instanceRefs(i)));

const sandboxData: { readonly [k: string]: UnitValue } = SANDBOX;

/** A binding with a computed name: `${name} = value;`. */
const dyn = (name: Nixable, value: Nixable) => bind([toExpr(name)], value);

/**
 * The unit, user and group name `bitpoll-<name>` of `instances.<name>`, or a clear error: NixOS
 * refuses unit names with spaces and aborts (no assertion) on user names over 31 characters. Every
 * name derived from an instance goes through this, so the error comes first and names the option.
 */
export const INSTANCE_NAME = /^[a-z][a-z0-9-]{0,22}$/;
function instanceUnit(name: Ref): Expr {
  return if_(
    neq(builtins.match(INSTANCE_NAME.source.slice(1, -1), name), null),
    str`${DEFAULT_UNIT}-${name}`,
    builtins.throw(
      str`services.bitpoll.instances.${name}: an instance name is a lower-case letter followed by at most 22 lower-case letters, digits or dashes (it becomes the user, group and unit name ${DEFAULT_UNIT}-<name>).`,
    ),
  );
}

/** The module's `let` bindings: helpers over instances, all Nix functions. */
function bindings(): { readonly [name: string]: Nixable } {
  const toPython = L("toPython");
  const usesPostgres = L("usesPostgres");
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
        fn("name", (name: Ref) => fn("i", (i: Ref) => lib.nameValuePair(instanceUnit(name), i))),
        lib.filterAttrs(fn("name", () => fn("i", (i: Ref) => select(i, "enable"))), cfg.instances),
      ),
    ),
    toPython: toPythonFn(),
    // Helpers of the features (features.ts), and the instances each feature is on in.
    ...Object.assign({}, ...MODULE_FEATURES.map((f) => f.module.lets ?? {})),
    ...Object.fromEntries(
      MODULE_FEATURES.filter((f) => f.module.host !== undefined).map((f) => [
        `${f.name}Instances`,
        lib.filterAttrs(fn("unit", () => fn("i", (i: Ref) => f.module.enabled(instanceRefs(i)))), L("instances")),
      ]),
    ),
    publicAddresses: list(...PUBLIC_ADDRESSES),
    staticDir: str`${select(cfg.package, STATIC_OUTPUT)}`,
    // The package flags (`withLdap`, …) the features an instance has on need (features.ts).
    neededFlags: ofInstance((i) => concat(...MODULE_FEATURES.map((f) => lib.optional(f.module.enabled(i), f.flag)))),
    // Those the package does not have: it says which it has in `passthru.features`.
    missingFlags: ofInstance((i) =>
      builtins.filter(fn("flag", (flag: Ref) => not(lib.attrByPath(list("features", flag), false, cfg.package))), L("neededFlags")(i)),
    ),
    // The package an instance runs: `services.bitpoll.package`, overridden with the flags its
    // features need (the settings import what those flags add, so manage.py needs them as much as
    // the server). A package without `override` is used as is, and an assertion names the flags.
    instancePackage: ofInstance((i) =>
      if_(
        or(eq(L("missingFlags")(i), list()), not(hasAttr(cfg.package, "override"))),
        cfg.package,
        call(select(cfg.package, "override"), lib.genAttrs(L("missingFlags")(i), fn("_flag", () => true))),
      ),
    ),
    hostOf: fn("url", (url: Ref) => builtins.head(builtins.match("[a-zA-Z][a-zA-Z0-9+.-]*://([^/:]+).*", url))),
    isLocalHost: fn("h", (h: Ref) => builtins.elem(h, list("localhost", "127.0.0.1", "::1"))),
    usesPostgres: ofInstance((i) => eq(i.database.type, "postgresql")),
    // Everything that makes the service open connections to other hosts.
    needsNetwork: ofInstance((i) =>
      or(
        setting(i, "CALENDAR_ENABLED"),
        i.email.enable,
        ...MODULE_FEATURES.flatMap((f) => {
          const needs = f.module.needsNetwork?.(i);
          return needs === undefined ? [] : [needs === true ? f.module.enabled(i) : and(f.module.enabled(i), needs)];
        }),
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
    // NixOS resolves names through nscd's socket (services.nscd.enable defaults to true,
    // nixos/modules/services/system/nscd.nix), which the sandbox allows; without nscd, glibc asks
    // the resolvers itself, and "public" must let it reach them (often loopback or the LAN).
    resolverAddresses: lib.optionals(
      not(select(ref("config"), "services.nscd.enable", true)),
      concat(
        select(ref("config"), "networking.nameservers", list()),
        lib.optional(select(ref("config"), "services.resolved.enable", false), "127.0.0.53"),
      ),
    ),
    // The sandbox shared by every unit of every instance, written once (hardening.ts).
    sandbox: sandboxData,
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
            {
              RestrictAddressFamilies: "AF_UNIX AF_INET AF_INET6",
              IPAddressDeny: "any",
              IPAddressAllow: concat(L("publicAddresses"), extraAddresses(i), L("resolverAddresses")),
            },
          ],
        ],
        { RestrictAddressFamilies: "AF_UNIX AF_INET AF_INET6" },
      ),
    ),
    // Credential name -> file, for every secret given as a file.
    credentials: ofInstance((i) =>
      lib.filterAttrs(
        fn("n", () => fn("f", (f: Ref) => neq(f, null))),
        Object.assign(
          {
            secret_key: i.secretKeyFile,
            field_encryption_key: i.encryptionKeyFile,
            email_password: i.email.passwordFile,
          },
          ...MODULE_FEATURES.map((f) => f.module.credentials?.(i) ?? {}),
        ),
      ),
    ),
    loadCredential: ofInstance((i) => lib.mapAttrsToList(fn("n", (n: Ref) => fn("f", (f: Ref) => str`${n}:${f}`)), credentials(i))),
    groupManagement: ofInstance((i) =>
      ifChain([[neq(setting(i, "GROUP_MANAGEMENT"), null), setting(i, "GROUP_MANAGEMENT")]], and(setting(i, "REGISTER_ENABLED"), not(i.openid.enable))),
    ),
    socketAddress: ofInstance((i) => {
      // Past the first test the address is not null.
      const address = nonNull(i.listen.address);
      return ifChain(
        [
          [eq(i.listen.address, null), i.listen.socket],
          [lib.hasInfix(":", address), str`[${address}]:${builtins.toString(i.listen.port)}`],
        ],
        str`${address}:${builtins.toString(i.listen.port)}`,
      );
    }),
    // Units the service and its backup need running first, from the features (features.ts).
    requiredUnits: comment(
      perInstance((unit, i) =>
        concat(...MODULE_FEATURES.flatMap((f) => (f.module.units ? [lib.optionals(f.module.enabled(i), f.module.units(unit, i))] : []))),
      ),
      "Units the service and its backup need first. postgresql.target, not postgresql.service: since\nnixpkgs PR #403645 (25.11 and later) ensureDatabases/ensureUsers run in postgresql-setup.service,\nand the target is reached after it.",
    ),
    // The settings the module derives from its typed options; `settings` come after and win.
    moduleSettings: perInstance((unit, i) => {
      const https = lib.hasPrefix("https://", i.baseUrl);
      return update(
        {
          DEBUG: false,
          BASE_URL: i.baseUrl,
          ALLOWED_HOSTS: lib.unique(concat(list(hostOf(i.baseUrl), "localhost"), i.allowedHosts)),
          STATIC_URL: "/static/",
          STATIC_ROOT: staticDir,
          MEDIA_ROOT: str`${i.stateDir}/media`,
          // Replaced by the postgres and redis features when they are on.
          DATABASES: { default: { ENGINE: "django.db.backends.sqlite3", NAME: str`${i.stateDir}/db.sqlite3` } },
          CACHES: { default: { BACKEND: "django.core.cache.backends.locmem.LocMemCache", TIMEOUT: 1800, OPTIONS: { MAX_ENTRIES: 1000 } } },
          GROUP_MANAGEMENT: groupManagement(i),
          INSTALLED_APPS_LOCAL: featureLists(i, (m) => m.installedApps),
          MIDDLEWARE_LOCAL: featureLists(i, (m) => m.middleware),
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
        ...MODULE_FEATURES.flatMap((f) => (f.module.settings ? [lib.optionalAttrs(f.module.enabled(i), f.module.settings(unit, i))] : [])),
      );
    }),
    // The whole settings file: prelude (secret readers), imports, assignments, extraConfig.
    settingsText: perInstance((unit, i) =>
      lib.concatStringsSep("\n", list(
        PYTHON_PRELUDE,
        ...MODULE_FEATURES.flatMap((f) => (f.module.pythonHeader ? [lib.optionalString(f.module.enabled(i), f.module.pythonHeader)] : [])),
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
  const usesPostgres = L("usesPostgres");
  const socketAddress = L("socketAddress");
  const hostOf = L("hostOf");

  const mapUnits = (f: (unit: Ref, i: InstanceRefs) => Nixable) => lib.mkMerge(lib.mapAttrsToList(perInstance(f), instances));
  const filtered = (pred: (i: InstanceRefs) => Nixable) => lib.filterAttrs(fn("unit", () => fn("i", (i: Ref) => pred(instanceRefs(i)))), instances);
  const stateDirectory = (i: InstanceRefs) => lib.removePrefix("/var/lib/", i.stateDir);
  const envFile = (i: InstanceRefs) => lib.optional(neq(i.environmentFile, null), i.environmentFile);
  // Units the service (and its backup) need running first.
  const deps = (unit: Ref, i: InstanceRefs) => L("requiredUnits")(unit, i);
  const sandbox = L("sandbox");
  const unique = (what: string, f: (i: InstanceRefs) => Nixable, pred?: (i: InstanceRefs) => Nixable) => {
    const vals = lib.mapAttrsToList(fn("unit", () => fn("i", (i: Ref) => f(instanceRefs(i)))), pred ? filtered(pred) : instances);
    return {
      assertion: eq(builtins.length(vals), builtins.length(lib.unique(vals))),
      message: str`services.bitpoll: two instances share a ${what} (${lib.concatStringsSep(", ", builtins.map(builtins.toString, vals))}); each needs its own.`,
    };
  };
  const perInstanceAssertions = perInstance((unit, i) =>
    concat(
      list(
        {
          assertion: lib.all(fn("k", (k: Ref) => neq(builtins.match("[A-Za-z_][A-Za-z0-9_]*", k), null)), builtins.attrNames(i.settings)),
          message: str`services.bitpoll (${unit}): every key of settings must be a Python identifier.`,
        },
        {
          assertion: or(hasAttr(cfg.package, "override"), eq(L("missingFlags")(i), list())),
          message: str`services.bitpoll (${unit}): the features turned on need a package built with ${lib.concatMapStringsSep(
            ", ",
            fn("f", (f: Ref) => str`${f} = true`),
            L("missingFlags")(i),
          )}, and services.bitpoll.package has no \`override\` to add them. Set services.bitpoll.package to such a package (for example \`bitpoll.override { ${lib.concatMapStringsSep(" ", fn("f", (f: Ref) => str`${f} = true;`), L("missingFlags")(i))} }\`), or turn those features off.`,
        },
        {
          // A string under the store is a file copied there: world-readable, not a secret any more.
          assertion: lib.all(fn("f", (f: Ref) => not(lib.hasPrefix(str`${builtins.storeDir}/`, f))), builtins.attrValues(L("credentials")(i))),
          message: str`services.bitpoll (${unit}): a secret file lies in the Nix store, which every user can read; point the *File options at files outside it.`,
        },
      ),
      ...MODULE_FEATURES.flatMap((f) =>
        f.module.assertions
          ? [list(...f.module.assertions(unit, i).map((a) => ({ assertion: or(not(f.module.enabled(i)), a.assertion), message: a.message })))]
          : [],
      ),
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
      users: lib.listToAttrs(
        lib.mapAttrsToList(
          perInstance((unit, i) =>
            lib.nameValuePair(i.user, { isSystemUser: true, group: i.group, home: i.stateDir, description: str`Bitpoll (${unit})` }),
          ),
          instances,
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
      ...Object.assign({}, ...MODULE_FEATURES.map((f) => f.module.host?.(L(`${f.name}Instances`)) ?? {})),
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
