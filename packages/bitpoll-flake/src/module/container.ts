/**
 * Bitpoll on hosts without NixOS: a layered OCI image (`dockerTools.buildLayeredImage`), a Podman
 * Quadlet for it, and a plain systemd unit that runs the packaged Bitpoll from the Nix store with
 * the module's sandbox.
 *
 * @module
 */
import { fn, hasAttr, ind, let_, list, ref, select, str, type Expr, type Ref } from "nix-ast";
import { MANAGE_BIN, SERVER_BIN, SETTINGS_ENV } from "./contract.js";
import { feature } from "./features.js";
import { networkSandbox, SANDBOX, unitSection } from "./hardening.js";
import { PYTHON_PRELUDE, ifChain } from "./python.js";

const WHITENOISE = feature("whitenoise");

/** Settings baked into the image; mount your own file at `/etc/bitpoll/settings.py` to replace them. */
const IMAGE_SETTINGS = `${PYTHON_PRELUDE}
DEBUG = False
ALLOWED_HOSTS = os.environ.get("BITPOLL_ALLOWED_HOSTS", "localhost").split(",")
BASE_URL = os.environ.get("BITPOLL_BASE_URL", "http://localhost:8000")
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.path.join(_STATE_DIR, "db.sqlite3")}}
MEDIA_ROOT = os.path.join(_STATE_DIR, "media")
INSTALLED_APPS_LOCAL = []
PIPELINE_LOCAL = {}
# gunicorn serves no static files: WhiteNoise answers /static/ from STATIC_ROOT (the package's
# static output, set by its settings shim).
MIDDLEWARE_LOCAL = ${JSON.stringify(WHITENOISE.module?.middleware ?? [])}
`;

/**
 * `{ pkgs, package }: pkgs.dockerTools.buildLayeredImage { … }`: the image runs as an unprivileged
 * user, keeps its state in the `/var/lib/bitpoll` volume, and on start generates the keys once and
 * migrates before exec'ing gunicorn on port 8000. It serves `/static/` itself with WhiteNoise: the
 * package is overridden with the whitenoise feature's flag unless it has it already.
 */
export function bitpollOciImage(): Expr {
  return fn(["pkgs", "package"], () => {
    const pkg = ref("served");
    const flag = WHITENOISE.flag;
    const entrypoint = ref("pkgs.writeShellScript")(
      "bitpoll-entrypoint",
      ind`
        set -eu
        umask 0077
        cd /var/lib/bitpoll
        [ -s secret_key ] || head -c 48 /dev/urandom | base64 -w0 > secret_key
        [ -s field_encryption_key ] || head -c 32 /dev/urandom | base64 -w0 | tr '+/' '-_' > field_encryption_key
        mkdir -p media
        ${pkg}/bin/${MANAGE_BIN} migrate --no-input
        exec ${pkg}/bin/${SERVER_BIN} "$@"
      `,
    );
    const image = ref("pkgs.dockerTools.buildLayeredImage")({
      name: "bitpoll",
      tag: str`${ref("package.version")}`,
      contents: list(pkg, ref("pkgs.coreutils"), ref("pkgs.dockerTools.caCertificates")),
      extraCommands: "mkdir -p var/lib/bitpoll tmp etc/bitpoll && chmod 1777 tmp",
      fakeRootCommands: "chown 1000:1000 var/lib/bitpoll",
      enableFakechroot: false,
      config: {
        Entrypoint: list(entrypoint),
        User: "1000:1000",
        WorkingDir: "/var/lib/bitpoll",
        Env: list(
          str`${SETTINGS_ENV}=${ref("pkgs.writeText")("bitpoll-image-settings.py", IMAGE_SETTINGS)}`,
          "BITPOLL_STATE_DIR=/var/lib/bitpoll",
          // STATIC_ROOT needs no variable: the package's settings shim points it at the static output.
          "GUNICORN_CMD_ARGS=--bind 0.0.0.0:8000 --workers 2 --access-logfile -",
        ),
        ExposedPorts: { "8000/tcp": {} },
        Volumes: { "/var/lib/bitpoll": {} },
      },
    });
    return let_(
      {
        served: ifFlag(flag),
      },
      image,
    );
  });
}

/** `package` if it was built with `flag` (its `passthru.features`), else `package.override { <flag> = true; }`. */
function ifFlag(flag: string): Expr {
  return ifChain(
    [
      [select(ref("package"), ["features", flag], false), ref("package")],
      [hasAttr(ref("package"), "override"), ref("package.override")({ [flag]: true })],
    ],
    ref("builtins.throw")(`oci-image.nix: the image serves its static files with WhiteNoise; pass a package built with ${flag} = true`),
  );
}

/**
 * A Podman Quadlet (`bitpoll.container`) for the image: read-only root, no capabilities, no new
 * privileges, its own user namespace, state in a named volume, secrets as Podman secrets.
 */
export function bitpollQuadlet(opts: { readonly image?: string; readonly port?: number } = {}): string {
  const image = opts.image ?? "localhost/bitpoll:latest";
  return [
    unitSection("Unit", { Description: "Bitpoll (container)", After: "network-online.target", Wants: "network-online.target" }),
    unitSection("Container", {
      Image: image,
      PublishPort: `127.0.0.1:${opts.port ?? 8000}:8000`,
      Volume: "bitpoll-state:/var/lib/bitpoll:Z",
      ReadOnly: true,
      ReadOnlyTmpfs: true,
      DropCapability: "all",
      NoNewPrivileges: true,
      UserNS: "auto",
      Secret: ["bitpoll-secret-key,target=/run/secrets/secret_key", "bitpoll-field-encryption-key,target=/run/secrets/field_encryption_key"],
      Environment: ["CREDENTIALS_DIRECTORY=/run/secrets"],
    }),
    unitSection("Service", { Restart: "on-failure", TimeoutStartSec: "15min" }),
    unitSection("Install", { WantedBy: "multi-user.target default.target" }),
  ].join("\n");
}

/** systemd-resolved's stub resolvers (`127.0.0.53`, and `127.0.0.54`, the proxy-only one). */
export const STUB_RESOLVERS: readonly string[] = ["127.0.0.53", "127.0.0.54"];

/**
 * A systemd unit for a non-NixOS host with Nix: runs the packaged Bitpoll (`packagePath` is its
 * store path) under exactly the module's sandbox; pair it with a `.socket` unit listening on
 * `/run/bitpoll/bitpoll.sock`. `settingsFile` is a settings file like the module writes.
 */
export function bitpollSystemdUnit(packagePath: string, settingsFile: string): string {
  return [
    unitSection("Unit", { Description: "Bitpoll poll service", After: "network.target bitpoll.socket", Requires: "bitpoll.socket" }),
    unitSection("Service", {
      Type: "notify",
      NotifyAccess: "main",
      DynamicUser: false,
      User: "bitpoll",
      Group: "bitpoll",
      Environment: [`"${SETTINGS_ENV}=${settingsFile}"`, '"BITPOLL_STATE_DIR=/var/lib/bitpoll"', '"GUNICORN_CMD_ARGS=--workers 2 --access-logfile -"'],
      StateDirectory: "bitpoll",
      StateDirectoryMode: "0700",
      WorkingDirectory: "/var/lib/bitpoll",
      ExecStartPre: [
        // Keys are generated once, as in the NixOS module.
        `/bin/sh -c 'umask 077; [ -s secret_key ] || head -c 48 /dev/urandom | base64 -w0 > secret_key; [ -s field_encryption_key ] || head -c 32 /dev/urandom | base64 -w0 | tr +/ -_ > field_encryption_key'`,
        `${packagePath}/bin/${MANAGE_BIN} migrate --no-input`,
      ],
      ExecStart: `${packagePath}/bin/${SERVER_BIN}`,
      Restart: "on-failure",
      ...SANDBOX,
      // Without nscd, glibc asks the resolvers of /etc/resolv.conf itself: systemd-resolved's stub
      // on loopback is allowed here; a resolver on the LAN must be added (README, "Hosts without NixOS").
      ...networkSandbox("public", [...STUB_RESOLVERS]),
    }),
    unitSection("Install", { WantedBy: "multi-user.target" }),
  ].join("\n");
}
