/**
 * The NixOS stand-ins (`module-fixtures/standins.nix`) are typed as nixpkgs types the options, and
 * they bite: the generated Bitpoll module evaluates cleanly against them (default and fully
 * featured), every unit renders the way NixOS writes unit files, and wrongly typed values, in a
 * configuration or in the module itself, fail evaluation with NixOS's type error or assertion.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { nixpkgsLib, requireNix } from "nix-ast/testing";
import {
  bitpollModule,
  renderBitpollModule,
} from "../../packages/bitpoll-flake/src/module/index.js";
import {
  FIXTURES,
  evalError,
  evalExpr,
  evalJson,
} from "./module-fixtures/harness.js";

const libDir = nixpkgsLib();
const ready = requireNix("standins.test.ts") && libDir !== undefined;
if (libDir === undefined) {
  describe("NixOS stand-ins typed like NixOS", () => {
    it.skip("skipped: needs nixpkgs' lib (NIXPKGS_LIB or .cache/nixpkgs.lib/lib)", () => {});
  });
}

const work = mkdtempSync(join(tmpdir(), "bitpoll-standins-"));
const moduleText = renderBitpollModule(bitpollModule());
const moduleFile = join(work, "module.nix");
writeFileSync(moduleFile, moduleText);

/** Every feature on: two more instances, local and remote PostgreSQL and Redis, nginx with ACME, mail, LDAP, OpenID, metrics, backups. */
const FULL = `{
  services.bitpoll = {
    enable = true;
    baseUrl = "https://poll.example.org";
    allowedHosts = [ "www.poll.example.org" ];
    workers = 3;
    secretKeyFile = "/run/secrets/bitpoll-key";
    encryptionKeyFile = "/run/secrets/bitpoll-fernet";
    environmentFile = "/run/secrets/bitpoll.env";
    database.type = "postgresql";
    email = { enable = true; host = "localhost"; user = "poll"; passwordFile = "/run/secrets/smtp"; };
    ldap = {
      enable = true;
      serverUri = "ldapi:///";
      bindPasswordFile = "/run/secrets/ldap";
      userSearchBase = "ou=People,dc=example,dc=org";
      groupSearchBase = "ou=groups,dc=example,dc=org";
      mirrorGroups = true;
    };
    cache.backend = "redis";
    nginx = { enable = true; enableACME = true; };
    backup = { enable = true; schedule = "*-*-* 03:15:00"; };
    metrics.enable = true;
    network.allowedAddresses = [ "192.168.1.25" ];
    settings = { SITE_NAME = "Polls"; IMPRINT_URL = "https://example.org/imprint"; };
    extraConfig = "X_EXTRA = 1";
    instances.team = {
      baseUrl = "https://team.example.org";
      listen = { address = "127.0.0.1"; port = 8001; };
      database = { type = "postgresql"; createLocally = false; host = "db.example.org"; passwordFile = "/run/secrets/db"; };
      openid = { enable = true; issuer = "https://id.example.org/realms/x"; clientId = "bitpoll"; clientSecretFile = "/run/secrets/oidc"; };
      cache = { backend = "redis"; redis = { createLocally = false; url = "redis://cache.example.org:6379/0"; }; };
      nginx.enable = true;
      backup.enable = true;
      network.outbound = "any";
    };
    instances.club = { listen.socketGroup = "users"; settings.CALENDAR_ENABLED = false; health.enable = false; };
  };
  security.acme = { acceptTerms = true; defaults.email = "admin@example.org"; };
}`;

const DEFAULT = `{ services.bitpoll.enable = true; }`;

/**
 * Unit texts the way NixOS writes them (nixos/lib/systemd-lib.nix: `serviceToUnit`'s
 * `Environment=` lines, `attrsToSection` with `toOption`): every value of `unitConfig`,
 * `serviceConfig`, `socketConfig`, `timerConfig` goes through `toString`, so a value systemd cannot
 * take (an attribute set, a function) fails here as it fails a NixOS build.
 */
const UNITS = `let
  toOption = x: if x == true then "true" else if x == false then "false" else toString x;
  section = as: lib.concatStrings (lib.concatLists (lib.mapAttrsToList (n: v: map (x: "\${n}=\${toOption x}\\n") (lib.toList v)) as));
  environment = env: lib.concatStrings (lib.mapAttrsToList (n: v: lib.optionalString (v != null) "Environment=\${builtins.toJSON "\${n}=\${v}"}\\n") env);
  render = kind: body: lib.mapAttrs' (n: u: lib.nameValuePair u.name ("[Unit]\\n" + section u.unitConfig + "[\${kind}]\\n" + body u));
in
  render "Service" (u: environment u.environment + section u.serviceConfig) config.systemd.services
  // render "Socket" (u: section u.socketConfig + lib.concatMapStrings (s: "ListenStream=\${s}\\n") u.listenStreams) config.systemd.sockets
  // render "Timer" (u: section u.timerConfig) config.systemd.timers`;

/** What a clean evaluation shows: failed assertions, warnings, every NixOS option the module sets, rendered units. */
const SELECT = `{
  failed = map (a: a.message) (builtins.filter (a: !a.assertion) config.assertions);
  inherit (config) warnings users environment;
  systemd = { inherit (config.systemd) services sockets timers tmpfiles; };
  services = { inherit (config.services) postgresql redis nginx; };
  acceptTerms = config.security.acme.acceptTerms;
  firewall = config.networking.firewall.allowedTCPPorts;
  units = ${UNITS};
}`;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
interface Clean {
  failed: string[];
  warnings: string[];
  systemd: { services: { [n: string]: { [k: string]: Json } } };
  users: {
    users: { [n: string]: { [k: string]: Json } };
    groups: { [n: string]: Json };
  };
  services: {
    redis: { servers: { [n: string]: { [k: string]: Json } } };
    nginx: { virtualHosts: { [n: string]: Json } };
  };
  units: { [n: string]: string };
}

/** Evaluates `configNix` with the module and the stand-ins; `select` sees `config`, `options`, `lib`. */
const evalWith = (configNix: string, select: string, file = moduleFile) =>
  evalExpr(
    libDir!,
    file,
    configNix,
    `let options = eval.options; in ${select}`,
  );

describe.skipIf(!ready)("NixOS stand-ins typed like NixOS", () => {
  it("declares nothing loosely: every stand-in and sub-option has a real NixOS type", async () => {
    // Walks every option standins.nix declares, through submodules (`<name>` for attrsOf, `*` for listOf).
    const table = (await evalJson(
      evalWith(
        DEFAULT,
        `let
          standins = ${join(FIXTURES, "standins.nix")};
          fromStandins = o: builtins.any (d: toString d == toString standins) o.declarations;
          row = prefix: n: o: [ { loc = lib.showOption o.loc; type = o.type.description; } ];
          # Everything under a stand-in declaration.
          sub = prefix: opts: lib.concatLists (lib.mapAttrsToList (n: o:
            if lib.hasPrefix "_" n then [ ]
            else if lib.isOption o then row prefix n o ++ sub (prefix ++ [ n ]) (o.type.getSubOptions o.loc)
            else sub (prefix ++ [ n ]) o) opts);
          # The stand-in declarations among all options (services.bitpoll is the module's).
          top = prefix: opts: lib.concatLists (lib.mapAttrsToList (n: o:
            if lib.hasPrefix "_" n then [ ]
            else if lib.isOption o then lib.optionals (fromStandins o) (row prefix n o ++ sub (prefix ++ [ n ]) (o.type.getSubOptions o.loc))
            else top (prefix ++ [ n ]) o) opts);
        in top [ ] options`,
      ),
    )) as { loc: string; type: string }[];
    const types = Object.fromEntries(table.map((r) => [r.loc, r.type]));
    // services.bitpoll comes from the module, not from the stand-ins.
    expect(
      Object.keys(types).some((l) => l.startsWith("services.bitpoll")),
    ).toBe(false);
    const loose = table
      .filter((r) => /anything|unspecified/.test(r.type))
      .map((r) => r.loc);
    // Only what NixOS itself declares as unspecified, and the test hook.
    expect(loose.sort()).toEqual([
      "assertions",
      "bitpollTest",
      "systemd.services.<name>.restartTriggers",
      "systemd.sockets.<name>.restartTriggers",
      "systemd.timers.<name>.restartTriggers",
    ]);
    expect(types).toMatchObject({
      "systemd.services.<name>.serviceConfig":
        "attribute set of (systemd option)",
      "systemd.services.<name>.after":
        "list of string matching the pattern [a-zA-Z0-9@%:_.\\\\-]+[.](service|socket|device|mount|automount|swap|target|path|timer|scope|slice)",
      "systemd.services.<name>.environment":
        "attribute set of (null or string or absolute path or package)",
      "systemd.services.<name>.description":
        "(optionally newline-terminated) single-line string",
      "systemd.sockets.<name>.socketConfig":
        "attribute set of (systemd option)",
      "systemd.timers.<name>.timerConfig": "attribute set of (systemd option)",
      "users.users.<name>.isSystemUser": "boolean",
      "users.users.<name>.group": "string",
      "users.users.<name>.home":
        "absolute path, not containing newlines or colons",
      "services.postgresql.ensureUsers.*.ensureDBOwnership": "boolean",
      "services.redis.servers.<name>.port":
        "16 bit unsigned integer; between 0 and 65535 (both inclusive)",
      "services.redis.servers.<name>.unixSocketPerm": "signed integer",
      "services.nginx.virtualHosts.<name>.locations.<name>.alias":
        "null or absolute path",
      "environment.systemPackages": "list of package",
      "security.acme.acceptTerms": "boolean",
    });
    expect(Object.keys(types).length).toBeGreaterThan(100);
  });

  it("evaluates the real module cleanly, by default and with every feature on, and renders every unit", async () => {
    const [plain, full] = (await Promise.all([
      evalJson(evalWith(DEFAULT, SELECT)),
      evalJson(evalWith(FULL, SELECT)),
    ])) as [Clean, Clean];
    for (const [name, e] of Object.entries({ plain, full })) {
      expect(e.failed, name).toEqual([]);
      expect(e.warnings, name).toEqual([]);
    }
    expect(Object.keys(plain.units).sort()).toEqual([
      "bitpoll-health.service",
      "bitpoll-health.timer",
      "bitpoll.service",
      "bitpoll.socket",
    ]);
    // The units of all three instances: services, sockets, timers.
    expect(Object.keys(full.units).length).toBe(14);
    // (postgresql.service or, since nixpkgs PR #403645, postgresql.target)
    expect(full.units["bitpoll.service"]).toMatch(
      /^\[Unit\]\nAfter=network\.target bitpoll\.socket postgresql\.(service|target) redis-bitpoll\.service\n/,
    );
    expect(full.units["bitpoll.service"]).toContain("\nRestart=on-failure\n");
    expect(full.units["bitpoll.service"]).toContain(
      '\nEnvironment="BITPOLL_STATE_DIR=/var/lib/bitpoll"\n',
    );
    // preStart became an ExecStartPre job script, as NixOS makes it.
    expect(full.units["bitpoll.service"]).toMatch(
      /\nExecStartPre=\/nix\/store\/[0-9a-f]{32}-unit-script-bitpoll-pre-start\/bin\/bitpoll-pre-start\n/,
    );
    expect(full.units["bitpoll-backup.service"]).toMatch(
      /\nExecStart=\/nix\/store\/[0-9a-f]{32}-unit-script-bitpoll-backup-start\/bin\/bitpoll-backup-start \n/,
    );
    expect(full.units["bitpoll-team.socket"]).toContain(
      "\nListenStream=127.0.0.1:8001\n",
    );
    expect(full.users.users.bitpoll).toMatchObject({
      isSystemUser: true,
      isNormalUser: false,
      group: "bitpoll",
    });
    expect(full.services.redis.servers.bitpoll).toMatchObject({
      enable: true,
      port: 0,
      unixSocketPerm: 600,
    });
  });

  /** A configuration added to the full one, and what NixOS answers. */
  const BITES: {
    readonly what: string;
    readonly config: string;
    readonly error: RegExp;
  }[] = [
    {
      what: "Restart of the wrong type",
      config: `{ systemd.services.bitpoll.serviceConfig.Restart = 5; }`,
      error:
        /Systemd Service field `Restart' cannot have value `5'[\s\S]*option `systemd\.services\.bitpoll\.serviceConfig' is not of type `attribute set of \(systemd option\)'/,
    },
    {
      what: "Restart as a list",
      config: `{ systemd.services.bitpoll.serviceConfig.Restart = [ "always" ]; }`,
      error:
        /field `Restart' cannot have value[\s\S]*serviceConfig' is not of type/,
    },
    {
      what: "an unknown service Type",
      config: `{ systemd.services.bitpoll-backup.serviceConfig.Type = "daemon"; }`,
      error:
        /field `Type' cannot have value `daemon'[\s\S]*bitpoll-backup\.serviceConfig' is not of type/,
    },
    {
      what: "a second ExecStart",
      config: `{ systemd.services.bitpoll.serviceConfig.ExecStart = "/bin/other"; }`,
      error:
        /option `systemd\.services\.bitpoll\.serviceConfig\.ExecStart' has conflicting definition values/,
    },
    {
      what: "a script beside the module's ExecStart",
      config: `{ systemd.services.bitpoll.script = "exec true"; }`,
      error:
        /option `systemd\.services\.bitpoll\.serviceConfig\.ExecStart' has conflicting definition values/,
    },
    {
      what: "a unit name without its suffix",
      config: `{ systemd.services.bitpoll.after = [ "postgresql" ]; }`,
      error:
        /option `systemd\.services\.bitpoll\.after\.[^']*' is not of type `string matching the pattern/,
    },
    {
      what: "wantedBy as a string",
      config: `{ systemd.services.bitpoll.wantedBy = "multi-user.target"; }`,
      error:
        /option `systemd\.services\.bitpoll\.wantedBy' is not of type `list of/,
    },
    {
      what: "an integer environment value",
      config: `{ systemd.services.bitpoll.environment.WORKERS = 4; }`,
      error:
        /option `systemd\.services\.bitpoll\.environment\.WORKERS' is not of type `null or string or absolute path or package'/,
    },
    {
      what: "a two-line description",
      config: `{ systemd.services.bitpoll.description = lib.mkForce "two\\nlines"; }`,
      error:
        /option `systemd\.services\.bitpoll\.description' is not of type `\(optionally newline-terminated\) single-line string'/,
    },
    {
      what: "a port as a listen stream",
      config: `{ systemd.sockets.bitpoll.listenStreams = [ 8000 ]; }`,
      error:
        /option `systemd\.sockets\.bitpoll\.listenStreams[^']*' is not of type `string'/,
    },
    {
      what: "a timer wanted by a bare name",
      config: `{ systemd.timers.bitpoll-backup.wantedBy = [ "timers" ]; }`,
      error:
        /option `systemd\.timers\.bitpoll-backup\.wantedBy[^']*' is not of type `string matching the pattern/,
    },
    {
      what: "a tmpfiles mode as a number",
      config: `{ systemd.tmpfiles.settings.bitpoll."/var/backup/x".d.mode = 700; }`,
      error:
        /option `systemd\.tmpfiles\.settings\.bitpoll\."\/var\/backup\/x"\.d\.mode' is not of type `string'/,
    },
    {
      what: "isSystemUser as a string",
      config: `{ users.users.bitpoll.isSystemUser = "yes"; }`,
      error:
        /option `users\.users\.bitpoll\.isSystemUser' is not of type `boolean'/,
    },
    {
      what: "a relative home",
      config: `{ users.users.bitpoll.home = lib.mkForce "var/lib/bitpoll"; }`,
      error:
        /option `users\.users\.bitpoll\.home' is not of type `absolute path, not containing newlines or colons'/,
    },
    {
      what: "a colon in the GECOS field",
      config: `{ users.users.bitpoll.description = lib.mkForce "Bitpoll: polls"; }`,
      error:
        /option `users\.users\.bitpoll\.description' is not of type `string, not containing newlines or colons'/,
    },
    {
      what: "a system user that is also a normal user",
      config: `{ users.users.bitpoll.isNormalUser = true; }`,
      error:
        /ASSERTION: Exactly one of users\.users\.bitpoll\.isSystemUser and users\.users\.bitpoll\.isNormalUser must be set\./,
    },
    {
      what: "a primary group nobody declares",
      config: `{ users.users.bitpoll.group = lib.mkForce "nosuchgroup"; }`,
      error:
        /ASSERTION: The following users have a primary group that is undefined: bitpoll/,
    },
    {
      what: "a database owner without its database",
      config: `{ services.postgresql.ensureUsers = [ { name = "other"; ensureDBOwnership = true; } ]; }`,
      error:
        /ASSERTION: For each database user[\s\S]*Offender: other has not been found among databases\./,
    },
    {
      what: "ensureDBOwnership as a string",
      config: `{ services.postgresql.ensureUsers = [ { name = "bitpoll"; ensureDBOwnership = "yes"; } ]; }`,
      error:
        /option `services\.postgresql\.ensureUsers\."\[definition \d+-entry 1\]"\.ensureDBOwnership' is not of type `boolean'/,
    },
    {
      what: "a Redis socket mode as a string",
      config: `{ services.redis.servers.bitpoll.unixSocketPerm = lib.mkForce "600"; }`,
      error:
        /option `services\.redis\.servers\.bitpoll\.unixSocketPerm' is not of type `signed integer'/,
    },
    {
      what: "a Redis port out of range",
      config: `{ services.redis.servers.bitpoll.port = lib.mkForce 70000; }`,
      error:
        /option `services\.redis\.servers\.bitpoll\.port' is not of type `16 bit unsigned integer/,
    },
    {
      what: "forceSSL as a string",
      config: `{ services.nginx.virtualHosts."poll.example.org".forceSSL = lib.mkForce "yes"; }`,
      error:
        /option `services\.nginx\.virtualHosts\."poll\.example\.org"\.forceSSL' is not of type `boolean'/,
    },
    {
      what: "addSSL beside forceSSL",
      config: `{ services.nginx.virtualHosts."poll.example.org".addSSL = true; }`,
      error:
        /ASSERTION: Options services\.nginx\.virtualHosts\.<name>\.addSSL, onlySSL, forceSSL and rejectSSL are mutually exclusive\./,
    },
    {
      what: "root beside alias",
      config: `{ services.nginx.virtualHosts."poll.example.org".locations."/static/".root = "/srv"; }`,
      error:
        /ASSERTION: Only one of nginx root or alias can be specified on a location\./,
    },
    {
      what: "proxyPass as a port",
      config: `{ services.nginx.virtualHosts."poll.example.org".locations."/".proxyPass = lib.mkForce 8000; }`,
      error:
        /option `services\.nginx\.virtualHosts\."poll\.example\.org"\.locations\."\/"\.proxyPass' is not of type `null or string'/,
    },
    {
      what: "an option nginx does not have",
      config: `{ services.nginx.virtualHosts."poll.example.org".notAnOption = 1; }`,
      error:
        /option `services\.nginx\.virtualHosts\."poll\.example\.org"\.notAnOption' does not exist/,
    },
    {
      what: "a package name instead of a package",
      config: `{ environment.systemPackages = [ "curl" ]; }`,
      error:
        /option `environment\.systemPackages\.[^']*' is not of type `package'/,
    },
    {
      what: "acceptTerms as a string",
      config: `{ security.acme.acceptTerms = lib.mkForce "yes"; }`,
      error: /option `security\.acme\.acceptTerms' is not of type `boolean'/,
    },
    {
      what: "a firewall port out of range",
      config: `{ networking.firewall.allowedTCPPorts = [ 70000 ]; }`,
      error:
        /option `networking\.firewall\.allowedTCPPorts\.[^']*' is not of type `16 bit unsigned integer/,
    },
    {
      what: "a warning that is not a string",
      config: `{ warnings = [ 1 ]; }`,
      error: /option `warnings\.[^']*' is not of type `string'/,
    },
    // Instance names become unit and user names: the module refuses, naming the option, what NixOS
    // would refuse later or abort on (a user name over 31 characters).
    {
      what: "an instance name with a space",
      config: `{ services.bitpoll.instances."my team" = { }; }`,
      error: /services\.bitpoll\.instances\.my team: an instance name is a lower-case letter/,
    },
    {
      what: "an instance name too long for a user",
      config: `{ services.bitpoll.instances.averyveryverylongteamname = { }; }`,
      error: /services\.bitpoll\.instances\.averyveryverylongteamname: an instance name is a lower-case letter/,
    },
    // The type takes any value, as NixOS's does; writing the unit file is what refuses a set.
    {
      what: "a set where systemd wants a value",
      config: `{ systemd.services.bitpoll.serviceConfig.LimitNOFILE = { soft = 1; }; }`,
      error: /cannot coerce a set to a string/,
    },
  ];

  /** Assertions do not throw in `lib.evalModules`; NixOS's toplevel does, so the selection throws them the same way. */
  const STRICT = `let failed = builtins.filter (a: !a.assertion) config.assertions; in
    if failed != [ ] then throw (lib.concatMapStrings (a: "ASSERTION: \${a.message}\\n") failed) else ${SELECT}`;

  it("refuses every wrongly typed value NixOS refuses, naming the option", async () => {
    const results: [string, string | undefined][] = [];
    // Two at a time: the machine's two cores are shared.
    for (let i = 0; i < BITES.length; i += 2) {
      const batch = BITES.slice(i, i + 2);
      results.push(
        ...(await Promise.all(
          batch.map(
            async (b) =>
              [
                b.what,
                await evalError(
                  evalWith(
                    `{ lib, ... }: { imports = [ ${FULL} (${b.config}) ]; }`,
                    STRICT,
                  ),
                ),
              ] as [string, string | undefined],
          ),
        )),
      );
    }
    for (const [i, [what, err]] of results.entries()) {
      expect(err, `${what}: evaluation succeeded`).toBeDefined();
      expect(err, what).toMatch(BITES[i]!.error);
    }
  });

  /** Mistakes a generator could make in the module itself; the old loose stand-ins (`attrsOf anything`) took every one. */
  const MUTANTS: {
    readonly what: string;
    readonly from: string;
    readonly to: string;
    readonly error: RegExp;
  }[] = [
    {
      what: "Restart misspelt",
      from: `Restart = "on-failure";`,
      to: `Restart = "on-fail";`,
      error: /field `Restart' cannot have value `on-fail'/,
    },
    {
      what: "a target without its suffix",
      from: `wantedBy = [ "multi-user.target" ];`,
      to: `wantedBy = [ "multi-user" ];`,
      error: /wantedBy[^']*' is not of type `string matching the pattern/,
    },
    {
      what: "isSystemUser as a string",
      from: `isSystemUser = true;`,
      to: `isSystemUser = "true";`,
      error: /isSystemUser' is not of type `boolean'/,
    },
    {
      what: "the socket mode of Redis as a string",
      from: `unixSocketPerm = 600;`,
      to: `unixSocketPerm = "600";`,
      error: /unixSocketPerm' is not of type `signed integer'/,
    },
    {
      what: "an option name misspelt",
      from: `listenStreams = `,
      to: `listenStream = `,
      error: /listenStream' does not exist/,
    },
  ];

  /** The stand-ins as they were before: every NixOS option an attribute set of anything. */
  const LOOSE = `{ lib, ... }: let t = lib.types; loose = t.attrsOf t.anything; o = type: default: lib.mkOption { inherit type default; }; in {
    options = {
      assertions = o (t.listOf t.unspecified) [ ]; warnings = o (t.listOf t.str) [ ];
      environment.systemPackages = o (t.listOf t.package) [ ];
      users.users = o (t.attrsOf loose) { }; users.groups = o (t.attrsOf loose) { };
      systemd.services = o (t.attrsOf loose) { }; systemd.sockets = o (t.attrsOf loose) { }; systemd.timers = o (t.attrsOf loose) { };
      systemd.tmpfiles.rules = o (t.listOf t.str) [ ];
      services.nginx = o (t.submodule { freeformType = loose; options.enable = o t.bool false; options.group = o t.str "nginx"; options.virtualHosts = o (t.attrsOf loose) { }; }) { };
      services.postgresql = o (t.submodule { freeformType = loose; options.enable = o t.bool false;
        options.package = o t.package { type = "derivation"; name = "postgresql"; outPath = "/nix/store/00000000000000000000000000000000-postgresql"; };
        options.ensureDatabases = o (t.listOf t.str) [ ]; options.ensureUsers = o (t.listOf loose) [ ]; }) { };
      services.redis.servers = o (t.attrsOf loose) { };
      security.acme = o loose { };
      bitpollTest = o loose { };
    };
  }`;

  /** The loose stand-ins have no unit options to render, so they are only forced. */
  const STRICT_LOOSE = `let failed = builtins.filter (a: !a.assertion) config.assertions; in
    if failed != [ ] then throw (lib.concatMapStrings (a: "ASSERTION: \${a.message}\\n") failed)
    else { inherit (config) systemd users environment; services = { inherit (config.services) postgresql redis nginx; }; }`;

  it("catches mistakes in the module itself that the loose stand-ins let through", async () => {
    const looseFile = join(work, "loose.nix");
    writeFileSync(looseFile, LOOSE);
    for (const m of MUTANTS) {
      expect(
        moduleText,
        `${m.what}: the module no longer contains ${m.from}`,
      ).toContain(m.from);
      const file = join(work, `mutant-${MUTANTS.indexOf(m)}.nix`);
      writeFileSync(file, moduleText.replace(m.from, m.to));
      const [typed, loose] = await Promise.all([
        evalError(evalWith(FULL, STRICT, file)),
        evalError(
          evalExpr(libDir!, file, FULL, STRICT_LOOSE).replace(
            join(FIXTURES, "standins.nix"),
            looseFile,
          ),
        ),
      ]);
      expect(typed, `${m.what}: the typed stand-ins accepted it`).toMatch(
        m.error,
      );
      expect(
        loose,
        `${m.what}: the loose stand-ins refused it (${loose})`,
      ).toBeUndefined();
    }
  });
});
