/**
 * The option declarations of `services.bitpoll`, written with the `nix-ast/nixos` option layer.
 * One instance's options are a function of its unit name (`bitpoll` for the default instance,
 * `bitpoll-<name>` for `instances.<name>`), so defaults such as the user or the state directory
 * follow the instance.
 *
 * @module
 */
import { str as strLit } from "nix-ast";
import { literalExpression, literalMD, mkEnableOption, mkPackageOption, option, types } from "nix-ast/nixos";
import { cacheOptions, databaseOptions, ldapOptions, metricsOptions, openidOptions, whitenoiseOptions } from "./features.js";
import { OUTBOUND_MODES } from "./hardening.js";
import { quoted, secretFile, type InstanceNaming } from "./naming.js";

/** The options of one Bitpoll instance. */
export function instanceOptions(naming: InstanceNaming) {
  const { unit, unitText } = naming;
  return {
    user: option({
      type: types.str,
      default: unit,
      defaultText: quoted(unitText),
      description: "System user the instance runs as. The module creates it (a system user with its own group).",
    }),
    group: option({
      type: types.str,
      default: unit,
      defaultText: quoted(unitText),
      description: "Primary group of the instance's user, created by the module.",
    }),
    stateDir: option({
      type: types.strMatching("/var/lib/[^/]+"),
      default: strLit`/var/lib/${unit}`,
      defaultText: quoted(unitText, "/var/lib/"),
      description:
        "State directory (database, generated keys, uploads), managed by systemd's `StateDirectory=` with mode 0700. Must be a direct child of `/var/lib`.",
    }),
    listen: {
      socket: option({
        type: types.str,
        default: strLit`/run/bitpoll/${unit}.sock`,
        defaultText: quoted(unitText, "/run/bitpoll/", ".sock"),
        description:
          "Unix socket gunicorn is socket-activated on, used unless `listen.address` is set. Owned by the instance's user, mode 0660, group `listen.socketGroup`.",
      }),
      address: option({
        type: types.nullOr(types.str),
        default: null,
        example: "127.0.0.1",
        description: "Listen on this TCP address and `listen.port` instead of the unix socket (still socket-activated).",
      }),
      port: option({ type: types.port, default: 8000, description: "TCP port, used when `listen.address` is set." }),
      socketGroup: option({
        type: types.nullOr(types.str),
        default: null,
        defaultText: literalMD("nginx's group when `nginx.enable` is set, otherwise the instance's group"),
        description: "Group that may connect to the unix socket.",
      }),
    },
    baseUrl: option({
      type: types.strMatching("https?://[^/]+(/.*)?"),
      default: "http://localhost",
      example: "https://poll.example.org",
      description:
        "Public URL of the instance (`BASE_URL`). Its host is always in `ALLOWED_HOSTS`; an `https` URL also turns on secure cookies and sets `CSRF_TRUSTED_ORIGINS`.",
    }),
    allowedHosts: option({
      type: types.listOf(types.str),
      default: [],
      example: ["poll.example.org", "www.poll.example.org"],
      description: "Host names accepted in addition to the host of `baseUrl` and `localhost` (`ALLOWED_HOSTS`).",
    }),
    workers: option({ type: types.ints.positive, default: 2, description: "Number of gunicorn worker processes." }),
    settings: option({
      type: types.submodule(
        {
          SITE_NAME: option({ type: types.str, default: "Bitpoll", description: "Name shown in page titles and mails." }),
          REGISTER_ENABLED: option({ type: types.bool, default: true, description: "Whether visitors may register accounts." }),
          GROUP_MANAGEMENT: option({
            type: types.nullOr(types.bool),
            default: null,
            defaultText: literalMD("`REGISTER_ENABLED`, but off when `openid.enable` is set"),
            description: "Whether users may manage groups. Bitpoll refuses to start with both this and OpenID login on.",
          }),
          PUBLIC_POLLS: option({ type: types.bool, default: true, description: "Whether polls are listed publicly." }),
          CALENDAR_ENABLED: option({
            type: types.bool,
            default: true,
            description:
              "Whether users may connect CalDAV calendars. Fetching them needs outbound network access: with this on, the default `network.outbound` is `\"public\"`.",
          }),
          TIME_ZONE: option({ type: types.str, default: "UTC", example: "Europe/Berlin", description: "Default time zone." }),
          LANGUAGE_CODE: option({ type: types.str, default: "en-us", example: "de-de", description: "Default language." }),
        },
        { freeformType: types.formats.json() },
      ),
      default: {},
      example: literalExpression('{ SITE_NAME = "Team polls"; PUBLIC_POLLS = false; IMPRINT_URL = "https://example.org/imprint"; }'),
      description:
        "Django settings of Bitpoll (RFC 42 freeform): any key is written as a Python assignment into the settings file, after the module's own settings. Secrets do not belong here: the file is in the Nix store.",
    }),
    extraConfig: option({
      type: types.lines,
      default: "",
      example: literalExpression(
        "''\n  from django_auth_ldap.config import GroupOfNamesType\n  AUTH_LDAP_GROUP_TYPE = GroupOfNamesType()\n''",
      ),
      description: "Python appended to the settings file, for what no option can express (objects, imports).",
    }),
    secretKeyFile: option({
      type: secretFile,
      default: null,
      example: "/run/secrets/bitpoll-secret-key",
      description:
        "File holding Django's `SECRET_KEY` (an absolute path outside the Nix store, as a string), passed with `LoadCredential=`. When null, a key is generated once into the state directory (mode 0600) and kept.",
    }),
    encryptionKeyFile: option({
      type: secretFile,
      default: null,
      description:
        "File holding `FIELD_ENCRYPTION_KEY` (an absolute path outside the Nix store; a Fernet key: URL-safe base64 of 32 random bytes), which encrypts stored CalDAV URLs. When null, one is generated once into the state directory. Losing it loses those URLs: back it up.",
    }),
    environmentFile: option({
      type: secretFile,
      default: null,
      example: "/run/secrets/bitpoll.env",
      description:
        "Environment file for external secret managers (sops-nix, agenix); an absolute path outside the Nix store. Recognised: `BITPOLL_SECRET_KEY`, `BITPOLL_FIELD_ENCRYPTION_KEY`, `BITPOLL_DATABASE_PASSWORD`, `BITPOLL_EMAIL_PASSWORD`, `BITPOLL_OPENID_CLIENT_SECRET`, `BITPOLL_LDAP_BIND_PASSWORD`; `extraConfig` can read others with `os.environ`.",
    }),
    database: databaseOptions(naming),
    email: {
      enable: mkEnableOption("sending mail over SMTP (otherwise mails go to the journal)"),
      host: option({ type: types.str, default: "localhost", description: "SMTP server." }),
      port: option({ type: types.port, default: 587, description: "SMTP port." }),
      security: option({
        type: types.enum(["starttls", "tls", "none"]),
        default: "starttls",
        description: "Transport security: STARTTLS, implicit TLS, or none.",
      }),
      user: option({ type: types.nullOr(types.str), default: null, description: "SMTP login, if the server wants one." }),
      passwordFile: option({ type: secretFile, default: null, description: "File with the SMTP password (`LoadCredential=`); an absolute path outside the Nix store." }),
      from: option({
        type: types.str,
        default: "bitpoll@localhost",
        example: "Bitpoll <poll@example.org>",
        description: "Sender address (`DEFAULT_FROM_EMAIL`, `SERVER_EMAIL`).",
      }),
    },
    openid: openidOptions(),
    ldap: ldapOptions(),
    cache: cacheOptions(),
    nginx: {
      enable: mkEnableOption("an nginx virtual host that proxies to the instance and serves the static files directly"),
      hostName: option({
        type: types.nullOr(types.str),
        default: null,
        defaultText: literalMD("the host of `baseUrl`"),
        description: "Name of the virtual host.",
      }),
      enableACME: option({ type: types.bool, default: false, description: "Get a certificate from Let's Encrypt and redirect HTTP to HTTPS." }),
    },
    backup: {
      enable: mkEnableOption("periodic backups of the database and the key files"),
      schedule: option({ type: types.str, default: "daily", example: "*-*-* 03:15:00", description: "When to back up (`OnCalendar=`)." }),
      location: option({
        type: types.str,
        default: strLit`/var/backup/${unit}`,
        defaultText: quoted(unitText, "/var/backup/"),
        description: "Directory receiving one `backup-<time>` folder per run (mode 0700).",
      }),
      keep: option({ type: types.ints.positive, default: 7, description: "How many backups to keep; older ones are removed." }),
    },
    health: {
      enable: option({ type: types.bool, default: true, description: "Check periodically that the instance answers HTTP (a failing check leaves a failed unit)." }),
      interval: option({ type: types.str, default: "5min", description: "Interval between health checks (`OnUnitActiveSec=`)." }),
    },
    metrics: metricsOptions(),
    whitenoise: whitenoiseOptions(),
    network: {
      outbound: option({
        type: types.nullOr(types.enum(OUTBOUND_MODES)),
        default: null,
        defaultText: literalMD(
          '`"public"` when something needs the network (CalDAV, SMTP, OpenID, LDAP over TCP, a remote database or Redis, metrics), else `"none"`',
        ),
        description:
          'Outbound network access of the service: `"none"` (a private network namespace), `"public"` (public internet addresses only, so user-supplied CalDAV URLs cannot reach the LAN), or `"any"`.',
      }),
      allowedAddresses: option({
        type: types.listOf(types.str),
        default: [],
        example: ["192.168.1.25", "10.0.0.0/24"],
        description: "Further addresses the service may reach (`IPAddressAllow=`), such as a mail relay or database on the LAN.",
      }),
    },
  };
}

/** The names of the instance options (what the default instance picks from `services.bitpoll`). */
export const INSTANCE_OPTION_NAMES: readonly string[] = Object.keys(instanceOptions({ unit: "bitpoll", unitText: "bitpoll" }));

/** The option tree of one instance (what both the default instance and `instances.<name>` declare). */
export type InstanceOptionTree = ReturnType<typeof instanceOptions>;

/** The whole `services.bitpoll` option tree. */
export function bitpollOptions() {
  return {
    services: {
      bitpoll: {
        enable: mkEnableOption("Bitpoll, the default instance (named instances are under `instances`)"),
        package: mkPackageOption("bitpoll"),
        ...instanceOptions({ unit: "bitpoll", unitText: "bitpoll" }),
        instances: option({
          type: types.attrsOf(
            types.submodule((name) => ({
              enable: option({ type: types.bool, default: true, description: "Whether to run this instance." }),
              ...instanceOptions({ unit: strLit`bitpoll-${name}`, unitText: "bitpoll-<name>" }),
            })),
          ),
          default: {},
          example: literalExpression('{ team.baseUrl = "https://team-poll.example.org"; }'),
          description:
            "Further Bitpoll instances on this host, each with its own user, state directory, socket and database: `instances.<name>` runs as `bitpoll-<name>`. A name is a lower-case letter followed by at most 22 lower-case letters, digits or dashes.",
        }),
      },
    },
  };
}

/** The type of the whole option tree: what `bitpollModule().setDefault(…)` paths are checked against. */
export type BitpollOptionTree = ReturnType<typeof bitpollOptions>;
