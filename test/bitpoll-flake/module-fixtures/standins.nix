# Stand-ins for the NixOS options the Bitpoll module (and the generated example configuration and
# VM test node) set or read, declared with the types nixpkgs declares them with, so that
# `lib.evalModules` checks the module's values the way NixOS does. Test fixture only.
#
# Sources: nixpkgs' NixOS module files, read one by one (the whole tree cannot be fetched here).
# Stored copies of nixpkgs lag the branch, so each block names the copy it follows:
#   [units]  nixos/lib/systemd-unit-options.nix — kalmenn/nixpkgs @ 32a8ba75d2b403b879564ff32323821a45300396
#            (a nixpkgs master fork: `notify-reload`, `upholds`, `enableDefaultPath`, nullable
#            `startLimitBurst`; the newest stored copy of the file, i.e. the 26.05-era declarations)
#   [lib]    nixos/lib/systemd-lib.nix — same commit (unitNameType, checkUnitConfig,
#            assertValueOneOf, unitConfig/serviceConfig/socketConfig/timerConfig modules)
#   [types]  nixos/lib/systemd-types.nix — services/sockets/timers = attrsOf (submodule [ …Options unitConfig …Config ])
#   every other file below — faukah/nixpkgs @ 3b20077cd82fd1f099e92e2792d73e3176d4869d (nixpkgs master,
#            RFC 166 era), except nginx/default.nix (stored copy of nixpkgs master, same options)
#
# What is left out, on purpose: options the module never touches (setting one is then an error,
# as an unknown option should be), and config a NixOS module derives without checking anything
# (the default `path` and `environment.PATH` of services, the nginx → security.acme.certs link,
# users' shells). What is kept: every declared option's type, and the checks NixOS makes on them
# (`serviceConfig`'s Type/Restart check, unit-option merging, assertions of users, nginx,
# PostgreSQL).
{ lib, config, ... }:
let
  t = lib.types;
  inherit (lib) mkOption mkDefault mkIf mkMerge;
  nixosConfig = config;

  # ---- [lib] nixos/lib/systemd-lib.nix ----
  unitNameType = t.strMatching "[a-zA-Z0-9@%:_.\\\\-]+[.](service|socket|device|mount|automount|swap|target|path|timer|scope|slice)";
  assertValueOneOf =
    name: values: group: attr:
    lib.optional (
      attr ? ${name} && !lib.elem attr.${name} values
    ) "Systemd ${group} field `${name}' cannot have value `${toString attr.${name}}'.";
  checkUnitConfig =
    group: checks: attrs:
    let
      # Applied to the whole attribute set, so definitions may still be wrapped in mkIf/mkOverride.
      defs = lib.mapAttrs (
        _: v:
        if v._type or "" == "override" then
          v.content
        else if v._type or "" == "if" then
          v.content
        else
          v
      ) attrs;
      errors = lib.concatMap (c: c group defs) checks;
    in
    if errors == [ ] then true else builtins.trace (lib.concatStringsSep "\n" errors) false;
  # A stand-in for `lib.getExe (pkgs.writeShellScriptBin …)`: a store path named like the real one.
  shellEscape = s: lib.replaceStrings [ "\\" ] [ "\\\\" ] s;
  makeJobScript =
    { name, text, ... }:
    let
      scriptName = lib.replaceStrings [ "\\" "@" ] [ "-" "_" ] (shellEscape name);
    in
    "/nix/store/${builtins.substring 0 32 (builtins.hashString "sha256" text)}-unit-script-${scriptName}/bin/${scriptName}";
  fakeTextFile = name: text: "/nix/store/${builtins.substring 0 32 (builtins.hashString "sha256" text)}-${name}";

  # ---- [units] nixos/lib/systemd-unit-options.nix ----
  # No check of its own: any value, lists concatenated, other values must agree.
  unitOption = lib.mkOptionType {
    name = "systemd option";
    merge =
      loc: defs:
      if lib.any (def: lib.isList def.value) defs then
        lib.concatMap (def: lib.toList def.value) defs
      else
        lib.mergeEqualOption loc defs;
  };
  checkService = checkUnitConfig "Service" [
    (assertValueOneOf "Type" [
      "exec"
      "simple"
      "forking"
      "oneshot"
      "dbus"
      "notify"
      "notify-reload"
      "idle"
    ])
    (assertValueOneOf "Restart" [
      "no"
      "on-success"
      "on-failure"
      "on-abnormal"
      "on-abort"
      "always"
    ])
  ];
  opt = type: default: mkOption { inherit type default; };
  units = opt (t.listOf unitNameType) [ ];
  sharedOptions = {
    enable = opt t.bool true;
    name = mkOption { type = t.str; };
    overrideStrategy = opt (t.enum [
      "asDropinIfExists"
      "asDropin"
    ]) "asDropinIfExists";
    requiredBy = units;
    upheldBy = units;
    wantedBy = units;
    aliases = units;
  };
  commonUnitOptions = {
    options = sharedOptions // {
      description = opt t.singleLineStr "";
      documentation = opt (t.listOf t.str) [ ];
      requires = units;
      wants = units;
      upholds = units;
      after = units;
      before = units;
      bindsTo = units;
      partOf = units;
      conflicts = units;
      requisite = units;
      unitConfig = opt (t.attrsOf unitOption) { };
      onFailure = units;
      onSuccess = units;
      startLimitBurst = opt (t.nullOr t.int) null;
      startLimitIntervalSec = opt (t.nullOr t.int) null;
    };
  };
  stage2CommonUnitOptions = {
    imports = [ commonUnitOptions ];
    options = {
      restartTriggers = opt (t.listOf t.unspecified) [ ];
      reloadTriggers = opt (t.listOf unitOption) [ ];
    };
  };
  serviceOptions =
    { name, config, ... }:
    {
      options = {
        environment = opt (t.attrsOf (
          t.nullOr (t.oneOf [
            t.str
            t.path
            t.package
          ])
        )) { };
        path = opt (t.listOf (t.oneOf [
          t.package
          t.str
        ])) [ ];
        enableDefaultPath = opt t.bool true;
        serviceConfig = opt (t.addCheck (t.attrsOf unitOption) checkService) { };
        enableStrictShellChecks = mkOption { type = t.bool; };
        script = opt t.lines "";
        scriptArgs = opt t.str "";
        preStart = opt t.lines "";
        postStart = opt t.lines "";
        reload = opt t.lines "";
        preStop = opt t.lines "";
        postStop = opt t.lines "";
        jobScripts = opt (t.coercedTo t.path lib.singleton (t.listOf t.path)) [ ];
      };
      # The scripts become Exec* lines: a module setting both `script` and `ExecStart` conflicts.
      config = mkMerge [
        (mkIf (config.preStart != "") rec {
          jobScripts = makeJobScript {
            name = "${name}-pre-start";
            text = config.preStart;
          };
          serviceConfig.ExecStartPre = [ jobScripts ];
        })
        (mkIf (config.script != "") rec {
          jobScripts = makeJobScript {
            name = "${name}-start";
            text = config.script;
          };
          serviceConfig.ExecStart = jobScripts + " " + config.scriptArgs;
        })
        (mkIf (config.postStart != "") rec {
          jobScripts = makeJobScript {
            name = "${name}-post-start";
            text = config.postStart;
          };
          serviceConfig.ExecStartPost = [ jobScripts ];
        })
        (mkIf (config.reload != "") rec {
          jobScripts = makeJobScript {
            name = "${name}-reload";
            text = config.reload;
          };
          serviceConfig.ExecReload = jobScripts;
        })
        (mkIf (config.preStop != "") rec {
          jobScripts = makeJobScript {
            name = "${name}-pre-stop";
            text = config.preStop;
          };
          serviceConfig.ExecStop = jobScripts;
        })
        (mkIf (config.postStop != "") rec {
          jobScripts = makeJobScript {
            name = "${name}-post-stop";
            text = config.postStop;
          };
          serviceConfig.ExecStopPost = jobScripts;
        })
      ];
    };
  stage2ServiceOptions = {
    imports = [
      stage2CommonUnitOptions
      serviceOptions
    ];
    options = {
      restartIfChanged = opt t.bool true;
      reloadIfChanged = opt t.bool false;
      stopIfChanged = opt t.bool true;
      notSocketActivated = opt t.bool false;
      startAt = mkOption {
        type = t.either t.str (t.listOf t.str);
        default = [ ];
        apply = v: if lib.isList v then v else [ v ];
      };
    };
  };
  stage2SocketOptions = {
    imports = [ stage2CommonUnitOptions ];
    options = {
      listenStreams = opt (t.listOf t.str) [ ];
      listenDatagrams = opt (t.listOf t.str) [ ];
      socketConfig = opt (t.attrsOf unitOption) { };
    };
  };
  stage2TimerOptions = {
    imports = [ stage2CommonUnitOptions ];
    options.timerConfig = opt (t.attrsOf unitOption) { };
  };

  # ---- [lib] the config half of a unit: [Unit] entries from the dependency lists, the name ----
  unitConfig =
    { config, name, ... }:
    {
      config.unitConfig =
        let
          joined = field: key: lib.optionalAttrs (config.${field} != [ ]) { ${key} = toString config.${field}; };
          triggers =
            key: field:
            lib.optionalAttrs (config.${field} != [ ]) {
              ${key} = fakeTextFile "${key}-${name}" (
                toString (map (x: if lib.isPath x then "${x}" else x) (lib.flatten config.${field}))
              );
            };
        in
        joined "requires" "Requires"
        // joined "wants" "Wants"
        // joined "upholds" "Upholds"
        // joined "after" "After"
        // joined "before" "Before"
        // joined "bindsTo" "BindsTo"
        // joined "partOf" "PartOf"
        // joined "conflicts" "Conflicts"
        // joined "requisite" "Requisite"
        // triggers "X-Restart-Triggers" "restartTriggers"
        // triggers "X-Reload-Triggers" "reloadTriggers"
        // lib.optionalAttrs (config.description != "") { Description = config.description; }
        // joined "documentation" "Documentation"
        // joined "onFailure" "OnFailure"
        // joined "onSuccess" "OnSuccess"
        // lib.optionalAttrs (config.startLimitIntervalSec != null) {
          StartLimitIntervalSec = toString config.startLimitIntervalSec;
        }
        // lib.optionalAttrs (config.startLimitBurst != null) { StartLimitBurst = toString config.startLimitBurst; };
    };
  named = suffix: { name, ... }: { config.name = "${name}.${suffix}"; };
  serviceConfig =
    { name, ... }:
    {
      config = {
        name = "${name}.service";
        enableStrictShellChecks = lib.mkOptionDefault nixosConfig.systemd.enableStrictShellChecks;
      };
    };

  # ---- nixos/modules/config/users-groups.nix ----
  userOpts =
    { name, config, ... }:
    {
      options = {
        name = mkOption {
          type = t.passwdEntry t.str;
          apply = x: assert (lib.stringLength x < 32 || abort "Username '${x}' is longer than 31 characters which is not allowed!"); x;
        };
        description = opt (t.passwdEntry t.str) "";
        uid = opt (t.nullOr t.int) null;
        isSystemUser = opt t.bool false;
        isNormalUser = opt t.bool false;
        group = mkOption {
          type = t.str;
          apply = x: assert (lib.stringLength x < 32 || abort "Group name '${x}' is longer than 31 characters which is not allowed!"); x;
          default = "";
        };
        home = opt (t.passwdEntry t.path) "/var/empty";
      };
      config = mkMerge [
        { name = mkDefault name; }
        (mkIf config.isNormalUser {
          group = mkDefault "users";
          home = mkDefault "/home/${config.name}";
          isSystemUser = mkDefault false;
        })
      ];
    };
  groupOpts =
    { name, ... }:
    {
      options = {
        name = mkOption { type = t.passwdEntry t.str; };
        gid = opt (t.nullOr t.int) null;
        members = opt (t.listOf (t.passwdEntry t.str)) [ ];
      };
      config.name = mkDefault name;
    };
  usersCfg = config.users;
  groupNames = lib.mapAttrsToList (n: g: g.name) usersCfg.groups;
  usersWithoutExistingGroup = lib.filterAttrs (n: u: u.group != "" && !lib.elem u.group groupNames) usersCfg.users;

  # ---- nixos/modules/services/web-servers/nginx/{location-options,vhost-options}.nix ----
  locationOptions = {
    options = {
      proxyPass = opt (t.nullOr t.str) null;
      uwsgiPass = opt (t.nullOr t.str) null;
      root = opt (t.nullOr t.path) null;
      alias = opt (t.nullOr t.path) null;
      extraConfig = opt t.lines "";
      recommendedProxySettings = opt t.bool nixosConfig.services.nginx.recommendedProxySettings;
    };
  };
  vhostOptions = {
    options = {
      enableACME = opt t.bool false;
      useACMEHost = opt (t.nullOr t.str) null;
      addSSL = opt t.bool false;
      onlySSL = opt t.bool false;
      forceSSL = opt t.bool false;
      rejectSSL = opt t.bool false;
      locations = opt (t.attrsOf (t.submodule locationOptions)) { };
    };
  };
  nginxCfg = config.services.nginx;
  vhosts = lib.attrValues nginxCfg.virtualHosts;

  # ---- nixos/modules/services/databases/redis.nix ----
  redisName = name: "redis" + lib.optionalString (name != "") ("-" + name);

  # ---- nixos/modules/system/boot/systemd/tmpfiles.nix ----
  attrsWith' = placeholder: elemType: t.attrsWith { inherit elemType placeholder; };
  tmpfilesEntry =
    { name, ... }:
    {
      options = {
        type = opt t.str name;
        mode = opt t.str "-";
        user = opt t.str "-";
        group = opt t.str "-";
        age = opt t.str "-";
        argument = opt t.str "";
      };
    };
in
{
  options = {
    # nixos/modules/misc/assertions.nix
    assertions = opt (t.listOf t.unspecified) [ ];
    warnings = opt (t.listOf t.str) [ ];

    # nixos/modules/config/system-path.nix
    environment.systemPackages = opt (t.listOf t.package) [ ];

    # nixos/modules/config/users-groups.nix
    users.users = opt (t.attrsOf (t.submodule userOpts)) { };
    users.groups = opt (t.attrsOf (t.submodule groupOpts)) { };

    # nixos/modules/system/boot/systemd.nix with [types]
    systemd.enableStrictShellChecks = opt t.bool false;
    systemd.services = opt (t.attrsOf (t.submodule [
      stage2ServiceOptions
      unitConfig
      serviceConfig
    ])) { };
    systemd.sockets = opt (t.attrsOf (t.submodule [
      stage2SocketOptions
      unitConfig
      (named "socket")
    ])) { };
    systemd.timers = opt (t.attrsOf (t.submodule [
      stage2TimerOptions
      unitConfig
      (named "timer")
    ])) { };

    # nixos/modules/system/boot/systemd/tmpfiles.nix
    systemd.tmpfiles.rules = opt (t.listOf t.str) [ ];
    systemd.tmpfiles.settings = opt (attrsWith' "config-name" (
      attrsWith' "path" (attrsWith' "tmpfiles-type" (t.submodule tmpfilesEntry))
    )) { };

    # nixos/modules/services/databases/postgresql.nix
    services.postgresql = {
      enable = lib.mkEnableOption "PostgreSQL Server";
      # mkPackageOption pkgs "postgresql" { }: the fake package set has no postgresql.
      package = opt t.package {
        type = "derivation";
        name = "postgresql-16";
        outPath = "/nix/store/00000000000000000000000000000000-postgresql-16";
      };
      ensureDatabases = opt (t.listOf t.str) [ ];
      ensureUsers = opt (t.listOf (t.submodule {
        options = {
          name = mkOption { type = t.str; };
          ensureDBOwnership = opt t.bool false;
        };
      })) [ ];
    };

    # nixos/modules/services/databases/redis.nix
    services.redis.servers = opt (t.attrsOf (t.submodule (
      { name, config, ... }:
      {
        options = {
          enable = lib.mkEnableOption "Redis server";
          user = opt t.str (redisName name);
          group = opt t.str config.user;
          port = opt t.port (if name == "" then 6379 else 0);
          unixSocket = opt (t.nullOr t.path) "/run/${redisName name}/redis.sock";
          unixSocketPerm = opt t.int 660;
        };
      }
    ))) { };

    # nixos/modules/services/web-servers/nginx/default.nix
    services.nginx = {
      enable = lib.mkEnableOption "Nginx Web Server";
      group = opt t.str "nginx";
      recommendedProxySettings = opt t.bool false;
      virtualHosts = opt (t.attrsOf (t.submodule vhostOptions)) { localhost = { }; };
    };

    # nixos/modules/security/acme/default.nix (set by the example configuration)
    security.acme = {
      acceptTerms = opt t.bool false;
      defaults = mkOption { type = t.submodule { options.email = opt (t.nullOr t.str) null; }; };
    };

    # nixos/modules/tasks/network-interfaces.nix (read by the module: resolvers the sandbox must reach)
    networking.nameservers = opt (t.listOf t.str) [ ];

    # nixos/modules/services/networking/firewall.nix (set by the example configuration)
    networking.firewall.allowedTCPPorts = mkOption {
      type = t.listOf t.port;
      default = [ ];
      apply = ports: lib.unique (builtins.sort builtins.lessThan ports);
    };

    # Not NixOS: where tests read values the module keeps in its `let` (the settings file text).
    bitpollTest = opt (t.attrsOf t.anything) { };
  };

  config = mkMerge [
    {
      # users-groups.nix: the groups every NixOS system has.
      users.groups = lib.genAttrs [
        "root"
        "wheel"
        "disk"
        "kmem"
        "tty"
        "floppy"
        "uucp"
        "lp"
        "cdrom"
        "tape"
        "audio"
        "video"
        "dialout"
        "nogroup"
        "users"
        "nixbld"
        "utmp"
        "adm"
        "input"
        "kvm"
        "render"
        "sgx"
        "shadow"
      ] (_: { });
      assertions = [
        {
          assertion = usersWithoutExistingGroup == { };
          message = "The following users have a primary group that is undefined: ${lib.concatStringsSep " " (lib.attrNames usersWithoutExistingGroup)}";
        }
      ]
      ++ lib.concatLists (
        lib.mapAttrsToList (name: user: [
          {
            assertion = builtins.match "[a-zA-Z0-9_.][a-zA-Z0-9_.-]*" user.name != null;
            message = "The username \"${user.name}\" is not valid, it does not match the regex \"[a-zA-Z0-9_.][a-zA-Z0-9_.-]*\".";
          }
          {
            assertion = user.isNormalUser && user.uid != null -> user.uid >= 1000;
            message = "A user cannot have a users.users.${user.name}.uid set below 1000 and set users.users.${user.name}.isNormalUser.";
          }
          {
            assertion = lib.xor (user.isSystemUser || (user.uid != null && user.uid < 1000 && !user.isNormalUser)) user.isNormalUser;
            message = "Exactly one of users.users.${user.name}.isSystemUser and users.users.${user.name}.isNormalUser must be set.";
          }
          {
            assertion = user.group != "";
            message = "users.users.${user.name}.group is unset.";
          }
        ]) usersCfg.users
      );
    }
    # postgresql.nix
    (mkIf config.services.postgresql.enable {
      assertions = map (
        { name, ensureDBOwnership, ... }:
        {
          assertion = ensureDBOwnership -> lib.elem name config.services.postgresql.ensureDatabases;
          message = "For each database user defined with `services.postgresql.ensureUsers` and `ensureDBOwnership = true;`, a database with the same name must be defined in `services.postgresql.ensureDatabases`. Offender: ${name} has not been found among databases.";
        }
      ) config.services.postgresql.ensureUsers;
    })
    # nginx/default.nix
    (mkIf nginxCfg.enable {
      assertions = [
        {
          assertion = lib.all (host: lib.all (l: l.root == null || l.alias == null) (lib.attrValues host.locations)) vhosts;
          message = "Only one of nginx root or alias can be specified on a location.";
        }
        {
          assertion = lib.all (
            host:
            lib.count lib.id [
              host.addSSL
              host.onlySSL
              host.forceSSL
              host.rejectSSL
            ] <= 1
          ) vhosts;
          message = "Options services.nginx.virtualHosts.<name>.addSSL, onlySSL, forceSSL and rejectSSL are mutually exclusive.";
        }
        {
          assertion = lib.all (host: !(host.enableACME && host.useACMEHost != null)) vhosts;
          message = "Options services.nginx.virtualHosts.<name>.enableACME and useACMEHost are mutually exclusive.";
        }
        {
          assertion = lib.all (host: lib.all (l: !(l.proxyPass != null && l.uwsgiPass != null)) (lib.attrValues host.locations)) vhosts;
          message = "Options services.nginx.virtualHosts.<name>.proxyPass and uwsgiPass are mutually exclusive.";
        }
      ];
    })
  ];
}
