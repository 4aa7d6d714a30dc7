/**
 * Bitpoll's package (`nix/package.nix`): written the way nixpkgs' `pkgs/by-name` expects, a
 * function of its dependencies returning one derivation, so it could be proposed upstream as is.
 *
 * Bitpoll has no Python build system (docs/nix-facts.md, "Bitpoll"): the package copies the source tree under
 * `$out/share/bitpoll`, installs the settings shim (`settings.ts`), runs `compilemessages` and
 * `collectstatic` with throwaway settings into a separate `static` output, and wraps `manage.py`
 * and the WSGI server. Its Python comes from `python3.override` with the overlay of packages
 * nixpkgs lacks and Django 6 in place of the default Django, so every package in the environment
 * agrees on one Django.
 *
 * @module
 */
import type { Expr, Nixable, Ref, StrPart } from "nix-ast";
import { attrs, bind, call, comment, concat, fn, formals, ind, inherit, let_, list, mergeTextParts, path, ref, refs, select, str, toExpr } from "nix-ast";
import { spacedAttrs } from "./layout.js";
import type { BitpollPin } from "./pins.js";
import { hashExpr } from "./python/package-file.js";
import { RUNTIME, type Feature } from "./python/recipes.js";
import { MANAGE_BIN, SERVER_BIN, STATIC_OUTPUT } from "./module/contract.js";
import { SETTINGS_ENV_VAR } from "./settings.js";

/** The WSGI server `bitpoll-server` runs. */
export type Server = "gunicorn" | "uwsgi";

/** Extra Python packages for the environment, as a function of the package set `ps`. */
export type PythonPackagesFn = (ps: Ref) => readonly Nixable[];

/** What the package file is made of. */
export interface PackageSpec {
  readonly pin: BitpollPin;
  readonly server: Server;
  /** Defaults of the `withOpenID`, `withLdap`, `withPostgres`, `withPrometheus` arguments. */
  readonly features: Readonly<Record<Feature, boolean>>;
  /** Extra packages from {@link BitpollFlake.withPythonPackages} and the configuration. */
  readonly extraPython: readonly PythonPackagesFn[];
}

/** The argument name of each feature flag. */
export const FEATURE_ARGS: Readonly<Record<Feature, string>> = Object.freeze({
  openid: "withOpenID",
  ldap: "withLdap",
  postgres: "withPostgres",
  prometheus: "withPrometheus",
});

const DESCRIPTION = "Web application for scheduling meetings and general polling";
const HOMEPAGE = "https://github.com/fsinfuhh/Bitpoll";

function pythonEnvList(spec: PackageSpec, ps: Ref, lib: Ref): Expr {
  const pick = (names: readonly string[]) => list(...names.map((n) => ps[n]!));
  const base = [...RUNTIME.always, ...(spec.server === "gunicorn" ? ["gunicorn"] : [])];
  const parts: Expr[] = [pick(base)];
  for (const f of ["openid", "ldap", "postgres", "prometheus"] as const) {
    parts.push(call(ref("lib.optionals"), ref(FEATURE_ARGS[f]), pick(RUNTIME[f])));
  }
  const extra = spec.extraPython.flatMap((f) => f(ps));
  if (extra.length > 0) parts.push(list(...extra));
  return concat(...parts);
}

/** The whole `nix/package.nix`. */
export function packageFile(spec: PackageSpec): Expr {
  const { lib, python3, stdenvNoCC, fetchFromGitHub, pythonEnv, python } = refs(
    "lib",
    "python3",
    "stdenvNoCC",
    "fetchFromGitHub",
    "pythonEnv",
    "python",
  );
  const uwsgi = spec.server === "uwsgi";
  const args = formals({
    lib: true,
    stdenvNoCC: true,
    python3: true,
    fetchFromGitHub: true,
    makeWrapper: true,
    gettext: true,
    ...(uwsgi ? { uwsgi: true } : {}),
    withOpenID: { default: spec.features.openid },
    withLdap: { default: spec.features.ldap },
    withPostgres: { default: spec.features.postgres },
    withPrometheus: { default: spec.features.prometheus },
  });

  const pythonDef = comment(
    call(ref("python3.override"), attrs({
      self: python,
      packageOverrides: call(ref("lib.composeManyExtensions"), [
        call(ref("import"), path("./python-overlay.nix")),
        fn("pyfinal", fn("_pyprev", { django: select(ref("pyfinal"), "django_6") })),
      ]),
    })),
    "Bitpoll needs Django 6 and packages nixpkgs lacks. Replacing `django` in the whole set keeps\none Django in the environment (two would collide).",
  );

  const lets: Record<string, Nixable> = {
    python: pythonDef,
    pythonEnv: call(ref("python.withPackages"), fn("ps", (ps: Ref) => pythonEnvList(spec, ps, lib))),
    ...(uwsgi
      ? {
          uwsgiPython: call(ref("uwsgi.override"), {
            plugins: ["python3"],
            python3: python,
          }),
        }
      : {}),
  };

  const derivation = call(
    ref("stdenvNoCC.mkDerivation"),
    fn(
      "finalAttrs",
      spacedAttrs([
        { pname: "bitpoll", version: spec.pin.version },
        {
          src: call(
            fetchFromGitHub,
            attrs({ owner: spec.pin.owner, repo: spec.pin.repo, rev: spec.pin.rev, hash: hashExpr(spec.pin.hash) }),
          ),
        },
        [bind("outputs", comment(list("out", STATIC_OUTPUT), "Static files get their own output, for the web server to serve."))],
        { nativeBuildInputs: list(ref("gettext"), ref("makeWrapper"), pythonEnv) },
        [
          bind(
            "buildPhase",
            comment(
              ind`
                runHook preBuild

                substitute ${path("./settings_local.py")} bitpoll/settings_local.py --subst-var ${STATIC_OUTPUT}
                export ${SETTINGS_ENV_VAR}=${path("./build_settings.py")}
                python manage.py compilemessages
                python manage.py collectstatic --no-input

                runHook postBuild
              `,
              "Bitpoll has no build system. The settings shim reads the file named by\n" +
                `${SETTINGS_ENV_VAR}; while building, that is a throwaway one.`,
            ),
          ),
        ],
        { installPhase: uwsgi ? installPhaseUwsgi(pythonEnv, ref("uwsgiPython")) : installPhaseGunicorn(pythonEnv) },
        [
          bind(
            "passthru",
            attrs([
              inherit("python", "pythonEnv"),
              bind("settingsEnvVar", comment(str(SETTINGS_ENV_VAR), "The variable naming the runtime settings file.")),
            ]),
          ),
        ],
        {
          meta: attrs({
            description: DESCRIPTION,
            homepage: HOMEPAGE,
            license: ref("lib.licenses.gpl3Only"),
            platforms: ref("lib.platforms.linux"),
            mainProgram: SERVER_BIN,
            maintainers: list(),
          }),
        },
      ]),
    ),
  );

  return fn(args, let_(lets, derivation));
}

// Both wrappers set the settings module and put the source on PYTHONPATH; the shim inside it reads
// the runtime settings file. makeWrapper's scripts end in `exec`, so `bitpoll-server` becomes
// gunicorn's process itself: systemd's LISTEN_FDS/LISTEN_PID (socket activation) and NOTIFY_SOCKET
// (Type=notify) reach gunicorn, and gunicorn reads GUNICORN_CMD_ARGS (workers, logging) from the
// environment the NixOS module sets. No --bind here: the module hands the socket in.
function installPhaseGunicorn(pythonEnv: Ref): Expr {
  return installPhase(call(ref("lib.getExe'"), pythonEnv, "gunicorn"), ["--chdir $out/share/bitpoll bitpoll.wsgi:application"]);
}

function installPhaseUwsgi(pythonEnv: Ref, uwsgiPython: Ref): Expr {
  return installPhase(call(ref("lib.getExe"), uwsgiPython), [
    "--plugins python3 --pyhome ",
    toExpr(pythonEnv),
    " --chdir $out/share/bitpoll --module bitpoll.wsgi:application",
  ]);
}

/**
 * The install phase: the source, the manage wrapper, and the server wrapper around `server` with
 * its quoted `--add-flags` (text and interpolations).
 */
function installPhase(server: Expr, serverFlags: readonly StrPart[]): Expr {
  const head = ind`
    runHook preInstall

    mkdir -p $out/share/bitpoll
    cp -r . $out/share/bitpoll
    python -m compileall -q $out/share/bitpoll

    makeWrapper ${ref("pythonEnv.interpreter")} $out/bin/${MANAGE_BIN} \\
      --add-flags $out/share/bitpoll/manage.py \\
      --prefix PYTHONPATH : $out/share/bitpoll \\
      --set DJANGO_SETTINGS_MODULE bitpoll.settings

    makeWrapper ${server} $out/bin/${SERVER_BIN} \\
      --prefix PYTHONPATH : $out/share/bitpoll \\
      --set DJANGO_SETTINGS_MODULE bitpoll.settings \\
      --add-flags "`;
  if (head.type !== "IndStr") throw new Error("unreachable: ind builds an indented string");
  return { type: "IndStr", parts: mergeTextParts([...head.parts, ...serverFlags, '"\n\nrunHook postInstall\n']) };
}
