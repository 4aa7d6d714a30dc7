/**
 * The Bitpoll module under the real `lib.evalModules` (nixpkgs' library, stand-in NixOS options,
 * fake packages): instances, secrets, isolation between instances, hardening scores, errors.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ref } from "nix-ast";
import { bitpollModule, renderBitpollModule } from "../../packages/bitpoll-flake/src/module/index.js";
import { evalError, evalExpr, evalJson, exposure, unitFileFromJson } from "./module-fixtures/harness.js";
import { requireNixpkgsLib, requireTools } from "./require-tool.js";

const libDir = requireNixpkgsLib("module.test.ts");
const ready = requireTools("module.test.ts", "nix-instantiate") && libDir !== undefined;
const scoring = requireTools("module.test.ts: exposure scores", "systemd-analyze");

const work = mkdtempSync(join(tmpdir(), "bitpoll-module-"));
// Secret files with canary contents: if the module ever read one, the canary would show up.
const CANARY = "CANARY-7f3a9c-do-not-leak";
const secret = (name: string) => {
  const p = join(work, name);
  writeFileSync(p, `${CANARY}-${name}\n`);
  return p;
};
const secrets = {
  key: secret("secret-key"),
  fernet: secret("fernet"),
  db: secret("db-password"),
  smtp: secret("smtp-password"),
  oidc: secret("oidc-secret"),
  ldap: secret("ldap-password"),
  env: secret("env"),
};

// The module as the flake renders it (per-instance options declared once), plus a test block
// exposing the settings file texts.
const moduleFile = join(work, "bitpoll.nix");
writeFileSync(
  moduleFile,
  renderBitpollModule(bitpollModule().withConfig({ bitpollTest: ref("lib").mapAttrs(ref("settingsText"), ref("instances")) })),
);

/** The configurations every check runs on. */
const CONFIGS: { readonly [name: string]: string } = {
  default: `{ services.bitpoll.enable = true; }`,
  twoInstances: `{
    services.bitpoll.instances.team = { };
    services.bitpoll.instances.club = { listen.address = "127.0.0.1"; listen.port = 8001; settings.CALENDAR_ENABLED = false; };
  }`,
  postgresql: `{
    services.bitpoll = {
      enable = true;
      baseUrl = "https://poll.example.org";
      database.type = "postgresql";
      nginx = { enable = true; enableACME = true; };
      backup.enable = true;
    };
  }`,
  smtp: `{
    services.bitpoll = {
      enable = true;
      secretKeyFile = "${secrets.key}";
      encryptionKeyFile = "${secrets.fernet}";
      environmentFile = "${secrets.env}";
      email = { enable = true; host = "smtp.example.org"; user = "poll"; passwordFile = "${secrets.smtp}"; };
    };
  }`,
  everything: `{
    services.bitpoll = {
      enable = true;
      database = { type = "postgresql"; createLocally = false; host = "db.example.org"; passwordFile = "${secrets.db}"; };
      openid = { enable = true; issuer = "https://id.example.org/realms/x"; clientId = "bitpoll"; clientSecretFile = "${secrets.oidc}"; };
      ldap = { enable = true; serverUri = "ldaps://ldap.example.org"; bindPasswordFile = "${secrets.ldap}"; userSearchBase = "ou=People,dc=example,dc=org"; groupSearchBase = "ou=groups,dc=example,dc=org"; };
      cache.backend = "redis";
      metrics.enable = true;
      backup.enable = true;
      settings.SITE_NAME = "Polls \\\${not interpolated}";
      extraConfig = "X_EXTRA = 1";
    };
  }`,
  // Metrics on for one named instance only.
  metricsInstance: `{
    services.bitpoll.instances.team.metrics.enable = true;
    services.bitpoll.instances.club = { listen.address = "127.0.0.1"; listen.port = 8001; };
  }`,
};

/** The fake package's store paths (fake-pkgs.nix), plain and overridden with feature flags. */
const PLAIN_PKG = `{
  plain = "\${pkgs.bitpoll}";
  prometheus = "\${pkgs.bitpoll.override { withPrometheus = true; }}";
  everything = "\${pkgs.bitpoll.override { withLdap = true; withRedis = true; withPrometheus = true; }}";
}`;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
interface Evaluated {
  readonly services: { [n: string]: { [k: string]: Json } };
  readonly sockets: { [n: string]: { [k: string]: Json } };
  readonly timers: { [n: string]: Json };
  readonly users: { [n: string]: { [k: string]: Json } };
  readonly groups: string[];
  readonly failed: string[];
  readonly settings: { [unit: string]: string };
  readonly packages: { name: string; text: string }[];
  readonly nginx: Json;
  readonly postgresql: Json;
  readonly tmpfiles: string[];
}

const SELECT = `{
  services = config.systemd.services;
  sockets = config.systemd.sockets;
  timers = config.systemd.timers;
  users = config.users.users;
  groups = builtins.attrNames config.users.groups;
  failed = map (a: a.message) (builtins.filter (a: !a.assertion) config.assertions);
  settings = config.bitpollTest;
  packages = map (p: { inherit (p) name text; }) config.environment.systemPackages;
  nginx = config.services.nginx;
  postgresql = { inherit (config.services.postgresql) enable ensureDatabases ensureUsers; };
  tmpfiles = config.systemd.tmpfiles.rules;
}`;

let evaluated: Promise<{ [name: string]: Evaluated }> | undefined;
/** One nix-instantiate run for all configurations (two cores shared by the team). */
function evaluateAll(): Promise<{ [name: string]: Evaluated }> {
  evaluated ??= evalJson(
    `{ ${Object.entries(CONFIGS)
      .map(([n, c]) => `${n} = ${evalExpr(libDir!, moduleFile, c, SELECT)};`)
      .join("\n")} }`,
  ) as Promise<{ [name: string]: Evaluated }>;
  return evaluated;
}

describe.skipIf(!ready)("services.bitpoll under lib.evalModules", () => {
  it("evaluates every configuration with all assertions holding", async () => {
    const all = await evaluateAll();
    for (const [name, e] of Object.entries(all)) expect(e.failed, name).toEqual([]);
    expect(Object.keys(all.default!.services).sort()).toEqual(["bitpoll", "bitpoll-health"]);
    expect(Object.keys(all.default!.sockets)).toEqual(["bitpoll"]);
    expect(all.default!.users.bitpoll).toMatchObject({ isSystemUser: true, group: "bitpoll", home: "/var/lib/bitpoll" });
    expect(all.default!.packages.map((p) => p.name)).toEqual(["bitpoll-manage"]);
  });

  it("runs two named instances with their own user, state, socket and port", async () => {
    const { twoInstances: e } = await evaluateAll();
    const team = e!.services["bitpoll-team"]!;
    const club = e!.services["bitpoll-club"]!;
    expect((team.serviceConfig as { [k: string]: Json }).User).toBe("bitpoll-team");
    expect((club.serviceConfig as { [k: string]: Json }).StateDirectory).toBe("bitpoll-club");
    expect(e!.sockets["bitpoll-team"]!.listenStreams).toEqual(["/run/bitpoll/bitpoll-team.sock"]);
    expect(e!.sockets["bitpoll-club"]!.listenStreams).toEqual(["127.0.0.1:8001"]);
    expect(Object.keys(e!.users).sort()).toEqual(["bitpoll-club", "bitpoll-team"]);
    expect(e!.packages.map((p) => p.name).sort()).toEqual(["bitpoll-club-manage", "bitpoll-team-manage"]);
    // Calendar off and nothing else needing the network: a private network namespace.
    expect((club.serviceConfig as { [k: string]: Json }).PrivateNetwork).toBe(true);
  });

  it("gives each instance's user the instance's own group, declared, and runs its units as both", async () => {
    const all = await evaluateAll();
    for (const [name, e] of Object.entries(all)) {
      const userNames = Object.keys(e.users);
      expect(userNames.length, name).toBeGreaterThan(0);
      for (const u of userNames) {
        // The group is named after the user and declared in users.groups: NixOS refuses a user
        // whose group is not declared, and a shared group would let instances read each other.
        expect(e.users[u]!.group, `${name}: ${u}`).toBe(u);
        expect(e.groups, `${name}: ${u}`).toContain(u);
      }
      const units = Object.entries(e.services).filter(([, s]) => (s.serviceConfig as { [k: string]: Json }).User !== undefined);
      expect(units.length, name).toBeGreaterThanOrEqual(userNames.length);
      for (const [unit, s] of units) {
        const sc = s.serviceConfig as { [k: string]: Json };
        expect(userNames, `${name}: ${unit}`).toContain(sc.User);
        expect(sc.Group, `${name}: ${unit}`).toBe(sc.User);
      }
    }
  });

  it("never shares users, state directories, sockets or ports between instances", async () => {
    const all = await evaluateAll();
    for (const [name, e] of Object.entries(all)) {
      const main = Object.entries(e.services).filter(([n]) => !/-(backup|health)$/.test(n));
      const users = main.map(([, s]) => (s.serviceConfig as { [k: string]: Json }).User);
      const states = main.map(([, s]) => (s.serviceConfig as { [k: string]: Json }).StateDirectory);
      const listens = Object.values(e.sockets).flatMap((s) => s.listenStreams as string[]);
      for (const xs of [users, states, listens]) expect(new Set(xs).size, name).toBe(xs.length);
    }
  });

  it("sets up PostgreSQL over the socket with peer authentication, nginx and backups", async () => {
    const { postgresql: e } = await evaluateAll();
    expect(e!.postgresql).toEqual({ enable: true, ensureDatabases: ["bitpoll"], ensureUsers: [{ name: "bitpoll", ensureDBOwnership: true }] });
    expect(e!.settings.bitpoll).toContain('"HOST": "/run/postgresql"');
    expect(e!.settings.bitpoll).toContain('"PASSWORD": ""');
    const svc = e!.services.bitpoll!;
    // nixpkgs 26.05: the database and role exist once postgresql.target is reached (PR #403645).
    expect(svc.requires).toContain("postgresql.target");
    expect(svc.after).toContain("postgresql.target");
    expect(JSON.stringify(e!.services)).not.toContain("postgresql.service");
    expect(e!.services["bitpoll-backup"]!.after).toContain("postgresql.target");
    const backup = e!.services["bitpoll-backup"]!.script as string;
    expect(backup).toContain("pg_dump --format=custom");
    // One command over several lines, continued by the shell (not joined by the generator), and
    // valid shell throughout.
    expect(backup).toMatch(/pg_dump --format=custom --file="\$work\/db\.dump" \\\n\s+--host=/);
    expect(() => execFileSync("bash", ["-n"], { input: backup })).not.toThrow();
    expect(() => execFileSync("bash", ["-n"], { input: e!.services["bitpoll-health"]!.script as string })).not.toThrow();
    expect(e!.timers["bitpoll-backup"]).toMatchObject({ timerConfig: { OnCalendar: "daily", Persistent: true } });
    expect(e!.tmpfiles).toEqual(["d /var/backup/bitpoll 0700 bitpoll bitpoll - -"]);
    const vhost = (e!.nginx as { virtualHosts: { [k: string]: Json } }).virtualHosts["poll.example.org"] as { [k: string]: Json };
    expect(vhost).toMatchObject({ enableACME: true, forceSSL: true });
    expect(JSON.stringify(vhost.locations)).toContain("http://unix:/run/bitpoll/bitpoll.sock");
    expect(e!.sockets.bitpoll!.socketConfig).toMatchObject({ SocketGroup: "nginx", SocketMode: "0660" });
    expect(e!.settings.bitpoll).toContain("SESSION_COOKIE_SECURE = True");
  });

  it("passes secret files as credentials and never puts a secret into an evaluated string", async () => {
    const all = await evaluateAll();
    const text = JSON.stringify(all);
    expect(text).not.toContain(CANARY);
    const smtp = all.smtp!.services.bitpoll!.serviceConfig as { [k: string]: Json };
    expect(smtp.LoadCredential).toEqual([`email_password:${secrets.smtp}`, `field_encryption_key:${secrets.fernet}`, `secret_key:${secrets.key}`]);
    expect(smtp.EnvironmentFile).toEqual([secrets.env]);
    for (const e of Object.values(all)) {
      for (const s of Object.values(e.services)) {
        for (const [k, v] of Object.entries((s.environment ?? {}) as { [k: string]: Json })) {
          expect(k).not.toMatch(/SECRET|PASSWORD|KEY$/);
          expect(String(v)).not.toMatch(/password|secret/i);
        }
      }
    }
    const everything = all.everything!.settings.bitpoll!;
    expect(everything).toContain('"PASSWORD": _secret("database_password", "BITPOLL_DATABASE_PASSWORD", default="")');
    expect(everything).toContain('OPENID_CLIENT_SECRET = _secret("openid_client_secret"');
    expect(everything).toContain('AUTH_LDAP_USER_SEARCH = LDAPSearch("ou=People,dc=example,dc=org", ldap.SCOPE_SUBTREE, "(uid=%(user)s)")');
    expect(everything).toContain("GROUP_MANAGEMENT = False");
    expect(everything).toContain('SITE_NAME = "Polls ${not interpolated}"');
    expect(everything.trimEnd().endsWith("X_EXTRA = 1")).toBe(true);
  });

  it("generates the keys once into the state directory, and gates migrations by a stamp", async () => {
    const { default: e } = await evaluateAll();
    const pre = String(e!.services.bitpoll!.preStart);
    expect(pre).toContain("head -c 32 /dev/urandom | base64 -w0 | tr '+/' '-_' > field_encryption_key.new");
    expect(pre).toContain('[ ! -s secret_key ]');
    expect(pre).toContain("migrate --no-input");
    expect(pre).toContain(".migrated");
    const manage = e!.packages[0]!.text;
    expect(manage).toContain("--property=User=bitpoll");
    expect(manage).toContain("run me as root");
  });

  it.runIf(scoring)("keeps the unit's exposure at most 1.0 by default and 1.7 in any configuration", async () => {
    const all = await evaluateAll();
    const scores: { [k: string]: number } = {};
    for (const [cfgName, e] of Object.entries(all)) {
      for (const [unit, svc] of Object.entries(e.services)) {
        scores[`${cfgName}/${unit}`] = await exposure(unit, unitFileFromJson(unit, svc));
      }
    }
    console.log("systemd-analyze security --offline=true exposure:", JSON.stringify(scores));
    expect(scores["default/bitpoll"]).toBeLessThanOrEqual(1.0);
    for (const [k, v] of Object.entries(scores)) expect(v, k).toBeLessThanOrEqual(1.7);
  });

  it("declares the per-instance options once: a TypeScript-side default reaches every instance", async () => {
    const custom = join(work, "custom.nix");
    writeFileSync(custom, renderBitpollModule(bitpollModule().setDefault("services.bitpoll.workers", 4)));
    const text = renderBitpollModule(bitpollModule());
    expect(text.match(/stateDir = lib\.mkOption/g)).toHaveLength(1);
    expect(text.split("\n").length).toBeLessThan(bitpollModule().render().split("\n").length - 300);
    const r = (await evalJson(
      evalExpr(
        libDir!,
        custom,
        `{ services.bitpoll = { enable = true; instances.team = { }; instances.club.workers = 3; }; }`,
        `{ failed = map (a: a.message) (builtins.filter (a: !a.assertion) config.assertions);
           args = builtins.mapAttrs (_: s: s.environment.GUNICORN_CMD_ARGS or null) config.systemd.services;
           teamState = config.services.bitpoll.instances.team.stateDir; }`,
      ),
    )) as { failed: string[]; args: { [k: string]: string | null }; teamState: string };
    expect(r.failed).toEqual([]);
    expect(r.args.bitpoll).toMatch(/^--workers 4 /);
    expect(r.args["bitpoll-team"]).toMatch(/^--workers 4 /);
    expect(r.args["bitpoll-club"]).toMatch(/^--workers 3 /);
    expect(r.teamState).toBe("/var/lib/bitpoll-team");
  });

  it("runs a metrics-enabled instance with the package overridden with withPrometheus = true", async () => {
    const all = await evaluateAll();
    const paths = (await evalJson(evalExpr(libDir!, moduleFile, "{ }", PLAIN_PKG))) as {
      plain: string;
      prometheus: string;
      everything: string;
    };
    expect(new Set(Object.values(paths)).size).toBe(3);
    const execStart = (e: Evaluated, unit: string) => String((e.services[unit]!.serviceConfig as { [k: string]: Json }).ExecStart);
    const { metricsInstance: m, everything, default: plain } = all;
    expect(execStart(m!, "bitpoll-team")).toBe(`${paths.prometheus}/bin/bitpoll-server`);
    expect(execStart(m!, "bitpoll-club")).toBe(`${paths.plain}/bin/bitpoll-server`);
    expect(execStart(everything!, "bitpoll")).toBe(`${paths.everything}/bin/bitpoll-server`);
    expect(execStart(plain!, "bitpoll")).toBe(`${paths.plain}/bin/bitpoll-server`);
    // manage.py loads the same settings (django_prometheus in INSTALLED_APPS), so it runs the same package.
    expect(String(m!.services["bitpoll-team"]!.preStart)).toContain(`${paths.prometheus}/bin/bitpoll-manage migrate`);
    expect(m!.packages.find((p) => p.name === "bitpoll-team-manage")!.text).toContain(`${paths.prometheus}/bin/bitpoll-manage "$@"`);
    expect(m!.packages.find((p) => p.name === "bitpoll-club-manage")!.text).toContain(`${paths.plain}/bin/bitpoll-manage "$@"`);
    expect(m!.settings["bitpoll-team"]).toContain("django_prometheus");
  });

  it("asks for a package built withPrometheus when metrics are on and the package has no override", async () => {
    const e = (await evalJson(
      evalExpr(
        libDir!,
        moduleFile,
        `{ pkgs, ... }: { services.bitpoll = { enable = true; package = builtins.removeAttrs pkgs.bitpoll [ "override" ]; metrics.enable = true; }; }`,
        SELECT,
      ),
    )) as Evaluated;
    expect(e.failed.join("\n")).toMatch(/services\.bitpoll \(bitpoll\): the features turned on need a package built with withPrometheus = true/);
    const plainOff = (await evalJson(
      evalExpr(libDir!, moduleFile, `{ pkgs, ... }: { services.bitpoll = { enable = true; package = builtins.removeAttrs pkgs.bitpoll [ "override" ]; }; }`, SELECT),
    )) as Evaluated;
    expect(plainOff.failed).toEqual([]);
  });

  it("reports contradictions through assertions and bad values through type errors", async () => {
    const [openidGroups, sharedPort, badType, badEnum] = await Promise.all([
      evalJson(evalExpr(libDir!, moduleFile, `{ services.bitpoll = { enable = true; openid = { enable = true; issuer = "https://id"; clientId = "x"; }; settings.GROUP_MANAGEMENT = true; }; }`, SELECT)),
      evalJson(evalExpr(libDir!, moduleFile, `{ services.bitpoll.instances = { a.listen.address = "::1"; b.listen.address = "::1"; }; }`, SELECT)),
      evalError(evalExpr(libDir!, moduleFile, `{ services.bitpoll = { enable = true; workers = "four"; }; }`, SELECT)),
      evalError(evalExpr(libDir!, moduleFile, `{ services.bitpoll = { enable = true; database.type = "mysql"; }; }`, SELECT)),
    ]);
    expect((openidGroups as Evaluated).failed.join("\n")).toMatch(/OpenID login and GROUP_MANAGEMENT cannot both be on/);
    expect((sharedPort as Evaluated).failed.join("\n")).toMatch(/two instances share a port/);
    expect(badType).toMatch(/services\.bitpoll\.workers.*is not of type.*positive integer/s);
    expect(badEnum).toMatch(/services\.bitpoll\.database\.type.*is not of type/s);
  });
});
