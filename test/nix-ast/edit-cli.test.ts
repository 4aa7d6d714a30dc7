import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseNix, requireNix } from "nix-ast/testing";

// `nix-ast edit` and `nix-ast get` as users run them: the bin shim over the built dist/.
const root = fileURLToPath(new URL("../..", import.meta.url));
const bin = join(root, "packages/nix-ast/bin/nix-ast.js");
const dir = mkdtempSync(join(tmpdir(), "nix-ast-edit-cli-"));

function run(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [bin, ...args], { input, encoding: "utf8", cwd: root });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

const PKG = `{ lib, stdenv, fetchurl }:

stdenv.mkDerivation rec {
  pname = "hello";
  version = "2.12.1"; # bump me

  src = fetchurl {
    url = "mirror://gnu/hello/hello-\${version}.tar.gz";
    hash = "sha256-old";
  };

  buildInputs = [ ];
}
`;

describe("nix-ast edit / get", () => {
  it("prints the edited file to standard output, in order of the options", () => {
    const f = file("a.nix", PKG);
    const r = run(["edit", f, "--set", 'version="2.12.2"', "--set=src.hash=\"sha256-new\"", "--append", "buildInputs=zlib", "--remove", "pname"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      PKG.replace('version = "2.12.1";', 'version = "2.12.2";')
        .replace('"sha256-old"', '"sha256-new"')
        .replace("buildInputs = [ ];", "buildInputs = [ zlib ];")
        .replace('  pname = "hello";\n', ""),
    );
    // The file itself is untouched without --in-place.
    expect(readFileSync(f, "utf8")).toBe(PKG);
  });

  it("--in-place writes the file atomically (no temporary file left)", () => {
    const f = file("b.nix", PKG);
    const r = run(["edit", f, "--in-place", "--set", "meta.license=lib.licenses.gpl3Plus"]);
    expect(r.code).toBe(0);
    expect(r.out).toBe("");
    expect(readFileSync(f, "utf8")).toBe(PKG.replace("  buildInputs = [ ];\n", "  buildInputs = [ ];\n  meta.license = lib.licenses.gpl3Plus;\n"));
    expect(readdirSync(dir).filter((n) => n.includes(".tmp"))).toEqual([]);
  });

  it("reads standard input with -", () => {
    const r = run(["edit", "-", "--set", "a=[ 1 2 ]"], "{ a = 1; }\n");
    expect(r.code).toBe(0);
    expect(r.out).toBe("{\n  a = [\n    1\n    2\n  ];\n}\n");
  });

  it("failures exit 1 with a located message and write nothing", () => {
    const f = file("c.nix", PKG);
    const before = statSync(f).mtimeMs;
    const cases: [string[], RegExp][] = [
      [["--remove", "nope"], /c\.nix:1:1: nope: not found/],
      [["--set", "version=1 +"], /^value of --set version:1:4: unexpected end of file/],
      [["--append", "version=1"], /c\.nix:5:13: version: the value is not a list literal/],
      [["--set", "src.url.x=1"], /c\.nix:8:11: src\.url\.x: src\.url is not an attribute set here/],
      [["--set", "version=2", "--remove", "nope"], /nope: not found/],
    ];
    for (const [args, msg] of cases) {
      const r = run(["edit", f, "--in-place", ...args]);
      expect(r.code, args.join(" ")).toBe(1);
      expect(r.err).toMatch(msg);
      expect(r.out).toBe("");
    }
    expect(readFileSync(f, "utf8")).toBe(PKG);
    expect(statSync(f).mtimeMs).toBe(before);
  });

  it("an ambiguous path is refused with both places", () => {
    const f = file("d.nix", "{\n  a.b = 1;\n  a = { c = 2; };\n}\n");
    const r = run(["edit", f, "--set", "a=3"]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/d\.nix:3:3: a: the path is defined in several places \(2:3, 3:3\)/);
  });

  it("a file with a syntax error: located error, nothing written", () => {
    const f = file("e.nix", "{\n  a = 1\n}\n");
    const r = run(["edit", f, "--in-place", "--set", "a=2"]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/e\.nix:3:1: unexpected '}', expected ';'/);
    expect(readFileSync(f, "utf8")).toBe("{\n  a = 1\n}\n");
  });

  it("usage errors exit 2", () => {
    expect(run(["edit"]).code).toBe(2);
    expect(run(["edit", "-", "--in-place"], "{ }").code).toBe(2);
    expect(run(["edit", file("f.nix", "{ }"), "--set", "novalue"]).code).toBe(2);
    expect(run(["edit", join(dir, "missing.nix")]).code).toBe(2);
    expect(run(["get", "x.nix"]).code).toBe(2);
    expect(run(["edit", "--help"]).out).toMatch(/--in-place/);
  });

  it("get prints the value's source text", () => {
    const f = file("g.nix", PKG);
    expect(run(["get", f, "src.url"]).out).toBe('"mirror://gnu/hello/hello-${version}.tar.gz"\n');
    expect(run(["get", f, "version"]).out).toBe('"2.12.1"\n');
    const missing = run(["get", f, "meta"]);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/meta: not found/);
  });

  it.skipIf(!requireNix("nix-ast edit's output check"))("its output parses with real Nix", async () => {
    const f = file("h.nix", PKG);
    const r = run(["edit", f, "--set", "passthru.tests={ a = 1; }", "--append", "buildInputs=(f x)"]);
    expect(r.code).toBe(0);
    await expect(parseNix([r.out])).resolves.toHaveLength(1);
  });
});
