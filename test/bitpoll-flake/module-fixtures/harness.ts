/**
 * Test helpers for the Bitpoll module: evaluate it under the real `lib.evalModules` with the
 * stand-ins, turn evaluated `systemd.services.<n>` JSON into unit files, and score them with
 * `systemd-analyze security --offline=true`.
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { bitpollFlake } from "bitpoll-flake";
import { unitSection, type UnitValue } from "../../../packages/bitpoll-flake/src/module/hardening.js";

const run = promisify(execFile);
export const FIXTURES = fileURLToPath(new URL(".", import.meta.url));

export { haveTool, nixpkgsLibDir } from "../require-tool.js";

let defaultTree: string | undefined;
/** The default flake tree written to a temporary folder once: `fake-pkgs.nix` calls its package. */
export function defaultFlakeDir(): string {
  if (defaultTree === undefined) {
    const dir = mkdtempSync(join(tmpdir(), "bitpoll-tree-"));
    for (const f of bitpollFlake().files().files.values()) {
      mkdirSync(dirname(join(dir, f.path)), { recursive: true });
      writeFileSync(join(dir, f.path), f.text);
    }
    defaultTree = dir;
  }
  return defaultTree;
}

/** `import fake-pkgs.nix { inherit lib; flake = <tree>; }` (Nix source; `lib` must be in scope). */
export function fakePkgs(flakeDir: string = defaultFlakeDir()): string {
  return `import ${join(FIXTURES, "fake-pkgs.nix")} { inherit lib; flake = ${flakeDir}; }`;
}

/** A Nix expression evaluating the module file with a configuration module (Nix source). */
export function evalExpr(libDir: string, moduleFile: string, configNix: string, select: string): string {
  return `
    let
      lib = import ${libDir};
      pkgs = ${fakePkgs()};
      eval = lib.evalModules {
        modules = [ ${join(FIXTURES, "standins.nix")} ${moduleFile} (${configNix}) ];
        specialArgs = { inherit pkgs; };
      };
      config = eval.config;
    in ${select}`;
}

/** Evaluates `expr` strictly to JSON (stderr in the error on failure). */
export async function evalJson(expr: string): Promise<unknown> {
  const dir = mkdtempSync(join(tmpdir(), "bitpoll-eval-"));
  const file = join(dir, "e.nix");
  writeFileSync(file, expr);
  const { stdout } = await run("nix-instantiate", ["--eval", "--strict", "--json", file], { maxBuffer: 64 << 20 });
  return JSON.parse(stdout) as unknown;
}

/** Evaluates and returns the error text (or undefined when evaluation succeeds). */
export async function evalError(expr: string): Promise<string | undefined> {
  try {
    await evalJson(expr);
    return undefined;
  } catch (e) {
    return String((e as { stderr?: string }).stderr ?? e);
  }
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const asList = (v: Json | undefined): string[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);

/**
 * An evaluated `systemd.services.<name>` as a unit file, the way NixOS renders it: `serviceConfig`
 * into `[Service]`, `environment` as `Environment=`, `preStart`/`script` as `ExecStartPre=`/
 * `ExecStart=` of a (fake) script path.
 */
export function unitFileFromJson(name: string, svc: { [k: string]: Json }): string {
  const unit: { [k: string]: UnitValue } = {
    Description: String(svc.description ?? name),
    After: asList(svc.after).join(" "),
    Requires: asList(svc.requires).join(" "),
  };
  const service: { [k: string]: UnitValue } = {};
  const env = (svc.environment ?? {}) as { [k: string]: Json };
  service.Environment = Object.entries(env).map(([k, v]) => `"${k}=${String(v)}"`);
  if (svc.preStart) service.ExecStartPre = `/nix/store/00000000000000000000000000000000-${name}-pre-start`;
  if (svc.script) service.ExecStart = `/nix/store/00000000000000000000000000000000-${name}-start`;
  for (const [k, v] of Object.entries((svc.serviceConfig ?? {}) as { [k: string]: Json })) {
    if (v === null) continue;
    service[k] = Array.isArray(v) ? v.map(String) : typeof v === "boolean" ? v : String(v);
  }
  return `${unitSection("Unit", unit)}\n${unitSection("Service", service)}`;
}

/** `systemd-analyze security --offline=true` of a unit file text: the overall exposure. */
export async function exposure(name: string, unitText: string): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), "bitpoll-unit-"));
  const file = join(dir, `${name}.service`);
  writeFileSync(file, unitText);
  const { stdout } = await run("systemd-analyze", ["security", "--offline=true", "--no-pager", file]).catch(
    (e: { stdout?: string }) => ({ stdout: e.stdout ?? "" }),
  );
  const m = /Overall exposure level for .*: (\d+\.\d+)/.exec(stdout);
  if (!m) throw new Error(`no exposure in systemd-analyze output:\n${stdout}`);
  return Number(m[1]);
}
