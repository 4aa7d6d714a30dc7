/**
 * Where the command line keeps its caches (the fmt cache, `format/cache.ts`; the code cache,
 * `code-cache.ts`), per the XDG Base Directory specification.
 *
 * @module
 */
import { statSync } from "node:fs";
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

/**
 * Whether this process may make files under the folder `dir` (which need not exist yet) without
 * leaving them to another user. A process run as root with a user's home (`sudo` that keeps
 * `$HOME`) would make root-owned folders and files in that user's cache, which the user could then
 * neither update nor remove (and a root-owned `~/.cache` breaks every tool that keeps a cache
 * there). So for root the nearest folder that exists on the way to `dir` must be root's own. Any
 * other user makes files it owns, or fails to; and where there are no user ids (Windows), true.
 *
 * @param euid the effective user id (this process's, by default), null where there is none.
 */
export function mayWriteCacheIn(dir: string, euid: number | null = process.geteuid?.() ?? null): boolean {
  if (euid !== 0) return true;
  for (let d = nodePath.resolve(dir); ; ) {
    try {
      return statSync(d).uid === 0;
    } catch {
      // Not there yet (or not visible): what would be made depends on the folder above.
    }
    const up = nodePath.dirname(d);
    if (up === d) return false;
    d = up;
  }
}
