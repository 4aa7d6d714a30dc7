/**
 * A consumer's first hour: both packages are packed (`npm pack`, which builds them on `prepack`),
 * the tarballs are installed into a fresh project outside this repository (no workspace
 * node_modules to lean on; zod and ts-pattern come from the npm registry), and a small generator
 * runs there under node and under tsx, and type-checks under strict settings.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));
const work = mkdtempSync(join(tmpdir(), "nix-ast-consumer-"));
const project = join(work, "my-generator");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const run = (cmd: string, args: string[], cwd: string) =>
  execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 1 << 26, env: { ...process.env, npm_config_audit: "false", npm_config_fund: "false", npm_config_update_notifier: "false" } });

const GENERATOR = `import { fn, print, refs, str } from "nix-ast";
import { module, option, types } from "nix-ast/nixos";
import { bitpollModule, renderBitpollModule } from "bitpoll-flake";

const { lib } = refs("lib");
const pkg = fn(({ stdenv, fetchurl }) =>
  stdenv.mkDerivation({ pname: "hello", version: "2.12", src: fetchurl({ url: str\`mirror://gnu/hello-\${"2.12"}.tar.gz\` }), meta: { license: lib.licenses.gpl3Plus } }),
);
const m = module({ options: { services: { hello: { port: option({ type: types.port, default: 8080 }) } } } });
const bitpoll = renderBitpollModule(bitpollModule().setDefault("services.bitpoll.workers", 4));
process.stdout.write(print(pkg) + m.render() + String(bitpoll.includes("services.bitpoll")) + "\\n");
`;

let outputs: { node: string; tsx: string; tsc: string } | undefined;

beforeAll(() => {
  const tarballs: string[] = [];
  for (const pkg of ["nix-ast", "bitpoll-flake"]) {
    const out = run(npm, ["pack", "--pack-destination", work, "--silent"], join(root, "packages", pkg)).trim().split("\n");
    tarballs.push(join(work, out[out.length - 1]!));
  }
  mkdirSync(project);
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "my-generator", private: true, type: "module" }, null, 2));
  run(npm, ["install", "--prefer-offline", "--no-package-lock", ...tarballs], project);
  writeFileSync(join(project, "generate.mjs"), GENERATOR);
  writeFileSync(join(project, "generate.ts"), GENERATOR);
  writeFileSync(
    join(project, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        target: "ES2022",
        module: "NodeNext",
        moduleResolution: "NodeNext",
        strict: true,
        noUncheckedIndexedAccess: true,
        exactOptionalPropertyTypes: true,
        noEmit: true,
        skipLibCheck: true,
        types: ["node"],
        typeRoots: [join(root, "node_modules/@types")],
      },
      files: ["generate.ts"],
    }),
  );
  let tsc = "";
  try {
    run(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", project], project);
  } catch (e) {
    tsc = String((e as { stdout?: string }).stdout ?? e);
  }
  outputs = {
    node: run(process.execPath, ["generate.mjs"], project),
    tsx: run(process.execPath, [join(root, "node_modules/tsx/dist/cli.mjs"), "generate.ts"], project),
    tsc,
  };
}, 600_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("installing the packed tarballs in a fresh project", () => {
  it("installs nix-ast and bitpoll-flake with their dependencies from the registry only", () => {
    const modules = readdirSync(join(project, "node_modules"));
    expect(modules).toEqual(expect.arrayContaining(["nix-ast", "bitpoll-flake", "zod", "ts-pattern"]));
  });

  it("a generator runs under node", () => {
    expect(outputs!.node).toContain("stdenv.mkDerivation {");
    expect(outputs!.node).toContain('src = fetchurl { url = "mirror://gnu/hello-2.12.tar.gz"; };');
    expect(outputs!.node).toContain("type = lib.types.port;");
    expect(outputs!.node.trimEnd().endsWith("true")).toBe(true);
  });

  it("the same generator runs under tsx with the same output", () => {
    expect(outputs!.tsx).toBe(outputs!.node);
  });

  it("type-checks under strict, noUncheckedIndexedAccess and exactOptionalPropertyTypes", () => {
    expect(outputs!.tsc).toBe("");
  });

  it("installs the nix-ast command, which checks files on two threads from its bundle", () => {
    // 20 files (enough for a worker thread), every fourth not formatted.
    const dir = join(project, "nix");
    mkdirSync(dir);
    for (let i = 0; i < 20; i++) writeFileSync(join(dir, `f${String(i).padStart(2, "0")}.nix`), i % 4 === 0 ? `{a${i}=[1 2];}` : `{ a${i} = 1; }\n`);
    const bin = join(project, "node_modules/.bin/nix-ast");
    expect(readdirSync(join(project, "node_modules/nix-ast/dist/cli-bundle"))).toContain("worker.js");
    const r = spawnSync(bin, ["fmt", "--check", "--jobs", "2", dir], { cwd: project, encoding: "utf8" });
    expect(r.stderr).toMatch(/5 files would be reformatted/);
    expect(r.stdout.trim().split("\n")).toEqual([0, 4, 8, 12, 16].map((i) => join(dir, `f${String(i).padStart(2, "0")}.nix`)));
    expect(r.status).toBe(1);
    expect(spawnSync(bin, ["--version"], { encoding: "utf8" }).stdout).toMatch(/^nix-ast \d/);
  });
});
