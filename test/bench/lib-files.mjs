// nixpkgs' library for the benchmarks and the formatter's fixed-point script: the folder named by
// NIXPKGS_LIB, else the git-ignored <repo>/.cache/nixpkgs.lib/lib, else null; and its .nix files.
import { existsSync, readdirSync, statSync } from "node:fs";
import * as nodePath from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));

export function libFolder() {
  const env = process.env.NIXPKGS_LIB;
  if (env && existsSync(nodePath.join(env, "default.nix"))) return env;
  const lib = nodePath.join(root, ".cache/nixpkgs.lib/lib");
  return existsSync(nodePath.join(lib, "default.nix")) ? lib : null;
}

/** Every `.nix` file below `d`, in a stable order. */
export function walk(d, out = []) {
  for (const n of readdirSync(d).sort()) {
    const p = nodePath.join(d, n);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (n.endsWith(".nix")) out.push(p);
  }
  return out;
}
