/**
 * What the module expects of the Bitpoll package (built elsewhere in bitpoll-flake). Kept in one
 * place so the package and the module agree on names.
 *
 * @module
 */

/**
 * The environment variable the package's `bitpoll.settings_local` shim reads: the path of a Python
 * file executed as the local settings module at run time.
 */
export const SETTINGS_ENV = "BITPOLL_SETTINGS_FILE";

/** The package's `manage.py` wrapper (`bin/bitpoll-manage`), run with the settings shim in place. */
export const MANAGE_BIN = "bitpoll-manage";

/**
 * The package's server wrapper (`bin/bitpoll-server`): must `exec` gunicorn on
 * `bitpoll.wsgi:application` (so systemd's `LISTEN_PID` and `NOTIFY_SOCKET` reach gunicorn) and
 * pass its arguments on; the module configures gunicorn through `GUNICORN_CMD_ARGS`.
 */
export const SERVER_BIN = "bitpoll-server";

/** The package output holding the collected static files (its root is `STATIC_ROOT`). */
export const STATIC_OUTPUT = "static";

/** The default instance's name: units, users and directories are called this. */
export const DEFAULT_UNIT = "bitpoll";
