/**
 * The one rule for what a test needs from the machine (README, "Tests"):
 *
 * - a tool (`nix-instantiate`, `systemd-analyze`, `chromium`, …): present → the tests run; missing →
 *   a visible skip (a `SKIPPED:` line, and vitest reports the tests as skipped), except under
 *   `CI=true`, where a missing tool fails the run;
 * - a resource CI cannot have (nixpkgs' library, nixfmt's test suite): present → the tests run;
 *   missing → a visible skip naming what is skipped, in CI too.
 *
 * Use: `describe.skipIf(!requireTool("nix-instantiate", "the printer's goldens"))(…)`.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

const CI = process.env.CI === "true";
const found = new Map<string, boolean>();

/** Whether `tool --version` runs (checked once per tool and process). */
export function haveTool(tool: string): boolean {
  let ok = found.get(tool);
  if (ok === undefined) {
    try {
      execFileSync(tool, ["--version"], { stdio: "ignore", timeout: 60_000 });
      ok = true;
    } catch {
      ok = false;
    }
    found.set(tool, ok);
  }
  return ok;
}

/**
 * `true` when `tool` runs. Missing: throws under `CI=true` (the file fails), otherwise prints a
 * `SKIPPED:` notice naming `what` and returns `false`, for `describe.skipIf(!requireTool(…))`.
 */
export function requireTool(tool: string, what: string): boolean {
  if (haveTool(tool)) return true;
  const msg = `${tool} is not on the PATH: ${what} needs it`;
  if (CI) throw new Error(`${msg}; CI=true forbids skipping (install it: see .ci/run)`);
  console.warn(`SKIPPED: ${msg}`);
  return false;
}

/** `requireTool("nix-instantiate", what)`: the tests that check emitted Nix against real Nix. */
export const requireNix = (what: string): boolean => requireTool("nix-instantiate", what);

/**
 * `true` when `path` (a folder or file CI cannot provide, found through `hint`) exists; otherwise a
 * `SKIPPED:` notice naming `what` and `false`, in CI too.
 */
export function requireResource(
  name: string,
  path: string | undefined,
  what: string,
  hint: string,
): path is string {
  if (path !== undefined && existsSync(path)) return true;
  console.warn(`SKIPPED: ${what}: ${name} not found (${hint})`);
  return false;
}
