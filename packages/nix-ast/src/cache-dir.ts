/**
 * Where the command line keeps its caches (the fmt cache, `format/cache.ts`; the code cache,
 * `code-cache.ts`), per the XDG Base Directory specification.
 *
 * @module
 */
import { homedir } from "node:os";
import * as nodePath from "node:path";

/**
 * `$XDG_CACHE_HOME` when it is an absolute path (a relative one is to be ignored), else `.cache`
 * in the home folder (`$HOME`, else the system's). It is relative when `$HOME` is.
 */
export function userCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CACHE_HOME;
  return xdg !== undefined && nodePath.isAbsolute(xdg) ? xdg : nodePath.join(env.HOME ?? homedir(), ".cache");
}
