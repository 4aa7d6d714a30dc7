/**
 * nixfmt's own test suite against `format`, as nixfmt's `test/test.sh` runs it (everything at width
 * 80): `diff/<case>/in.nix` gives `out.nix` (plain) and `out-pure.nix` (`strict`); `correct/*.nix`
 * and `correct-indent-4.nix` are unchanged by `strict`; `invalid/*.nix` are refused. Besides: every
 * expected output is a fixed point, formatting is idempotent, and the meaning is kept.
 *
 * The suite is not part of this repository: it is read from the folder named by NIXFMT_TESTS, or
 * from the git-ignored `.cache/nixfmt/test` (NixOS/nixfmt's `test/` folder at {@link NIXFMT_COMMIT}).
 * Without it the tests are skipped with a notice. The cases that do not pass yet are listed in
 * {@link KNOWN} (and, with the reasons, in docs/formatter.md); any other failure fails the test, and
 * a known case that passes is reported so that the list can shrink.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import * as nodePath from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { format, NixParseError } from "nix-ast";
import { canonical, normalize } from "nix-ast/testing";
import { parseWith } from "../../packages/nix-ast/src/parse/driver.js";

/** The NixOS/nixfmt commit whose `test/` folder these expectations were measured against. */
export const NIXFMT_COMMIT = "8ecc356892ba05d368ed376b1ce9f47f8af47837";

const root = fileURLToPath(new URL("../..", import.meta.url));

function suiteFolder(): string | null {
  const env = process.env.NIXFMT_TESTS;
  if (env && existsSync(nodePath.join(env, "diff"))) return env;
  const cached = nodePath.join(root, ".cache/nixfmt/test");
  return existsSync(nodePath.join(cached, "diff")) ? cached : null;
}

/**
 * The cases that do not pass yet, per check (docs/formatter.md, "nixfmt's test suite", gives the
 * reason for each).
 */
const KNOWN: Record<"plain" | "strict" | "correct" | "fixpoint" | "idempotent", readonly string[]> = {
  plain: [],
  strict: [],
  correct: [],
  fixpoint: [],
  idempotent: [],
};

const dir = suiteFolder();
if (dir === null) {
  console.warn(
    `NOTICE: nixfmt's test suite not found (set NIXFMT_TESTS to NixOS/nixfmt's test/ folder at ${NIXFMT_COMMIT}); format-nixfmt-suite.test.ts is skipped`,
  );
}

/** `format` as nixfmt's harness runs it: width 80; the pipe operators parse (nixfmt always reads them). */
const fmt = (src: string, strict = false, file?: string, indent = 2): string =>
  format(src, { width: 80, strict, pipes: true, indent, ...(file !== undefined ? { file } : {}) });

/** {@link fmt}, or the parse error's message for input nixfmt accepts and Nix (and we) refuse. */
const tryFmt = (src: string, strict = false, indent = 2): string => {
  try {
    return fmt(src, strict, undefined, indent);
  } catch (e) {
    if (e instanceof NixParseError) return `error: ${e.message}`;
    throw e;
  }
};

const read = (...p: string[]): string => readFileSync(nodePath.join(dir as string, ...p), "utf8");
const cases = (): string[] => readdirSync(nodePath.join(dir as string, "diff")).sort();
const corrects = (): string[] => readdirSync(nodePath.join(dir as string, "correct")).filter((f) => f.endsWith(".nix")).sort();

/** Checks `ok` for each name; fails on a failure not in `known`; logs the count and known cases that pass now. */
function tally(what: string, known: readonly string[], results: readonly [string, boolean][]): void {
  const failing = results.filter(([, ok]) => !ok).map(([n]) => n);
  const passingKnown = known.filter((n) => results.some(([m, ok]) => m === n && ok));
  console.log(`${what}: ${results.length - failing.length}/${results.length} pass`);
  if (passingKnown.length > 0) console.log(`${what}: now passing, remove from KNOWN: ${passingKnown.join(", ")}`);
  expect(failing.filter((n) => !known.includes(n))).toEqual([]);
}

describe.skipIf(dir === null)(`nixfmt's test suite (NixOS/nixfmt@${NIXFMT_COMMIT.slice(0, 12)})`, () => {
  it("invalid/*.nix are refused with an error that says where (line:column)", () => {
    const files = readdirSync(nodePath.join(dir as string, "invalid")).filter((f) => f.endsWith(".nix"));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      let err: unknown = null;
      try {
        fmt(read("invalid", f), false, f);
      } catch (e) {
        err = e;
      }
      expect(err, f).toBeInstanceOf(NixParseError);
      expect((err as Error).message, f).toMatch(new RegExp(`^${f.replace(/\./g, "\\.")}:\\d+:\\d+: `));
    }
  });

  it("diff/*: format(in.nix) == out.nix", () => {
    tally("plain", KNOWN.plain, cases().map((c) => [c, tryFmt(read("diff", c, "in.nix")) === read("diff", c, "out.nix")]));
  });

  it("diff/*: format(in.nix, { strict: true }) == out-pure.nix", () => {
    tally("strict", KNOWN.strict, cases().map((c) => [c, tryFmt(read("diff", c, "in.nix"), true) === read("diff", c, "out-pure.nix")]));
  });

  it("correct/*.nix are unchanged by format(…, { strict: true })", () => {
    const results: [string, boolean][] = corrects().map((f) => {
      const src = read("correct", f);
      return [f, tryFmt(src, true) === src];
    });
    // nixfmt checks this file with --indent=4.
    const four = read("correct-indent-4.nix");
    results.push(["correct-indent-4.nix", tryFmt(four, true, 4) === four]);
    tally("correct", KNOWN.correct, results);
  });

  it("every out.nix (plain) and out-pure.nix (strict) is a fixed point", () => {
    const results: [string, boolean][] = [];
    for (const c of cases()) {
      const out = read("diff", c, "out.nix");
      const pure = read("diff", c, "out-pure.nix");
      results.push([`${c}/out.nix`, tryFmt(out) === out], [`${c}/out-pure.nix`, tryFmt(pure, true) === pure]);
    }
    tally("fixpoint", KNOWN.fixpoint, results);
  });

  it("idempotent: format(format(x)) == format(x) for every input, plain and strict", () => {
    const results: [string, boolean][] = [];
    const check = (name: string, src: string, strict: boolean): void => {
      const once = tryFmt(src, strict);
      results.push([name, tryFmt(once, strict) === once]);
    };
    for (const c of cases()) {
      check(c, read("diff", c, "in.nix"), false);
      check(`${c} (strict)`, read("diff", c, "in.nix"), true);
      check(`${c}/out.nix`, read("diff", c, "out.nix"), false);
      check(`${c}/out-pure.nix (strict)`, read("diff", c, "out-pure.nix"), true);
    }
    for (const f of corrects()) check(f, read("correct", f), true);
    tally("idempotent", KNOWN.idempotent, results);
  });

  it("meaning kept: the output parses to the same expression (the oracle's canonical form)", () => {
    // Our parser is proven equal to `nix-instantiate --parse` (parse.test.ts), so its canonical form
    // stands in for Nix's; duplicate attributes (which Nix's --parse rejects) are allowed here.
    const meaning = (src: string): string =>
      normalize(canonical(parseWith(src, { pipes: true, duplicates: false }), { cwd: root, home: "/home" }));
    const changed: string[] = [];
    const skipped: string[] = [];
    let compared = 0;
    const check = (name: string, src: string): void => {
      let want: string;
      try {
        want = meaning(src);
      } catch {
        // Duplicate attributes or an out-of-range integer: no canonical form to compare with.
        skipped.push(name);
        return;
      }
      for (const strict of [false, true]) {
        compared++;
        if (meaning(fmt(src, strict)) !== want) changed.push(`${name}${strict ? " (strict)" : ""}`);
      }
    };
    for (const c of cases()) check(c, read("diff", c, "in.nix"));
    for (const f of corrects()) check(f, read("correct", f));
    console.log(`meaning kept: ${compared - changed.length}/${compared}; not comparable (no canonical form): ${skipped.join(", ")}`);
    expect(compared).toBeGreaterThan(100);
    expect(changed).toEqual([]);
  });
});
