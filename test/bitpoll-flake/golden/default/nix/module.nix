{
  config,
  lib,
  pkgs,
  ...
}:
let
  instanceOptions = unit: {
    user = lib.mkOption {
      type = lib.types.str;
      default = unit;
      defaultText = lib.literalExpression "\"${unit}\"";
      description = "System user the instance runs as. The module creates it (a system user with its own group).";
    };
    group = lib.mkOption {
      type = lib.types.str;
      default = unit;
      defaultText = lib.literalExpression "\"${unit}\"";
      description = "Primary group of the instance's user, created by the module.";
    };
    stateDir = lib.mkOption {
      type = lib.types.strMatching "/var/lib/[^/]+";
      default = "/var/lib/${unit}";
      defaultText = lib.literalExpression "\"/var/lib/${unit}\"";
      description = "State directory (database, generated keys, uploads), managed by systemd's `StateDirectory=` with mode 0700. Must be a direct child of `/var/lib`.";
    };
    listen = {
      socket = lib.mkOption {
        type = lib.types.str;
        default = "/run/bitpoll/${unit}.sock";
        defaultText = lib.literalExpression "\"/run/bitpoll/${unit}.sock\"";
        description = "Unix socket gunicorn is socket-activated on, used unless `listen.address` is set. Owned by the instance's user, mode 0660, group `listen.socketGroup`.";
      };
      address = lib.mkOption {
        type = lib.types.nullOr lib.types.str;
        default = null;
        example = "127.0.0.1";
        description = "Listen on this TCP address and `listen.port` instead of the unix socket (still socket-activated).";
      };
      port = lib.mkOption {
        type = lib.types.port;
        default = 8000;
        description = "TCP port, used when `listen.address` is set.";
      };
      socketGroup = lib.mkOption {
        type = lib.types.nullOr lib.types.str;
        default = null;
        defaultText = lib.literalMD "nginx's group when `nginx.enable` is set, otherwise the instance's group";
        description = "Group that may connect to the unix socket.";
      };
    };
    baseUrl = lib.mkOption {
      type = lib.types.strMatching "https?://[^/]+(/.*)?";
      default = "http://localhost";
      example = "https://poll.example.org";
      description = "Public URL of the instance (`BASE_URL`). Its host is always in `ALLOWED_HOSTS`; an `https` URL also turns on secure cookies and sets `CSRF_TRUSTED_ORIGINS`.";
    };
    allowedHosts = lib.mkOption {
      type = lib.types.listOf lib.types.str;
      default = [ ];
      example = [
        "poll.example.org"
        "www.poll.example.org"
      ];
      description = "Host names accepted in addition to the host of `baseUrl` and `localhost` (`ALLOWED_HOSTS`).";
    };
    workers = lib.mkOption {
      type = lib.types.ints.positive;
      default = 2;
      description = "Number of gunicorn worker processes.";
    };
    settings = lib.mkOption {
      type = lib.types.submodule {
        freeformType = (pkgs.formats.json { }).type;
        options = {
          SITE_NAME = lib.mkOption {
            type = lib.types.str;
            default = "Bitpoll";
            description = "Name shown in page titles and mails.";
          };
          REGISTER_ENABLED = lib.mkOption {
            type = lib.types.bool;
            default = true;
            description = "Whether visitors may register accounts.";
          };
          GROUP_MANAGEMENT = lib.mkOption {
            type = lib.types.nullOr lib.types.bool;
            default = null;
            defaultText = lib.literalMD "`REGISTER_ENABLED`, but off when `openid.enable` is set";
            description = "Whether users may manage groups. Bitpoll refuses to start with both this and OpenID login on.";
          };
          PUBLIC_POLLS = lib.mkOption {
            type = lib.types.bool;
            default = true;
            description = "Whether polls are listed publicly.";
          };
          CALENDAR_ENABLED = lib.mkOption {
            type = lib.types.bool;
            default = true;
            description = "Whether users may connect CalDAV calendars. Fetching them needs outbound network access: with this on, the default `network.outbound` is `\"public\"`.";
          };
          TIME_ZONE = lib.mkOption {
            type = lib.types.str;
            default = "UTC";
            example = "Europe/Berlin";
            description = "Default time zone.";
          };
          LANGUAGE_CODE = lib.mkOption {
            type = lib.types.str;
            default = "en-us";
            example = "de-de";
            description = "Default language.";
          };
        };
      };
      default = { };
      example = lib.literalExpression "{ SITE_NAME = \"Team polls\"; PUBLIC_POLLS = false; IMPRINT_URL = \"https://example.org/imprint\"; }";
      description = "Django settings of Bitpoll (RFC 42 freeform): any key is written as a Python assignment into the settings file, after the module's own settings. Secrets do not belong here: the file is in the Nix store.";
    };
    extraConfig = lib.mkOption {
      type = lib.types.lines;
      default = "";
      example = lib.literalExpression ''
        '''
          from django_auth_ldap.config import GroupOfNamesType
          AUTH_LDAP_GROUP_TYPE = GroupOfNamesType()
        ''''';
      description = "Python appended to the settings file, for what no option can express (objects, imports).";
    };
    secretKeyFile = lib.mkOption {
      type = lib.types.nullOr (lib.types.strMatching "/.+");
      default = null;
      example = "/run/secrets/bitpoll-secret-key";
      description = "File holding Django's `SECRET_KEY` (an absolute path outside the Nix store, as a string), passed with `LoadCredential=`. When null, a key is generated once into the state directory (mode 0600) and kept.";
    };
    encryptionKeyFile = lib.mkOption {
      type = lib.types.nullOr (lib.types.strMatching "/.+");
      default = null;
      description = "File holding `FIELD_ENCRYPTION_KEY` (an absolute path outside the Nix store; a Fernet key: URL-safe base64 of 32 random bytes), which encrypts stored CalDAV URLs. When null, one is generated once into the state directory. Losing it loses those URLs: back it up.";
    };
    environmentFile = lib.mkOption {
      type = lib.types.nullOr (lib.types.strMatching "/.+");
      default = null;
      example = "/run/secrets/bitpoll.env";
      description = "Environment file for external secret managers (sops-nix, agenix); an absolute path outside the Nix store. Recognised: `BITPOLL_SECRET_KEY`, `BITPOLL_FIELD_ENCRYPTION_KEY`, `BITPOLL_DATABASE_PASSWORD`, `BITPOLL_EMAIL_PASSWORD`, `BITPOLL_OPENID_CLIENT_SECRET`, `BITPOLL_LDAP_BIND_PASSWORD`; `extraConfig` can read others with `os.environ`.";
    };
    database = {
      type = lib.mkOption {
        type = lib.types.enum [
          "sqlite"
          "postgresql"
        ];
        default = "sqlite";
        description = "Database backend. SQLite keeps `db.sqlite3` in the state directory; PostgreSQL gives the instance's package `withPostgres`.";
      };
      createLocally = lib.mkOption {
        type = lib.types.bool;
        default = true;
        description = "With PostgreSQL: create the database and its role on this host and connect over the unix socket with peer authentication (no password).";
      };
      host = lib.mkOption {
        type = lib.types.nullOr lib.types.str;
        default = null;
        defaultText = lib.literalMD "the local unix socket `/run/postgresql`";
        description = "PostgreSQL server of a remote database.";
      };
      port = lib.mkOption {
        type = lib.types.port;
        default = 5432;
        description = "PostgreSQL port of a remote database.";
      };
      name = lib.mkOption {
        type = lib.types.str;
        default = unit;
        defaultText = lib.literalExpression "\"${unit}\"";
        description = "Database name.";
      };
      user = lib.mkOption {
        type = lib.types.str;
        default = unit;
        defaultText = lib.literalExpression "\"${unit}\"";
        description = "Database role. With `createLocally` it must equal the instance's user (peer authentication) and the database name.";
      };
      passwordFile = lib.mkOption {
        type = lib.types.nullOr (lib.types.strMatching "/.+");
        default = null;
        description = "File with the password of a remote database role (`LoadCredential=`); an absolute path outside the Nix store.";
      };
    };
    email = {
      enable = lib.mkEnableOption "sending mail over SMTP (otherwise mails go to the journal)";
      host = lib.mkOption {
        type = lib.types.str;
        default = "localhost";
        description = "SMTP server.";
      };
      port = lib.mkOption {
        type = lib.types.port;
        default = 587;
        description = "SMTP port.";
      };
      security = lib.mkOption {
        type = lib.types.enum [
          "starttls"
          "tls"
          "none"
        ];
        default = "starttls";
        description = "Transport security: STARTTLS, implicit TLS, or none.";
      };
      user = lib.mkOption {
        type = lib.types.nullOr lib.types.str;
        default = null;
        description = "SMTP login, if the server wants one.";
      };
      passwordFile = lib.mkOption {
        type = lib.types.nullOr (lib.types.strMatching "/.+");
        default = null;
        description = "File with the SMTP password (`LoadCredential=`); an absolute path outside the Nix store.";
      };
      from = lib.mkOption {
        type = lib.types.str;
        default = "bitpoll@localhost";
        example = "Bitpoll <poll@example.org>";
        description = "Sender address (`DEFAULT_FROM_EMAIL`, `SERVER_EMAIL`).";
      };
    };
    openid = {
      enable = lib.mkEnableOption "login with OpenID Connect (the instance's package gets `withOpenID`)";
      issuer = lib.mkOption {
        type = lib.types.str;
        default = "";
        example = "https://id.example.org/realms/main";
        description = "Issuer URL (`OPENID_ISSUER`).";
      };
      apiBase = lib.mkOption {
        type = lib.types.nullOr lib.types.str;
        default = null;
        defaultText = lib.literalMD "for a Keycloak issuer `<server>/realms/<realm>`, its admin API `<server>/admin/realms/<realm>`";
        example = "https://id.example.org/admin/realms/main";
        description = "Base URL of the provider's admin API (`OPENID_API_BASE`). Bitpoll calls `<apiBase>/groups?…` and `<apiBase>/groups/<id>/members` (Keycloak's admin REST API) when a group is invited to a poll, with a token from the client-credentials grant.";
      };
      clientId = lib.mkOption {
        type = lib.types.str;
        default = "";
        description = "OAuth client id.";
      };
      clientSecretFile = lib.mkOption {
        type = lib.types.nullOr (lib.types.strMatching "/.+");
        default = null;
        description = "File with the OAuth client secret (`LoadCredential=`); an absolute path outside the Nix store.";
      };
      scope = lib.mkOption {
        type = lib.types.str;
        default = "openid profile email";
        description = "Requested scopes.";
      };
      adminGroups = lib.mkOption {
        type = lib.types.nullOr lib.types.str;
        default = null;
        example = "admins|superusers";
        description = "Regular expression of provider groups whose members become Bitpoll administrators.";
      };
    };
    ldap = {
      enable = lib.mkEnableOption "LDAP login with django-auth-ldap (the instance's package gets `withLdap`)";
      serverUri = lib.mkOption {
        type = lib.types.str;
        default = "";
        example = "ldaps://ldap.example.org";
        description = "LDAP server URI; `ldapi://` needs no network.";
      };
      bindDn = lib.mkOption {
        type = lib.types.str;
        default = "";
        description = "DN to bind as for searches (empty: anonymous).";
      };
      bindPasswordFile = lib.mkOption {
        type = lib.types.nullOr (lib.types.strMatching "/.+");
        default = null;
        description = "File with the bind password (`LoadCredential=`); an absolute path outside the Nix store.";
      };
      userSearchBase = lib.mkOption {
        type = lib.types.str;
        default = "";
        example = "ou=People,dc=example,dc=org";
        description = "Base of the user search.";
      };
      userFilter = lib.mkOption {
        type = lib.types.str;
        default = "(uid=%(user)s)";
        description = "Filter of the user search.";
      };
      groupSearchBase = lib.mkOption {
        type = lib.types.nullOr lib.types.str;
        default = null;
        description = "Base of the group search (null: no groups).";
      };
      groupFilter = lib.mkOption {
        type = lib.types.str;
        default = "(objectClass=posixGroup)";
        description = "Filter of the group search (posixGroup type).";
      };
      mirrorGroups = lib.mkOption {
        type = lib.types.bool;
        default = false;
        description = "Mirror LDAP groups into Django groups.";
      };
      userAttrMap = lib.mkOption {
        type = lib.types.attrsOf lib.types.str;
        default = {
          first_name = "givenName";
          last_name = "sn";
          email = "mail";
        };
        description = "Django user fields filled from LDAP attributes.";
      };
    };
    cache = {
      backend = lib.mkOption {
        type = lib.types.enum [
          "locmem"
          "redis"
        ];
        default = "locmem";
        description = "Django cache: per-process memory, or Redis (the instance's package gets `withRedis`, which adds the `redis` client).";
      };
      redis = {
        createLocally = lib.mkOption {
          type = lib.types.bool;
          default = true;
          description = "Run a Redis server for this instance (`services.redis.servers.<unit>`, as the instance's user and group), reached over its unix socket.";
        };
        url = lib.mkOption {
          type = lib.types.nullOr lib.types.str;
          default = null;
          defaultText = lib.literalMD "the local server's socket, `unix:///run/redis-<unit>/redis.sock`";
          description = "Redis URL when not created locally.";
        };
      };
    };
    nginx = {
      enable = lib.mkEnableOption "an nginx virtual host that proxies to the instance and serves the static files directly";
      hostName = lib.mkOption {
        type = lib.types.nullOr lib.types.str;
        default = null;
        defaultText = lib.literalMD "the host of `baseUrl`";
        description = "Name of the virtual host.";
      };
      enableACME = lib.mkOption {
        type = lib.types.bool;
        default = false;
        description = "Get a certificate from Let's Encrypt and redirect HTTP to HTTPS.";
      };
    };
    backup = {
      enable = lib.mkEnableOption "periodic backups of the database and the key files";
      schedule = lib.mkOption {
        type = lib.types.str;
        default = "daily";
        example = "*-*-* 03:15:00";
        description = "When to back up (`OnCalendar=`).";
      };
      location = lib.mkOption {
        type = lib.types.str;
        default = "/var/backup/${unit}";
        defaultText = lib.literalExpression "\"/var/backup/${unit}\"";
        description = "Directory receiving one `backup-<time>` folder per run (mode 0700).";
      };
      keep = lib.mkOption {
        type = lib.types.ints.positive;
        default = 7;
        description = "How many backups to keep; older ones are removed.";
      };
    };
    health = {
      enable = lib.mkOption {
        type = lib.types.bool;
        default = true;
        description = "Check periodically that the instance answers HTTP (a failing check leaves a failed unit).";
      };
      interval = lib.mkOption {
        type = lib.types.str;
        default = "5min";
        description = "Interval between health checks (`OnUnitActiveSec=`).";
      };
    };
    metrics = {
      enable = lib.mkEnableOption "Prometheus metrics with django-prometheus (the instance's package gets `withPrometheus`)";
      address = lib.mkOption {
        type = lib.types.str;
        default = "127.0.0.1";
        description = "Address of the metrics endpoints.";
      };
      port = lib.mkOption {
        type = lib.types.port;
        default = 9300;
        description = "First port of the metrics endpoints: each gunicorn worker serves `/metrics` on one port from here on.";
      };
    };
    whitenoise.enable = lib.mkEnableOption "serving `/static/` from the application with WhiteNoise (the instance's package gets `withWhiteNoise`), for setups without the module's nginx";
    network = {
      outbound = lib.mkOption {
        type = lib.types.nullOr (
          lib.types.enum [
            "none"
            "public"
            "any"
          ]
        );
        default = null;
        defaultText = lib.literalMD "`\"public\"` when something needs the network (CalDAV, SMTP, OpenID, LDAP over TCP, a remote database or Redis, metrics), else `\"none\"`";
        description = "Outbound network access of the service: `\"none\"` (a private network namespace), `\"public\"` (public internet addresses only, so user-supplied CalDAV URLs cannot reach the LAN), or `\"any\"`.";
      };
      allowedAddresses = lib.mkOption {
        type = lib.types.listOf lib.types.str;
        default = [ ];
        example = [
          "192.168.1.25"
          "10.0.0.0/24"
        ];
        description = "Further addresses the service may reach (`IPAddressAllow=`), such as a mail relay or database on the LAN.";
      };
    };
  };
  cfg = config.services.bitpoll;
  instances =
    lib.optionalAttrs cfg.enable {
      bitpoll = lib.getAttrs [
        "user"
        "group"
        "stateDir"
        "listen"
        "baseUrl"
        "allowedHosts"
        "workers"
        "settings"
        "extraConfig"
        "secretKeyFile"
        "encryptionKeyFile"
        "environmentFile"
        "database"
        "email"
        "openid"
        "ldap"
        "cache"
        "nginx"
        "backup"
        "health"
        "metrics"
        "whitenoise"
        "network"
      ] cfg;
    }
    // lib.mapAttrs' (
      name: i:
      lib.nameValuePair (
        if builtins.match "[a-z][a-z0-9-]{0,22}" name != null then
          "bitpoll-${name}"
        else
          builtins.throw "services.bitpoll.instances.${name}: an instance name is a lower-case letter followed by at most 22 lower-case letters, digits or dashes (it becomes the user, group and unit name bitpoll-<name>)."
      ) i
    ) (lib.filterAttrs (name: i: i.enable) cfg.instances);
  toPython =
    v:
    if v == null then
      "None"
    else if builtins.isBool v then
      if v then "True" else "False"
    else if builtins.isInt v || builtins.isFloat v then
      builtins.toJSON v
    else if builtins.isString v || builtins.isPath v then
      builtins.toJSON (builtins.toString v)
    else if builtins.isList v then
      "[${lib.concatMapStringsSep ", " toPython v}]"
    else if v ? __python then
      v.__python
    else if lib.isDerivation v then
      builtins.toJSON (builtins.toString v)
    else if builtins.isAttrs v then
      "{${
        lib.concatStringsSep ", " (lib.mapAttrsToList (k: x: "${builtins.toJSON k}: ${toPython x}") v)
      }}"
    else
      builtins.throw "services.bitpoll: a settings value has no Python form";
  openidApiBase =
    o:
    let
      m = builtins.match "(.*)/realms/([^/]+)/?" o.issuer;
    in
    if o.apiBase != null then
      o.apiBase
    else if m == null then
      null
    else
      "${builtins.elemAt m 0}/admin/realms/${builtins.elemAt m 1}";
  postgresInstances = lib.filterAttrs (unit: i: i.database.type == "postgresql") instances;
  redisInstances = lib.filterAttrs (unit: i: i.cache.backend == "redis") instances;
  publicAddresses = [
    "1.0.0.0/8"
    "2.0.0.0/7"
    "4.0.0.0/6"
    "8.0.0.0/7"
    "11.0.0.0/8"
    "12.0.0.0/6"
    "16.0.0.0/4"
    "32.0.0.0/3"
    "64.0.0.0/3"
    "96.0.0.0/6"
    "100.0.0.0/10"
    "100.128.0.0/9"
    "101.0.0.0/8"
    "102.0.0.0/7"
    "104.0.0.0/5"
    "112.0.0.0/5"
    "120.0.0.0/6"
    "124.0.0.0/7"
    "126.0.0.0/8"
    "128.0.0.0/3"
    "160.0.0.0/5"
    "168.0.0.0/8"
    "169.0.0.0/9"
    "169.128.0.0/10"
    "169.192.0.0/11"
    "169.224.0.0/12"
    "169.240.0.0/13"
    "169.248.0.0/14"
    "169.252.0.0/15"
    "169.255.0.0/16"
    "170.0.0.0/7"
    "172.0.0.0/12"
    "172.32.0.0/11"
    "172.64.0.0/10"
    "172.128.0.0/9"
    "173.0.0.0/8"
    "174.0.0.0/7"
    "176.0.0.0/4"
    "192.0.1.0/24"
    "192.0.2.0/23"
    "192.0.4.0/22"
    "192.0.8.0/21"
    "192.0.16.0/20"
    "192.0.32.0/19"
    "192.0.64.0/18"
    "192.0.128.0/17"
    "192.1.0.0/16"
    "192.2.0.0/15"
    "192.4.0.0/14"
    "192.8.0.0/13"
    "192.16.0.0/12"
    "192.32.0.0/11"
    "192.64.0.0/10"
    "192.128.0.0/11"
    "192.160.0.0/13"
    "192.169.0.0/16"
    "192.170.0.0/15"
    "192.172.0.0/14"
    "192.176.0.0/12"
    "192.192.0.0/10"
    "193.0.0.0/8"
    "194.0.0.0/7"
    "196.0.0.0/7"
    "198.0.0.0/12"
    "198.16.0.0/15"
    "198.20.0.0/14"
    "198.24.0.0/13"
    "198.32.0.0/11"
    "198.64.0.0/10"
    "198.128.0.0/9"
    "199.0.0.0/8"
    "200.0.0.0/5"
    "208.0.0.0/4"
    "2000::/3"
  ];
  staticDir = "${cfg.package.static}";
  neededFlags =
    i:
    lib.optional i.openid.enable "withOpenID"
    ++ lib.optional i.ldap.enable "withLdap"
    ++ lib.optional (i.database.type == "postgresql") "withPostgres"
    ++ lib.optional (i.cache.backend == "redis") "withRedis"
    ++ lib.optional i.metrics.enable "withPrometheus"
    ++ lib.optional i.whitenoise.enable "withWhiteNoise";
  missingFlags =
    i: builtins.filter (flag: !lib.attrByPath [ "features" flag ] false cfg.package) (neededFlags i);
  instancePackage =
    i:
    if missingFlags i == [ ] || !cfg.package ? override then
      cfg.package
    else
      cfg.package.override (lib.genAttrs (missingFlags i) (_flag: true));
  hostOf = url: builtins.head (builtins.match "[a-zA-Z][a-zA-Z0-9+.-]*://([^/:]+).*" url);
  isLocalHost =
    h:
    builtins.elem h [
      "localhost"
      "127.0.0.1"
      "::1"
    ];
  usesPostgres = i: i.database.type == "postgresql";
  needsNetwork =
    i:
    i.settings.CALENDAR_ENABLED
    || i.email.enable
    || i.openid.enable
    || i.ldap.enable && !lib.hasPrefix "ldapi:" i.ldap.serverUri
    || i.database.type == "postgresql" && !i.database.createLocally
    || i.cache.backend == "redis" && !i.cache.redis.createLocally
    || i.metrics.enable;
  outbound =
    i:
    if i.network.outbound != null then
      i.network.outbound
    else if needsNetwork i then
      "public"
    else
      "none";
  extraAddresses =
    i:
    i.network.allowedAddresses
    ++ lib.optional (
      i.metrics.enable
      || i.email.enable && isLocalHost i.email.host
      ||
        usesPostgres i
        && !i.database.createLocally
        && i.database.host != null
        && isLocalHost i.database.host
    ) "localhost";
  resolverAddresses = lib.optionals (!config.services.nscd.enable or true) (
    config.networking.nameservers or [ ]
    ++ lib.optional config.services.resolved.enable or false "127.0.0.53"
  );
  sandbox = {
    UMask = "0077";
    ProtectSystem = "strict";
    ProtectHome = true;
    PrivateTmp = true;
    PrivateDevices = true;
    DevicePolicy = "closed";
    PrivateMounts = true;
    PrivateUsers = true;
    ProtectClock = true;
    ProtectKernelTunables = true;
    ProtectKernelModules = true;
    ProtectKernelLogs = true;
    ProtectControlGroups = true;
    ProtectHostname = true;
    ProtectProc = "invisible";
    ProcSubset = "pid";
    KeyringMode = "private";
    NoNewPrivileges = true;
    CapabilityBoundingSet = "";
    AmbientCapabilities = "";
    RestrictNamespaces = true;
    RestrictRealtime = true;
    RestrictSUIDSGID = true;
    LockPersonality = true;
    MemoryDenyWriteExecute = true;
    RemoveIPC = true;
    SystemCallArchitectures = "native";
    SystemCallFilter = [
      "@system-service"
      "~@privileged @resources"
    ];
    SystemCallErrorNumber = "EPERM";
  };
  networkSandbox =
    i:
    if outbound i == "none" && extraAddresses i == [ ] then
      {
        PrivateNetwork = true;
        RestrictAddressFamilies = "AF_UNIX";
        IPAddressDeny = "any";
      }
    else if outbound i == "none" then
      {
        RestrictAddressFamilies = "AF_UNIX AF_INET AF_INET6";
        IPAddressDeny = "any";
        IPAddressAllow = extraAddresses i;
      }
    else if outbound i == "public" then
      {
        RestrictAddressFamilies = "AF_UNIX AF_INET AF_INET6";
        IPAddressDeny = "any";
        IPAddressAllow = publicAddresses ++ extraAddresses i ++ resolverAddresses;
      }
    else
      { RestrictAddressFamilies = "AF_UNIX AF_INET AF_INET6"; };
  credentials =
    i:
    lib.filterAttrs (n: f: f != null) {
      secret_key = i.secretKeyFile;
      field_encryption_key = i.encryptionKeyFile;
      email_password = i.email.passwordFile;
      openid_client_secret = i.openid.clientSecretFile;
      ldap_bind_password = i.ldap.bindPasswordFile;
      database_password = i.database.passwordFile;
    };
  loadCredential = i: lib.mapAttrsToList (n: f: "${n}:${f}") (credentials i);
  groupManagement =
    i:
    if i.settings.GROUP_MANAGEMENT != null then
      i.settings.GROUP_MANAGEMENT
    else
      i.settings.REGISTER_ENABLED && !i.openid.enable;
  socketAddress =
    i:
    if i.listen.address == null then
      i.listen.socket
    else if lib.hasInfix ":" i.listen.address then
      "[${i.listen.address}]:${builtins.toString i.listen.port}"
    else
      "${i.listen.address}:${builtins.toString i.listen.port}";
  requiredUnits =
    # Units the service and its backup need first. postgresql.target, not postgresql.service: since
    # nixpkgs PR #403645 (25.11 and later) ensureDatabases/ensureUsers run in postgresql-setup.service,
    # and the target is reached after it.
    unit: i:
    lib.optionals (i.database.type == "postgresql") (
      lib.optional i.database.createLocally "postgresql.target"
    )
    ++ lib.optionals (i.cache.backend == "redis") (
      lib.optional i.cache.redis.createLocally "redis-${unit}.service"
    );
  moduleSettings =
    unit: i:
    {
      DEBUG = false;
      BASE_URL = i.baseUrl;
      ALLOWED_HOSTS = lib.unique (
        [
          (hostOf i.baseUrl)
          "localhost"
        ]
        ++ i.allowedHosts
      );
      STATIC_URL = "/static/";
      STATIC_ROOT = staticDir;
      MEDIA_ROOT = "${i.stateDir}/media";
      DATABASES = {
        default = {
          ENGINE = "django.db.backends.sqlite3";
          NAME = "${i.stateDir}/db.sqlite3";
        };
      };
      CACHES = {
        default = {
          BACKEND = "django.core.cache.backends.locmem.LocMemCache";
          TIMEOUT = 1800;
          OPTIONS = {
            MAX_ENTRIES = 1000;
          };
        };
      };
      GROUP_MANAGEMENT = groupManagement i;
      INSTALLED_APPS_LOCAL =
        lib.optionals i.openid.enable [ "simple_openid_connect.integrations.django" ]
        ++ lib.optionals i.metrics.enable [ "django_prometheus" ];
      MIDDLEWARE_LOCAL =
        lib.optionals i.openid.enable [
          "simple_openid_connect.integrations.django.middleware.TokenVerificationMiddleware"
        ]
        ++ lib.optionals i.whitenoise.enable [ "whitenoise.middleware.WhiteNoiseMiddleware" ];
      PIPELINE_LOCAL = { };
      EMAIL_BACKEND =
        if i.email.enable then
          "django.core.mail.backends.smtp.EmailBackend"
        else
          "django.core.mail.backends.console.EmailBackend";
      DEFAULT_FROM_EMAIL = i.email.from;
      SERVER_EMAIL = i.email.from;
    }
    // lib.optionalAttrs (lib.hasPrefix "https://" i.baseUrl) {
      SESSION_COOKIE_SECURE = true;
      CSRF_COOKIE_SECURE = true;
      CSRF_TRUSTED_ORIGINS = [ (builtins.head (builtins.match "(https://[^/]+).*" i.baseUrl)) ];
      SECURE_PROXY_SSL_HEADER = [
        "HTTP_X_FORWARDED_PROTO"
        "https"
      ];
    }
    // lib.optionalAttrs i.email.enable {
      EMAIL_HOST = i.email.host;
      EMAIL_PORT = i.email.port;
      EMAIL_USE_TLS = i.email.security == "starttls";
      EMAIL_USE_SSL = i.email.security == "tls";
      EMAIL_HOST_USER = if i.email.user == null then "" else i.email.user;
      EMAIL_HOST_PASSWORD = {
        __python = "_secret(\"email_password\", \"BITPOLL_EMAIL_PASSWORD\", default=\"\")";
      };
    }
    // lib.optionalAttrs i.openid.enable {
      OPENID_ENABLED = true;
      OPENID_ISSUER = i.openid.issuer;
      OPENID_API_BASE = if openidApiBase i.openid == null then "" else openidApiBase i.openid;
      OPENID_CLIENT_ID = i.openid.clientId;
      OPENID_CLIENT_SECRET = {
        __python = "_secret(\"openid_client_secret\", \"BITPOLL_OPENID_CLIENT_SECRET\", default=\"\")";
      };
      OPENID_BASE_URI = i.baseUrl;
      OPENID_SCOPE = i.openid.scope;
      OPENID_USER_MAPPER = "bitpoll.base.openid.BitpollUserMapper";
      OPENID_ADMIN_GROUPS = {
        __python = "re.compile(${
          toPython (if i.openid.adminGroups == null then "(?!)" else i.openid.adminGroups)
        })";
      };
    }
    // lib.optionalAttrs i.ldap.enable (
      {
        AUTHENTICATION_BACKENDS = [
          "django_auth_ldap.backend.LDAPBackend"
          "django.contrib.auth.backends.ModelBackend"
        ];
        AUTH_LDAP_SERVER_URI = i.ldap.serverUri;
        AUTH_LDAP_BIND_DN = i.ldap.bindDn;
        AUTH_LDAP_BIND_PASSWORD = {
          __python = "_secret(\"ldap_bind_password\", \"BITPOLL_LDAP_BIND_PASSWORD\", default=\"\")";
        };
        AUTH_LDAP_USER_SEARCH = {
          __python = "LDAPSearch(${toPython i.ldap.userSearchBase}, ldap.SCOPE_SUBTREE, ${toPython i.ldap.userFilter})";
        };
        AUTH_LDAP_USER_ATTR_MAP = i.ldap.userAttrMap;
        AUTH_LDAP_ALWAYS_UPDATE_USER = true;
      }
      // lib.optionalAttrs (i.ldap.groupSearchBase != null) {
        AUTH_LDAP_GROUP_SEARCH = {
          __python = "LDAPSearch(${toPython i.ldap.groupSearchBase}, ldap.SCOPE_SUBTREE, ${toPython i.ldap.groupFilter})";
        };
        AUTH_LDAP_GROUP_TYPE = {
          __python = "PosixGroupType()";
        };
        AUTH_LDAP_MIRROR_GROUPS = i.ldap.mirrorGroups;
      }
    )
    // lib.optionalAttrs (i.database.type == "postgresql") {
      DATABASES = {
        default = {
          ENGINE = "django.db.backends.postgresql";
          NAME = i.database.name;
          USER = i.database.user;
          HOST = if i.database.createLocally then "/run/postgresql" else i.database.host;
          PORT = if i.database.createLocally then "" else builtins.toString i.database.port;
          PASSWORD =
            if i.database.createLocally then
              ""
            else
              { __python = "_secret(\"database_password\", \"BITPOLL_DATABASE_PASSWORD\", default=\"\")"; };
        };
      };
    }
    // lib.optionalAttrs (i.cache.backend == "redis") {
      CACHES = {
        default = {
          BACKEND = "django.core.cache.backends.redis.RedisCache";
          LOCATION =
            if i.cache.redis.createLocally then "unix:///run/redis-${unit}/redis.sock" else i.cache.redis.url;
        };
      };
    }
    // lib.optionalAttrs i.metrics.enable {
      PROMETHEUS_METRICS_EXPORT_ADDRESS = i.metrics.address;
      PROMETHEUS_METRICS_EXPORT_PORT_RANGE = {
        __python = "range(${builtins.toString i.metrics.port}, ${
          builtins.toString (i.metrics.port + i.workers)
        })";
      };
    };
  settingsText =
    unit: i:
    lib.concatStringsSep "\n" [
      "# Bitpoll local settings, generated by the NixOS module services.bitpoll. Do not edit:\n# change the module's options instead. This file holds no secrets; they are read at run time.\nimport os\nimport re\n\n_STATE_DIR = os.environ.get(\"BITPOLL_STATE_DIR\", \"/var/lib/bitpoll\")\n_CREDENTIALS = os.environ.get(\"CREDENTIALS_DIRECTORY\")\n\n\ndef _read(path):\n    with open(path, encoding=\"utf-8\") as f:\n        return f.read().strip()\n\n\ndef _secret(name, env=None, generated=False, default=None):\n    \"\"\"A secret by credential name: systemd credential, environment variable, generated file.\"\"\"\n    if _CREDENTIALS and os.path.isfile(os.path.join(_CREDENTIALS, name)):\n        return _read(os.path.join(_CREDENTIALS, name))\n    if env and os.environ.get(env):\n        return os.environ[env]\n    if generated and os.path.isfile(os.path.join(_STATE_DIR, name)):\n        return _read(os.path.join(_STATE_DIR, name))\n    if default is not None:\n        return default\n    raise RuntimeError(\"bitpoll: the secret %r is not available (credential, $%s or state file)\" % (name, env))\n\n\nSECRET_KEY = _secret(\"secret_key\", \"BITPOLL_SECRET_KEY\", generated=True)\nFIELD_ENCRYPTION_KEY = _secret(\"field_encryption_key\", \"BITPOLL_FIELD_ENCRYPTION_KEY\", generated=True)\n"
      (lib.optionalString i.ldap.enable "import ldap\nfrom django_auth_ldap.config import LDAPSearch, PosixGroupType\n")
      (lib.concatStringsSep "\n" (
        lib.mapAttrsToList (k: v: "${k} = ${toPython v}") (
          moduleSettings unit i
          // builtins.removeAttrs i.settings [
            "GROUP_MANAGEMENT"
            "_module"
          ]
        )
      ))
      ""
      i.extraConfig
    ];
  settingsFile = unit: i: pkgs.writeText "${unit}-settings.py" (settingsText unit i);
  serviceEnvironment = unit: i: {
    BITPOLL_SETTINGS_FILE = "${settingsFile unit i}";
    BITPOLL_STATE_DIR = i.stateDir;
    PYTHONDONTWRITEBYTECODE = "1";
    GUNICORN_CMD_ARGS = "--workers ${builtins.toString i.workers} --access-logfile - --forwarded-allow-ips *";
  };
  preStart = unit: i: ''
    set -eu
    umask 0077
    cd ${i.stateDir}
    # Keys are made once and kept: a new SECRET_KEY logs everybody out, a new
    # FIELD_ENCRYPTION_KEY makes stored CalDAV URLs unreadable.
    ${''
      if [ ! -f "''${CREDENTIALS_DIRECTORY:-/nonexistent}/secret_key" ] && [ ! -s secret_key ]; then
        head -c 48 /dev/urandom | base64 -w0 > secret_key.new
        mv secret_key.new secret_key
      fi
    ''}
    ${''
      if [ ! -f "''${CREDENTIALS_DIRECTORY:-/nonexistent}/field_encryption_key" ] && [ ! -s field_encryption_key ]; then
        head -c 32 /dev/urandom | base64 -w0 | tr '+/' '-_' > field_encryption_key.new
        mv field_encryption_key.new field_encryption_key
      fi
    ''}
    mkdir -p media
    # Migrations run once per package and database backend, not on every start.
    stamp=${lib.escapeShellArg "${instancePackage i} ${i.database.type}"}
    if [ "$(cat .migrated 2>/dev/null || true)" != "$stamp" ]; then
      ${instancePackage i}/bin/bitpoll-manage migrate --no-input
      printf '%s\n' "$stamp" > .migrated
    fi
  '';
  manageCommand =
    unit: i:
    pkgs.writeShellScriptBin "${unit}-manage" ''
      set -eu
      if [ "$(${pkgs.coreutils}/bin/id -u)" != 0 ]; then
        echo "${unit}-manage: run me as root; I run manage.py as ${i.user} with the instance's configuration." >&2
        exit 1
      fi
      if [ -t 0 ] && [ -t 1 ]; then io=--pty; else io=--pipe; fi
      exec ${pkgs.systemd}/bin/systemd-run --quiet --wait --collect --service-type=exec "$io" \
        --property=User=${i.user} --property=Group=${i.group} \
        --property=WorkingDirectory=${i.stateDir} --property=UMask=0077 \
        ${
          lib.concatMapStringsSep " " (c: "--property=LoadCredential=${lib.escapeShellArg c}") (
            loadCredential i
          )
        } \
        ${
          lib.optionalString (
            i.environmentFile != null
          ) "--property=EnvironmentFile=${lib.escapeShellArg (builtins.toString i.environmentFile)}"
        } \
        ${
          lib.concatStringsSep " " (
            lib.mapAttrsToList (k: v: "--setenv=${k}=${lib.escapeShellArg v}") (serviceEnvironment unit i)
          )
        } \
        ${instancePackage i}/bin/bitpoll-manage "$@"
    '';
  backupScript = unit: i: ''
    set -eu
    umask 0077
    dest=${lib.escapeShellArg i.backup.location}
    stamp=$(date -u +%Y%m%dT%H%M%SZ)
    work="$dest/.partial-$stamp"
    rm -rf "$dest"/.partial-*
    mkdir -p "$work"
    ${
      if usesPostgres i then
        ''
          ${lib.optionalString (
            !i.database.createLocally && i.database.passwordFile != null
          ) "export PGPASSWORD=\"$(cat \"$CREDENTIALS_DIRECTORY/database_password\")\""}
          pg_dump --format=custom --file="$work/db.dump" \
            --host=${
              if i.database.createLocally then "/run/postgresql" else i.database.host
            } --port=${builtins.toString i.database.port} \
            --username=${lib.escapeShellArg i.database.user} ${lib.escapeShellArg i.database.name}
        ''
      else
        ''
          # SQLite's online backup: a consistent copy while the service keeps running.
          if [ -f ${i.stateDir}/db.sqlite3 ]; then
            sqlite3 ${i.stateDir}/db.sqlite3 ".backup '$work/db.sqlite3'"
          fi
        ''
    }
    for key in secret_key field_encryption_key; do
      if [ -f "''${CREDENTIALS_DIRECTORY:-/nonexistent}/$key" ]; then
        cp "$CREDENTIALS_DIRECTORY/$key" "$work/$key"
      elif [ -f ${i.stateDir}/$key ]; then
        cp ${i.stateDir}/$key "$work/$key"
      fi
    done
    if [ -d ${i.stateDir}/media ]; then cp -r ${i.stateDir}/media "$work/media"; fi
    mv "$work" "$dest/backup-$stamp"
    # Keep the newest ${builtins.toString i.backup.keep}.
    ls -1d "$dest"/backup-* | sort | head -n -${builtins.toString i.backup.keep} | xargs -r rm -rf --
  '';
  healthScript = unit: i: ''
    set -eu
    curl --fail --silent --show-error --max-time 60 --output /dev/null \
      ${
        if i.listen.address == null then
          "--unix-socket ${i.listen.socket} http://localhost/"
        else
          "http://${socketAddress i}/"
      }
  '';
in
{
  options.services.bitpoll = instanceOptions "bitpoll" // {
    enable = lib.mkEnableOption "Bitpoll, the default instance (named instances are under `instances`)";
    package = lib.mkPackageOption pkgs "bitpoll" { };
    instances = lib.mkOption {
      type = lib.types.attrsOf (
        lib.types.submodule (
          { name, ... }: {
            options = {
              enable = lib.mkOption {
                type = lib.types.bool;
                default = true;
                description = "Whether to run this instance.";
              };
            }
            // instanceOptions "bitpoll-${name}";
          }
        )
      );
      default = { };
      example = lib.literalExpression "{ team.baseUrl = \"https://team-poll.example.org\"; }";
      description = "Further Bitpoll instances on this host, each with its own user, state directory, socket and database: `instances.<name>` runs as `bitpoll-<name>`. A name is a lower-case letter followed by at most 22 lower-case letters, digits or dashes.";
    };
  };
  config = lib.mkIf (instances != { }) {
    assertions =
      lib.concatLists (
        lib.mapAttrsToList (
          unit: i:
          [
            {
              assertion = lib.all (k: builtins.match "[A-Za-z_][A-Za-z0-9_]*" k != null) (
                builtins.attrNames i.settings
              );
              message = "services.bitpoll (${unit}): every key of settings must be a Python identifier.";
            }
            {
              assertion = cfg.package ? override || missingFlags i == [ ];
              message = "services.bitpoll (${unit}): the features turned on need a package built with ${
                lib.concatMapStringsSep ", " (f: "${f} = true") (missingFlags i)
              }, and services.bitpoll.package has no `override` to add them. Set services.bitpoll.package to such a package (for example `bitpoll.override { ${
                lib.concatMapStringsSep " " (f: "${f} = true;") (missingFlags i)
              } }`), or turn those features off.";
            }
            {
              assertion = lib.all (f: !lib.hasPrefix "${builtins.storeDir}/" f) (
                builtins.attrValues (credentials i)
              );
              message = "services.bitpoll (${unit}): a secret file lies in the Nix store, which every user can read; point the *File options at files outside it.";
            }
          ]
          ++ [
            {
              assertion = !i.openid.enable || !groupManagement i;
              message = "services.bitpoll (${unit}): OpenID login and GROUP_MANAGEMENT cannot both be on (Bitpoll refuses to start). Set settings.GROUP_MANAGEMENT = false.";
            }
            {
              assertion = !i.openid.enable || i.openid.issuer != "" && i.openid.clientId != "";
              message = "services.bitpoll (${unit}): OpenID login needs openid.issuer and openid.clientId.";
            }
            {
              assertion = !i.openid.enable || openidApiBase i.openid != null;
              message = "services.bitpoll (${unit}): OpenID login needs openid.apiBase, the provider's admin API (Keycloak: <server>/admin/realms/<realm>); it is derived only from an issuer of the form <server>/realms/<realm>.";
            }
          ]
          ++ [
            {
              assertion = !i.ldap.enable || i.ldap.serverUri != "";
              message = "services.bitpoll (${unit}): LDAP login needs ldap.serverUri.";
            }
          ]
          ++ [
            {
              assertion =
                !(i.database.type == "postgresql")
                || (!i.database.createLocally || i.database.user == i.user && i.database.name == i.database.user);
              message = "services.bitpoll (${unit}): with database.createLocally, database.user must be the instance's user (peer authentication) and database.name must equal it.";
            }
            {
              assertion =
                !(i.database.type == "postgresql") || (i.database.createLocally || i.database.host != null);
              message = "services.bitpoll (${unit}): a PostgreSQL database that is not created locally needs database.host.";
            }
          ]
          ++ [
            {
              assertion =
                !(i.cache.backend == "redis") || (i.cache.redis.createLocally || i.cache.redis.url != null);
              message = "services.bitpoll (${unit}): a Redis cache that is not created locally needs cache.redis.url.";
            }
          ]
        ) instances
      )
      ++ [
        {
          assertion =
            builtins.length (lib.mapAttrsToList (unit: i: i.user) instances)
            == builtins.length (lib.unique (lib.mapAttrsToList (unit: i: i.user) instances));
          message = "services.bitpoll: two instances share a user (${
            lib.concatStringsSep ", " (
              builtins.map builtins.toString (lib.mapAttrsToList (unit: i: i.user) instances)
            )
          }); each needs its own.";
        }
        {
          assertion =
            builtins.length (lib.mapAttrsToList (unit: i: i.stateDir) instances)
            == builtins.length (lib.unique (lib.mapAttrsToList (unit: i: i.stateDir) instances));
          message = "services.bitpoll: two instances share a state directory (${
            lib.concatStringsSep ", " (
              builtins.map builtins.toString (lib.mapAttrsToList (unit: i: i.stateDir) instances)
            )
          }); each needs its own.";
        }
        {
          assertion =
            builtins.length (
              lib.mapAttrsToList (unit: i: i.listen.socket) (
                lib.filterAttrs (unit: i: i.listen.address == null) instances
              )
            ) == builtins.length (
              lib.unique (
                lib.mapAttrsToList (unit: i: i.listen.socket) (
                  lib.filterAttrs (unit: i: i.listen.address == null) instances
                )
              )
            );
          message = "services.bitpoll: two instances share a socket (${
            lib.concatStringsSep ", " (
              builtins.map builtins.toString (
                lib.mapAttrsToList (unit: i: i.listen.socket) (
                  lib.filterAttrs (unit: i: i.listen.address == null) instances
                )
              )
            )
          }); each needs its own.";
        }
        {
          assertion =
            builtins.length (
              lib.mapAttrsToList (unit: i: i.listen.port) (
                lib.filterAttrs (unit: i: i.listen.address != null) instances
              )
            ) == builtins.length (
              lib.unique (
                lib.mapAttrsToList (unit: i: i.listen.port) (
                  lib.filterAttrs (unit: i: i.listen.address != null) instances
                )
              )
            );
          message = "services.bitpoll: two instances share a port (${
            lib.concatStringsSep ", " (
              builtins.map builtins.toString (
                lib.mapAttrsToList (unit: i: i.listen.port) (
                  lib.filterAttrs (unit: i: i.listen.address != null) instances
                )
              )
            )
          }); each needs its own.";
        }
        {
          assertion =
            builtins.length (
              lib.mapAttrsToList (unit: i: i.backup.location) (
                lib.filterAttrs (unit: i: i.backup.enable) instances
              )
            ) == builtins.length (
              lib.unique (
                lib.mapAttrsToList (unit: i: i.backup.location) (
                  lib.filterAttrs (unit: i: i.backup.enable) instances
                )
              )
            );
          message = "services.bitpoll: two instances share a backup location (${
            lib.concatStringsSep ", " (
              builtins.map builtins.toString (
                lib.mapAttrsToList (unit: i: i.backup.location) (
                  lib.filterAttrs (unit: i: i.backup.enable) instances
                )
              )
            )
          }); each needs its own.";
        }
        {
          assertion =
            builtins.length (
              lib.mapAttrsToList (
                unit: i: if i.nginx.hostName == null then hostOf i.baseUrl else i.nginx.hostName
              ) (lib.filterAttrs (unit: i: i.nginx.enable) instances)
            ) == builtins.length (
              lib.unique (
                lib.mapAttrsToList (
                  unit: i: if i.nginx.hostName == null then hostOf i.baseUrl else i.nginx.hostName
                ) (lib.filterAttrs (unit: i: i.nginx.enable) instances)
              )
            );
          message = "services.bitpoll: two instances share a nginx virtual host (${
            lib.concatStringsSep ", " (
              builtins.map builtins.toString (
                lib.mapAttrsToList (
                  unit: i: if i.nginx.hostName == null then hostOf i.baseUrl else i.nginx.hostName
                ) (lib.filterAttrs (unit: i: i.nginx.enable) instances)
              )
            )
          }); each needs its own.";
        }
      ];
    users = {
      users = lib.listToAttrs (
        lib.mapAttrsToList (
          unit: i:
          lib.nameValuePair i.user {
            isSystemUser = true;
            group = i.group;
            home = i.stateDir;
            description = "Bitpoll (${unit})";
          }
        ) instances
      );
      groups = lib.listToAttrs (lib.mapAttrsToList (unit: i: lib.nameValuePair i.group { }) instances);
    };
    environment = {
      systemPackages = lib.mapAttrsToList (unit: i: lib.hiPrio (manageCommand unit i)) instances;
    };
    systemd = {
      sockets = lib.mkMerge (
        lib.mapAttrsToList (unit: i: {
          ${unit} = {
            description = "Socket of Bitpoll (${unit})";
            wantedBy = [ "sockets.target" ];
            listenStreams = [ (socketAddress i) ];
            socketConfig = {
              SocketUser = i.user;
              SocketGroup =
                if i.listen.socketGroup != null then
                  i.listen.socketGroup
                else if i.nginx.enable then
                  config.services.nginx.group
                else
                  i.group;
              SocketMode = "0660";
            };
          };
        }) instances
      );
      services = lib.mkMerge (
        lib.mapAttrsToList (unit: i: {
          ${unit} = {
            description = "Bitpoll poll service (${unit})";
            wantedBy = [ "multi-user.target" ];
            requires = [ "${unit}.socket" ] ++ requiredUnits unit i;
            after = [
              "network.target"
              "${unit}.socket"
            ]
            ++ requiredUnits unit i;
            path = [ pkgs.coreutils ];
            environment = serviceEnvironment unit i;
            preStart = preStart unit i;
            serviceConfig =
              sandbox
              // networkSandbox i
              // {
                Type = "notify";
                NotifyAccess = "main";
                ExecStart = "${instancePackage i}/bin/bitpoll-server";
                User = i.user;
                Group = i.group;
                StateDirectory = lib.removePrefix "/var/lib/" i.stateDir;
                StateDirectoryMode = "0700";
                WorkingDirectory = i.stateDir;
                LoadCredential = loadCredential i;
                EnvironmentFile = lib.optional (i.environmentFile != null) i.environmentFile;
                Restart = "on-failure";
                TimeoutStartSec = "15min";
              };
          };
          "${unit}-backup" = lib.mkIf i.backup.enable {
            description = "Backup of Bitpoll (${unit})";
            requires = requiredUnits unit i;
            after = [ "${unit}.service" ] ++ requiredUnits unit i;
            path = [
              pkgs.coreutils
              pkgs.findutils
              pkgs.sqlite
            ]
            ++ lib.optional (usesPostgres i) config.services.postgresql.package;
            environment = {
              BITPOLL_STATE_DIR = i.stateDir;
            };
            script = backupScript unit i;
            serviceConfig =
              sandbox
              // networkSandbox i
              // {
                Type = "oneshot";
                User = i.user;
                Group = i.group;
                StateDirectory = lib.removePrefix "/var/lib/" i.stateDir;
                StateDirectoryMode = "0700";
                ReadWritePaths = [ i.backup.location ];
                LoadCredential = loadCredential i;
                EnvironmentFile = lib.optional (i.environmentFile != null) i.environmentFile;
              };
          };
          "${unit}-health" = lib.mkIf i.health.enable {
            description = "Health check of Bitpoll (${unit})";
            after = [ "${unit}.service" ];
            path = [ pkgs.curl ];
            script = healthScript unit i;
            serviceConfig = sandbox // {
              Type = "oneshot";
              User = i.user;
              Group = i.group;
              RestrictAddressFamilies = "AF_UNIX AF_INET AF_INET6";
              IPAddressDeny = "any";
              IPAddressAllow = [ "localhost" ];
            };
          };
        }) instances
      );
      timers = lib.mkMerge (
        lib.mapAttrsToList (unit: i: {
          "${unit}-backup" = lib.mkIf i.backup.enable {
            description = "Backup of Bitpoll (${unit})";
            wantedBy = [ "timers.target" ];
            timerConfig = {
              OnCalendar = i.backup.schedule;
              Persistent = true;
              RandomizedDelaySec = "10min";
            };
          };
          "${unit}-health" = lib.mkIf i.health.enable {
            description = "Health check of Bitpoll (${unit})";
            wantedBy = [ "timers.target" ];
            timerConfig = {
              OnActiveSec = "2min";
              OnUnitActiveSec = i.health.interval;
            };
          };
        }) instances
      );
      tmpfiles = {
        rules = lib.concatLists (
          lib.mapAttrsToList (
            unit: i: lib.optional i.backup.enable "d ${i.backup.location} 0700 ${i.user} ${i.group} - -"
          ) instances
        );
      };
    };
    services = {
      postgresql =
        let
          locals = builtins.attrValues (
            lib.filterAttrs (unit: i: i.database.createLocally) postgresInstances
          );
        in
        lib.mkIf (locals != [ ]) {
          enable = true;
          ensureDatabases = lib.unique (builtins.map (i: i.database.name) locals);
          ensureUsers = builtins.map (i: {
            name = i.database.user;
            ensureDBOwnership = true;
          }) locals;
        };
      redis = {
        servers = lib.mapAttrs (unit: i: {
          enable = true;
          user = i.user;
          group = i.group;
          port = 0;
          unixSocket = "/run/redis-${unit}/redis.sock";
          unixSocketPerm = 600;
        }) (lib.filterAttrs (unit: i: i.cache.redis.createLocally) redisInstances);
      };
      nginx = lib.mkIf (lib.filterAttrs (unit: i: i.nginx.enable) instances != { }) {
        enable = true;
        virtualHosts = lib.mapAttrs' (
          unit: i:
          lib.nameValuePair (if i.nginx.hostName == null then hostOf i.baseUrl else i.nginx.hostName) {
            enableACME = i.nginx.enableACME;
            forceSSL = i.nginx.enableACME;
            locations = {
              "/static/" = {
                alias = "${staticDir}/";
                extraConfig = "expires 7d;";
              };
              "/" = {
                proxyPass =
                  if i.listen.address == null then "http://unix:${i.listen.socket}" else "http://${socketAddress i}";
                recommendedProxySettings = true;
              };
            };
          }
        ) (lib.filterAttrs (unit: i: i.nginx.enable) instances);
      };
    };
  };
}
