/**
 * The contract between the Bitpoll package (`nix/package.nix`, built by `package.ts`) and
 * everything that runs it (the NixOS module, the OCI image, the plain systemd unit). Defined here
 * once; `settings.ts`, `package.ts` and `flake.ts` import these names, so the package and its users
 * cannot drift apart.
 *
 * @module
 */

/**
 * The environment variable the package's `bitpoll.settings_local` shim reads: the path of a Python
 * file executed as the local settings module at run time.
 */
export const SETTINGS_ENV = "BITPOLL_SETTINGS_FILE";

/**
 * The package's plain `manage.py` wrapper (`bin/bitpoll-manage`). It runs as whoever calls it; the
 * NixOS module installs an instance-aware wrapper of the same name for the default instance, which
 * switches to the instance's user and shadows this one on the system path (`lib.hiPrio`).
 */
export const MANAGE_BIN = "bitpoll-manage";

/**
 * The package's server wrapper (`bin/bitpoll-server`): `exec`s gunicorn on
 * `bitpoll.wsgi:application` (so systemd's `LISTEN_FDS`/`LISTEN_PID` and `NOTIFY_SOCKET` reach
 * gunicorn's own process) and passes its arguments on; gunicorn reads further settings from
 * `GUNICORN_CMD_ARGS`, which the module sets.
 */
export const SERVER_BIN = "bitpoll-server";

/**
 * The package output holding the collected static files. `collectstatic` writes straight into the
 * output's root, so `STATIC_ROOT` is the output path itself and nginx serves it as
 * `alias <output>/` at `/static/`.
 */
export const STATIC_OUTPUT = "static";

/** The default instance's name: units, users and directories are called this. */
export const DEFAULT_UNIT = "bitpoll";
