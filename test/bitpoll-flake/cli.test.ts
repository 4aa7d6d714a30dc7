/**
 * The built CLI (`node packages/bitpoll-flake/dist/cli.js`): writing, the manifest, refusing to
 * overwrite files it did not write, `--force`, `--check`, bad configuration (one clear error,
 * nothing written), and how long a run takes.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MANIFEST, sha256 } from "bitpoll-flake";
import { BIN, GOLDEN, listFiles, runCli, snapshot, tmp } from "./helpers.js";

describe("bitpoll-flake generate", () => {
  it("writes the golden tree and a manifest of file hashes, and warns loudly about fakeHash", () => {
    const out = join(tmp(), "bitpoll-nix");
    const r = runCli(["generate", "--out", out]);
    expect(r.status).toBe(0);
    const files = snapshot(out);
    const manifest = JSON.parse(files[MANIFEST]!) as { files: Record<string, string> };
    delete files[MANIFEST];
    expect(files).toEqual(snapshot(join(GOLDEN, "default")));
    expect(Object.keys(manifest.files).sort()).toEqual(Object.keys(files).sort());
    for (const [f, h] of Object.entries(manifest.files)) expect(h).toBe(sha256(files[f]!));
    expect(r.stderr).toMatch(/WARNING: 1 pin\(s\) have no known hash/);
    expect(r.stderr).toContain("pins.bitpoll.hash");
    expect(r.stderr).toContain("nix flake prefetch --json github:fsinfuhh/Bitpoll/6d863fecf2489bbb8e6239936849a594bef489f1");
    // No temporary files are left behind.
    expect(listFiles(out).filter((f) => f.includes(".tmp"))).toEqual([]);
  });

  it("is idempotent, and --check passes on an up-to-date tree and fails (exit 1) on a changed one", () => {
    const out = tmp();
    expect(runCli(["generate", "--out", out]).status).toBe(0);
    const before = snapshot(out);
    const again = runCli(["generate", "--out", out]);
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/0 written, 20 unchanged/);
    expect(snapshot(out)).toEqual(before);

    expect(runCli(["generate", "--out", out, "--check"]).status).toBe(0);
    writeFileSync(join(out, "nix/package.nix"), "{ }: { }\n");
    const check = runCli(["generate", "--out", out, "--check"]);
    expect(check.status).toBe(1);
    expect(check.stderr).toContain("nix/package.nix");
    // --check writes nothing.
    expect(readFileSync(join(out, "nix/package.nix"), "utf8")).toBe("{ }: { }\n");
    const missing = tmp();
    expect(runCli(["generate", "--out", join(missing, "none"), "--check"]).status).toBe(1);
    expect(existsSync(join(missing, "none"))).toBe(false);
  });

  it("refuses to overwrite an edited file or a file it did not write, writing nothing; --force overwrites", () => {
    const out = tmp();
    expect(runCli(["generate", "--out", out]).status).toBe(0);
    writeFileSync(join(out, "flake.nix"), "# mine\n{ }\n");
    const before = snapshot(out);
    const r = runCli(["generate", "--out", out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("refusing to overwrite");
    expect(r.stderr).toContain("flake.nix");
    expect(snapshot(out)).toEqual(before);
    const forced = runCli(["generate", "--out", out, "--force"]);
    expect(forced.status).toBe(0);
    expect(readFileSync(join(out, "flake.nix"), "utf8")).toBe(readFileSync(join(GOLDEN, "default/flake.nix"), "utf8"));

    // A directory with someone else's flake.nix and no manifest: nothing at all is written.
    const foreign = tmp();
    writeFileSync(join(foreign, "flake.nix"), "{ }\n");
    expect(runCli(["generate", "--out", foreign]).status).toBe(2);
    expect(listFiles(foreign)).toEqual(["flake.nix"]);
  });

  it("takes the configuration file into account", () => {
    const out = tmp();
    const r = runCli(["generate", "--out", out, "--config", new URL("./fixtures/custom.json", import.meta.url).pathname]);
    expect(r.status).toBe(0);
    const files = snapshot(out);
    delete files[MANIFEST];
    expect(files).toEqual(snapshot(join(GOLDEN, "custom")));
    expect(r.stderr).toContain("pins.python.django-token-bucket.hash");
    expect(r.stderr).not.toContain("pins.bitpoll.hash");
  });

  it("rejects bad usage with exit 2", () => {
    expect(runCli([]).status).toBe(2);
    expect(runCli(["generate", "--frobnicate"]).stderr).toContain("unknown option --frobnicate");
    expect(runCli(["generate", "--out"]).stderr).toContain("--out needs a value");
    expect(runCli(["--help"]).stdout).toContain("usage: bitpoll-flake generate");
  });

  it("runs through the committed bin script (what npx links)", () => {
    const r = spawnSync(process.execPath, [BIN, "--help"], { encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("usage: bitpoll-flake generate");
    // And npm really linked it: the lockfile's `bin` must name the committed shim, not dist/.
    const npx = spawnSync("npx", ["--no-install", "bitpoll-flake", "--help"], {
      encoding: "utf8",
      cwd: join(BIN, "../../../.."),
    });
    expect(npx.status).toBe(0);
    expect(npx.stdout).toBe(r.stdout);
  });
});

describe("bad configuration", () => {
  const cases: [string, unknown, string][] = [
    ["unknown top-level key", { nixpkg: "github:NixOS/nixpkgs/nixos-26.05" }, "nixpkg: unknown key"],
    ["unknown nested key", { pins: { bitpoll: { sha: "x" } } }, "pins.bitpoll.sha: unknown key"],
    ["wrong type", { systems: "x86_64-linux" }, "systems:"],
    ["malformed hash", { pins: { bitpoll: { hash: "sha256-abc" } } }, "pins.bitpoll.hash: expected an SRI hash"],
    ["malformed rev", { pins: { bitpoll: { rev: "main" } } }, "pins.bitpoll.rev: expected a full 40-digit"],
    ["unknown python pin", { pins: { python: { requests: { version: "1" } } } }, "pins.python.requests:"],
    ["malformed python hash", { pins: { python: { cryptojwt: { hash: "md5-x" } } } }, "pins.python.cryptojwt.hash: expected an SRI hash"],
    ["invalid attribute name", { extraPythonPackages: ["django prometheus"] }, "extraPythonPackages[0]: expected a Python package attribute name"],
    ["invalid server", { server: "apache" }, "server:"],
    ["invalid system", { systems: ["linux"] }, "systems[0]: expected a Nix system"],
    ["invalid flake ref", { nixpkgs: "nixos-26.05" }, "nixpkgs: expected a flake reference"],
  ];

  it.each(cases)("%s: one error naming the field, nothing written", (_name, config, message) => {
    const dir = tmp();
    const file = join(dir, "config.json");
    writeFileSync(file, JSON.stringify(config));
    const out = join(dir, "out");
    const r = runCli(["generate", "--out", out, "--config", file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`invalid configuration in ${file}`);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain("Nothing was written.");
    expect(existsSync(out)).toBe(false);
  });

  it("reports a file that is not JSON", () => {
    const dir = tmp();
    const file = join(dir, "config.json");
    writeFileSync(file, "{ nixpkgs: ");
    const r = runCli(["generate", "--out", join(dir, "out"), "--config", file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("not valid JSON");
    expect(existsSync(join(dir, "out"))).toBe(false);
  });
});
