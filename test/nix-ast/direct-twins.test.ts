/**
 * The parser's and printer's direct twins (scripts/direct-twins.mjs, docs/parser.md "Depth"): the
 * build makes them from the current sources; they give what the generator code gives, on random
 * sources with comments, on nixpkgs' library and nixfmt's test inputs (when present), and on input
 * too deep for them, where the drivers fall back to the generator code mid-way.
 *
 * The generator code's answers come from a second copy of the library in which the twins always
 * fail (as a stack overflow does), so that every call goes through the drivers' fallback.
 *
 * Cases: FC_RUNS (default 2000 under CI=true, 300 otherwise); FC_SEED and FC_PATH replay.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import * as nodePath from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { beforeAll, describe, expect, it, vi } from "vitest";
import * as direct from "nix-ast";
import type { Expr } from "nix-ast";
import { arbitrary, nixpkgsLib } from "nix-ast/testing";
import { Parser as DirectParser } from "../../packages/nix-ast/src/parse/parser.direct.js";
import { Printer as DirectPrinter } from "../../packages/nix-ast/src/print/printer.direct.js";
import { walk } from "../bench/lib-files.mjs";
import { replay, RUNS } from "../fc-params.js";
import { requireResource } from "../require-tool.js";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** The library with both twins failing at once, as on input too deep for them. */
let generators: typeof direct;
beforeAll(async () => {
  const overflow = (): never => {
    throw new RangeError("Maximum call stack size exceeded (a twin made to fail)");
  };
  vi.resetModules();
  vi.doMock("../../packages/nix-ast/src/parse/parser.direct.js", () => ({ Parser: class { parse = overflow; } }));
  vi.doMock("../../packages/nix-ast/src/print/printer.direct.js", () => ({ Printer: class { top = overflow; entry = overflow; } }));
  generators = (await import("../../packages/nix-ast/src/index.js")) as typeof direct;
  vi.doUnmock("../../packages/nix-ast/src/parse/parser.direct.js");
  vi.doUnmock("../../packages/nix-ast/src/print/printer.direct.js");
});

/** A tree with its spans (positions) and bigints, as text. */
const dump = (e: Expr): string => JSON.stringify(e, (_k, v: unknown) => (typeof v === "bigint" ? `${v}n` : v));

/** What each part gives for one source, or the error it throws. */
function outputs(lib: typeof direct, src: string): string[] {
  const out: string[] = [];
  const attempt = (f: () => string): void => {
    try {
      out.push(f());
    } catch (e) {
      out.push(`${(e as Error).name}: ${(e as Error).message}`);
    }
  };
  attempt(() => dump(lib.parse(src)));
  attempt(() => lib.print(lib.parse(src), { width: 40 }));
  attempt(() => lib.format(src));
  attempt(() => lib.format(src, { strict: true, width: 60 }));
  return out;
}

const sources = fc
  .tuple(arbitrary.expr({ maxDepth: 4 }), fc.integer({ min: 10, max: 120 }), fc.array(fc.tuple(fc.nat(), fc.constantFrom(" # c\n", "\n# d\n", " /* e */ ")), { maxLength: 3 }))
  .map(([e, width, inserts]: [Expr, number, [number, string][]]) =>
    inserts.reduce((s, [at, text]) => {
      const p = s.indexOf(" ", at % (s.length + 1));
      return p < 0 ? s : s.slice(0, p) + text + s.slice(p + 1);
    }, direct.print(e, { width })),
  );

describe("the direct twins", () => {
  it("are the twins of the current sources (scripts/direct-twins.mjs --check)", () => {
    const r = spawnSync(process.execPath, ["packages/nix-ast/scripts/direct-twins.mjs", "--check"], { cwd: root, encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  it("are what the library runs, and the generator code is what the second copy runs", () => {
    // Without this, both copies could run the same code and every comparison below would pass.
    const src = "{ a = [ 1 2 ]; }";
    expect(() => new DirectParser(src, {}).parse()).not.toThrow();
    expect(() => new DirectPrinter({ pipes: false, width: 100 }).top(direct.parse(src))).not.toThrow();
    expect(outputs(generators, src)).toEqual(outputs(direct, src));
    expect(generators.parse).not.toBe(direct.parse);
  });

  it(`give what the generator code gives: tree, print, format (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(sources, (src: string) => {
        expect(outputs(direct, src)).toEqual(outputs(generators, src));
      }),
      { numRuns: RUNS, ...replay },
    );
  });

  const lib = nixpkgsLib();
  const haveLib = requireResource("nixpkgs' lib", lib === undefined ? undefined : nodePath.join(lib, "default.nix"), "the twins on nixpkgs' library", "set NIXPKGS_LIB to its lib/ folder, see README");
  it.skipIf(!haveLib)("give what the generator code gives on every file of nixpkgs' library", () => {
    for (const f of walk(lib as string)) {
      const src = readFileSync(f, "utf8");
      expect(outputs(direct, src), f).toEqual(outputs(generators, src));
    }
  });

  const nixfmtTests = process.env.NIXFMT_TESTS;
  const haveSuite = requireResource("nixfmt's test suite", nixfmtTests, "the twins on nixfmt's test inputs", "set NIXFMT_TESTS to a checkout's test/ folder, see README");
  it.skipIf(!haveSuite)("give what the generator code gives on every file of nixfmt's test suite", () => {
    for (const f of walk(nixfmtTests as string)) {
      const src = readFileSync(f, "utf8");
      expect(outputs(direct, src), f).toEqual(outputs(generators, src));
    }
  });

  it("fail on input nested too deep for them, and the drivers then give the generator code's answer", () => {
    // Selections of parentheses: 6,000 levels deep, printed on one line.
    const n = 6_000;
    const src = `${"(".repeat(n)}a${").b".repeat(n)}`;
    expect(() => new DirectParser(src, {}).parse()).toThrow(RangeError);
    const tree = generators.parse(src);
    expect(() => new DirectPrinter({ pipes: false, width: 100 }).top(tree)).toThrow(RangeError);
    // The formatter's token log and layout facts start over after the overflow, mid-way.
    expect(outputs(direct, src)).toEqual(outputs(generators, src));
    expect(direct.print(direct.parse(direct.format(src)))).toBe(direct.print(tree));
  });
});
