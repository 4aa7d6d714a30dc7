/**
 * The rule for what a test suite needs from the machine, so no suite passes silently:
 * - a missing tool (nix-instantiate, systemd-analyze, python3) is a visible skip outside CI and a
 *   failing test under `CI=true`;
 * - a missing nixpkgs library (`NIXPKGS_LIB`) is a visible skip that names it, in CI too (it is
 *   fetched, not installed).
 *
 * The same rule as `test/require-tool.ts` (whose tool check this uses), in the form these suites
 * want: a registered skipped (or, under CI, failing) test that names what is missing.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { it } from "vitest";
import { haveTool } from "../require-tool.js";

export { haveTool };

const CI = process.env.CI === "true";

/**
 * Whether every tool is here. When one is missing, registers (at the call site, so call it while
 * the suite is collected) a skipped test naming it, or under CI a failing one.
 */
export function requireTools(what: string, ...tools: readonly string[]): boolean {
  const missing = tools.filter((t) => !haveTool(t));
  if (missing.length === 0) return true;
  const text = `${what}: needs ${missing.join(", ")}`;
  if (CI) {
    it(`${text} (missing under CI=true)`, () => {
      throw new Error(`${text}, which CI must provide`);
    });
  } else {
    console.warn(`skipped: ${text}`);
    it.skip(`skipped: ${text}`, () => {});
  }
  return false;
}

const DEFAULT_LIB = fileURLToPath(new URL("../../.cache/nixpkgs.lib/lib", import.meta.url));

/** nixpkgs' library folder (NIXPKGS_LIB, or `.cache/nixpkgs.lib/lib`), or undefined. */
export function nixpkgsLibDir(): string | undefined {
  return [process.env.NIXPKGS_LIB, DEFAULT_LIB].find((c): c is string => c !== undefined && existsSync(join(c, "default.nix")));
}

/** nixpkgs' library, or undefined after registering a visible skip that names it. */
export function requireNixpkgsLib(what: string): string | undefined {
  const dir = nixpkgsLibDir();
  if (dir === undefined) {
    const text = `${what}: needs nixpkgs' lib (set NIXPKGS_LIB to nixpkgs.lib's lib/ folder)`;
    console.warn(`skipped: ${text}`);
    it.skip(`skipped: ${text}`, () => {});
  }
  return dir;
}
