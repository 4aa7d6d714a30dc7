/**
 * The typed `lib` and `builtins`: the generated declarations are what the generator makes of
 * nixpkgs' lib today (regenerated under NIXPKGS_LIB), the type-level refusals hold (tsc), the
 * required functions are typed, calls print and evaluate as Nix, and the builtins table agrees
 * with the real Nix (names and arities).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { print, ref, str, toExpr, type Nixable } from "nix-ast";
import { builtins, lib, LIB_COUNTS } from "nix-ast/nixos";
import { evalNixBatchSettled, nixAvailable } from "nix-ast/testing";
import { generate, OUTPUT, parseSig, readLib, resultKinds, UNTYPED_RESULTS, type Sig } from "../../packages/nix-ast/scripts/lib-signatures.js";
import { LIB_ALIASES, LIB_CALLS, BUILTIN_CALLS } from "../../packages/nix-ast/src/nixos/lib-signatures.generated.js";
import { BUILTIN_CONSTANTS, BUILTIN_SIGNATURES, BUILTINS_AFTER_2_8 } from "../../packages/nix-ast/src/nixos/builtins-table.js";
import { haveLib, LIB } from "./nixos-harness.js";

/** Prints a builder value (references included). */
const p = (x: Nixable) => print(toExpr(x)).trim();

const root = fileURLToPath(new URL("../../", import.meta.url));
const NIX = nixAvailable();
if (!NIX) console.warn("SKIPPED builtins checks against Nix: nix-instantiate not found");
if (process.env.CI === "true" && !NIX) throw new Error("CI needs nix-instantiate");

/** The functions the typed lib must cover (besides the data namespaces). */
const REQUIRED = [
  "mkIf", "mkDefault", "mkForce", "mkMerge", "mkOption", "mkEnableOption", "mkPackageOption", "optional", "optionals",
  "optionalAttrs", "optionalString", "genAttrs", "mapAttrs", "mapAttrs'", "mapAttrsToList", "filterAttrs", "nameValuePair",
  "concatStringsSep", "concatMapStringsSep", "escapeShellArg", "escapeShellArgs", "getExe", "getExe'", "makeBinPath",
  "hasPrefix", "hasSuffix", "splitString", "toUpper", "attrNames", "attrValues", "elem", "unique", "flatten", "recursiveUpdate",
];

/** An argument of a documented kind, as Nix source (`null` where the kind is a variable or unknown). */
const dummyArg = (s: Sig): string =>
  s.k === "string" ? '"a"'
  : s.k === "int" || s.k === "number" ? "1"
  : s.k === "float" ? "1.5"
  : s.k === "bool" ? "false"
  : s.k === "path" ? "/."
  : s.k === "list" ? "[ ]"
  : s.k === "attrs" ? "{ }"
  : s.k === "fn" ? `(${s.params.map(() => "_:").join(" ")} ${dummyArg(s.result)})`
  : s.k === "derivation" ? '{ type = "derivation"; name = "x"; outPath = "/x"; }'
  : s.k === "union" ? dummyArg(s.of[0]!)
  : "null";

describe("typed lib and builtins", () => {
  it("type-level tests compile (every @ts-expect-error is an error)", () => {
    const tsc = fileURLToPath(new URL("../../node_modules/typescript/bin/tsc", import.meta.url));
    let out = "";
    try {
      execFileSync(process.execPath, [tsc, "-p", "test/nix-ast/lib-tsconfig.json"], { cwd: root, encoding: "utf8" });
    } catch (e) {
      out = String((e as { stdout?: string }).stdout ?? e);
    }
    expect(out).toBe("");
  });

  it("docs/lib.md's example runs and prints what the page says", () => {
    const page = readFileSync(join(root, "docs/lib.md"), "utf8");
    const block = /```ts\n([\s\S]*?)```/.exec(page)![1]!;
    const src = block
      .replace(/from "nix-ast\/nixos"/g, `from ${JSON.stringify(join(root, "packages/nix-ast/src/nixos/index.ts"))}`)
      .replace(/from "nix-ast"/g, `from ${JSON.stringify(join(root, "packages/nix-ast/src/index.ts"))}`);
    const expected = block
      .split("\n")
      .filter((l) => l.startsWith("// "))
      .map((l) => l.slice(3))
      .join("\n");
    const dir = mkdtempSync(join(tmpdir(), "nix-ast-doc-"));
    try {
      writeFileSync(join(dir, "example.mts"), src);
      const tsx = join(root, "node_modules/tsx/dist/cli.mjs");
      const out = execFileSync(process.execPath, [tsx, join(dir, "example.mts")], { cwd: root, encoding: "utf8" });
      expect(out.trim()).toBe(expected.trim());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("every required function has a typed signature (arity and argument kinds)", () => {
    const untyped = REQUIRED.filter((n) => {
      const ns = LIB_ALIASES[n];
      return ns === undefined ? BUILTIN_CALLS[n] === undefined : LIB_CALLS[`${ns}.${n}`] === undefined;
    });
    expect(untyped).toEqual([]);
    expect(LIB_COUNTS.typed).toBeGreaterThan(300);
  });

  it("parses lib's signature notation", () => {
    expect(parseSig("[String] -> (String -> a) -> { [String] :: a }")).toEqual({
      k: "fn",
      params: [{ k: "list", of: { k: "string" } }, { k: "fn", params: [{ k: "string" }], result: { k: "var", name: "a" } }],
      result: { k: "attrs", of: { k: "var", name: "a" } },
    });
    expect(parseSig("String | Derivation -> String")).toEqual({ k: "fn", params: [{ k: "union", of: [{ k: "string" }, { k: "derivation" }] }], result: { k: "string" } });
    // A parenthesised function result keeps the arity: `lib.extends overlay f` is a function.
    expect(parseSig("(AttrSet -> AttrSet) -> (AttrSet -> AttrSet)")).toEqual({
      k: "fn",
      params: [{ k: "fn", params: [{ k: "attrs" }], result: { k: "attrs" } }],
      result: { k: "fn", params: [{ k: "attrs" }], result: { k: "attrs" } },
    });
    expect(parseSig("Path -> FileSetTree (with \"emptyDir\"'s) -> Null")).toBeUndefined();
  });

  it("calls print as Nix, with callbacks named by the library (primed when nested)", () => {
    expect(p(lib.genAttrs(["a", "b"], (name) => str`${name}-x`))).toBe('lib.genAttrs [ "a" "b" ] (name: "${name}-x")');
    const nested = p(lib.mapAttrs((name, value) => lib.mapAttrs((name2, v2) => [name, name2, value, v2], value), ref("set")));
    expect(nested.replace(/\s+/g, " ")).toBe("lib.mapAttrs ( name: value: lib.mapAttrs (name': value': [ name name' value value' ]) value ) set");
    expect(p(lib.strings.concatMapStringsSep(", ", (x) => x, ref("xs")))).toBe('lib.strings.concatMapStringsSep ", " (x: x) xs');
    expect(p(lib.licenses.mit)).toBe("lib.licenses.mit");
    expect(p(lib.mkIf(ref("cfg.enable"), { a: 1 }))).toBe("lib.mkIf cfg.enable { a = 1; }");
    expect(p(builtins.map(lib.toUpper, ["a"]))).toBe('builtins.map lib.toUpper [ "a" ]');
    // Member access on results stays a reference.
    expect(p(lib.systems.elaborate("x86_64-linux").isLinux)).toBe('(lib.systems.elaborate "x86_64-linux").isLinux');
  });

  describe.skipIf(!haveLib("typed lib evaluation and regeneration (nixpkgs lib)"))("against nixpkgs' lib", () => {
    it("the committed declarations are what the generator makes of NIXPKGS_LIB", () => {
      expect(generate(LIB!) === readFileSync(OUTPUT, "utf8"), "lib-signatures.generated.ts is stale: run `npm run gen:lib`").toBe(true);
    });

    it("each typed lib function is still a function before its last documented argument", async () => {
      const dummy = dummyArg;
      /** Where the check cannot apply, and why. */
      const EXCEPTIONS: Readonly<Record<string, string>> = {
        "derivations.addDrvOutputDependencies": "uses a built-in newer than Nix 2.8",
        "filesystem.pathType": "uses builtins.readFileType (newer than Nix 2.8)",
        "filesystem.readFileType": "uses builtins.readFileType (newer than Nix 2.8)",
        "flakes.flakeRefToString": "uses a built-in newer than Nix 2.8",
        "flakes.parseFlakeRef": "uses a built-in newer than Nix 2.8",
        "customisation.makeScopeWithSplicing'": "its first argument needs specific attributes (newScope, splicePackages)",
        "fileset.trace": "its first argument must be a real file set",
        "trivial.throwIfNot": "throws on a false condition by design",
      };
      const { spaces } = readLib(LIB!);
      const fns = [...spaces].flatMap(([ns, es]) => es.filter((e) => e.sig?.k === "fn" && !(`${ns}.${e.name}` in EXCEPTIONS)).map((e) => ({ ns, e })));
      const out = await evalNixBatchSettled(
        fns.map(({ ns, e }) => {
          const sig = e.sig as Extract<Sig, { k: "fn" }>;
          const args = sig.params.slice(0, -1).map(dummy).join(" ");
          return `let lib = import ${LIB}; r = builtins.tryEval (let v = lib.${ns}.${JSON.stringify(e.name)} ${args}; in builtins.isFunction v || (builtins.isAttrs v && v ? __functor)); in if r.success then r.value else "threw"`;
        }),
      );
      const wrong = fns.flatMap(({ ns, e }, i) => {
        const o = out[i]!;
        return o.ok && o.value === true ? [] : [`${ns}.${e.name} :: ${e.type}: ${o.ok ? String(o.value) : o.error.stderr.split("\n")[0]}`];
      });
      expect(wrong).toEqual([]);
      expect(fns.length).toBeGreaterThan(400);
    });

    it("each typed result kind is what Nix returns (builtins.typeOf of a full application)", async () => {
      // Dummy arguments of the documented kinds; where they make the function throw, no verdict.
      const TYPE_OF: Readonly<Record<string, readonly string[]>> = {
        int: ["int"], float: ["float"], bool: ["bool"], string: ["string"], path: ["path"], null: ["null"], list: ["list"],
        attrs: ["set"], derivation: ["set"], function: ["lambda"],
      };
      const EXCEPTIONS: Readonly<Record<string, string>> = {
        "lib.attrsets.setAttrByPath": "an empty path (the dummy) returns the value itself; any other path an attribute set",
        "lib.trivial.mirrorFunctionArgs": "returns a functor (an attribute set that is called as a function)",
      };
      const { spaces } = readLib(LIB!);
      const sigs = [
        ...[...spaces].flatMap(([ns, es]) => es.map((e) => ({ name: `lib.${ns}.${e.name}`, call: `lib.${ns}.${JSON.stringify(e.name)}`, e }))),
        ...Object.entries(BUILTIN_SIGNATURES).map(([n, t]) => ({ name: `builtins.${n}`, call: `builtins.${n}`, e: { name: n, sig: parseSig(t) } })),
      ];
      const fns = sigs.flatMap(({ name, call, e }) => {
        const kinds = e.sig?.k === "fn" && !(e.name in UNTYPED_RESULTS) && !(name in EXCEPTIONS) ? resultKinds(e.sig.result) : undefined;
        return kinds && e.sig?.k === "fn" ? [{ name, call, params: e.sig.params, kinds }] : [];
      });
      const out = await evalNixBatchSettled(
        fns.map(({ call, params }) => `let lib = import ${LIB}; r = builtins.tryEval (builtins.typeOf (${call} ${params.map(dummyArg).join(" ")})); in if r.success then r.value else null`),
      );
      let judged = 0;
      const wrong = fns.flatMap(({ name, kinds }, i) => {
        const o = out[i]!;
        if (!o.ok || o.value === null) return [];
        judged++;
        return kinds.some((k) => TYPE_OF[k]!.includes(String(o.value))) ? [] : [`${name}: typed ${kinds.join(" | ")}, Nix returns a ${String(o.value)}`];
      });
      expect(wrong).toEqual([]);
      expect(judged).toBeGreaterThan(300);
    });

    it("typed calls evaluate to what lib computes", async () => {
      const cases: [string, unknown][] = [
        [p(lib.genAttrs(["a", "b"], (name) => str`${name}-x`)), { a: "a-x", b: "b-x" }],
        [p(lib.mapAttrs((name, value) => lib.mapAttrs((n2, v2) => str`${name}.${n2}=${v2}`, value), { p: { q: "r" } })), { p: { q: "p.q=r" } }],
        [p(lib.filterAttrs((name, value) => lib.hasPrefix("x", name), { xa: 1, b: 2 })), { xa: 1 }],
        [p(lib.mapAttrsToList((name, value) => str`${name}=${value}`, { a: "1", b: "2" })), ["a=1", "b=2"]],
        [p(lib["mapAttrs'"]((name, value) => lib.nameValuePair(str`x-${name}`, value), { a: 1 })), { "x-a": 1 }],
        [p(lib.concatMapStringsSep(",", (x) => lib.toUpper(x), ["a", "b"])), "A,B"],
        [p(builtins["foldl'"]((acc, x) => builtins.add(acc, x), 0, [1, 2, 3])), 6],
        [p(lib.optionalString(true, "yes")), "yes"],
        [p(lib.flatten([1, [2, [3]]])), [1, 2, 3]],
        [p(lib.escapeShellArg("it's")), "'it'\\''s'"],
        [p(lib.licenses.mit.spdxId), "MIT"],
        [p(builtins.length(lib.platforms.linux)), undefined],
      ];
      const out = await evalNixBatchSettled(cases.map(([src]) => `let lib = import ${LIB}; in ${src}`));
      cases.forEach(([src, want], i) => {
        const o = out[i]!;
        expect(o.ok, `${src}: ${o.ok ? "" : o.error.stderr}`).toBe(true);
        if (want !== undefined && o.ok) expect(o.value, src).toEqual(want);
      });
      expect((out[11] as { value: number }).value).toBeGreaterThan(10);
    });
  });

  describe.skipIf(!NIX)("builtins against the real Nix", () => {
    it("every built-in function and constant of this Nix is in the table; the others are the newer ones", async () => {
      const [names] = await evalNixBatchSettled(["builtins.attrNames builtins"]);
      expect(names!.ok).toBe(true);
      const theirs = new Set((names as { value: string[] }).value);
      const ours = new Set([...Object.keys(BUILTIN_SIGNATURES), ...BUILTIN_CONSTANTS]);
      expect([...theirs].filter((n) => !ours.has(n))).toEqual([]);
      expect([...ours].filter((n) => !theirs.has(n)).sort()).toEqual([...BUILTINS_AFTER_2_8].sort());
    });

    it("each built-in function of this Nix takes exactly the table's number of arguments", async () => {
      // Applying a built-in to fewer arguments than its arity evaluates nothing and gives a
      // function; applying it to all of them runs it, and arguments that throw make it fail.
      // fetchTree needs the experimental `flakes` feature in Nix 2.8.
      const fns = Object.keys(BUILTIN_SIGNATURES).filter((n) => !BUILTINS_AFTER_2_8.has(n) && n !== "fetchTree");
      const arity = (n: string) => {
        const s = parseSig(BUILTIN_SIGNATURES[n]!);
        return s?.k === "fn" ? s.params.length : 0;
      };
      const srcs = fns.map((n) => {
        const k = arity(n);
        const sel = n.includes("'") ? `builtins."${n}"` : `builtins.${n}`;
        const call = (m: number) => `(${sel} ${Array.from({ length: m }, () => '(throw "x")').join(" ")})`;
        const partial = k > 1 ? `builtins.typeOf ${call(k - 1)}` : `"lambda"`;
        const full = `let r = builtins.tryEval (builtins.typeOf ${call(k)}); in if r.success then r.value else "failed"`;
        return `[ (${partial}) (${full}) ]`;
      });
      const out = await evalNixBatchSettled(srcs);
      const wrong = fns.flatMap((n, i) => {
        const o = out[i]!;
        if (!o.ok) return [`${n}: ${o.error.stderr.split("\n")[0]}`];
        const [partial, full] = o.value as [string, string];
        return partial === "lambda" && full !== "lambda" ? [] : [`${n}: arity ${arity(n)} gives ${partial}, ${full}`];
      });
      expect(wrong).toEqual([]);
    });
  });
});
