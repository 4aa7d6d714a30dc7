/**
 * The parser against real Nix 2.8 and against itself:
 * - the corpus (`corpus/valid`, `corpus/invalid`) and every file of nixpkgs' library: the canonical
 *   `--parse` form of our AST equals Nix's, and we reject exactly what Nix rejects;
 * - round trips through the printer, for the corpus and for arbitrary ASTs;
 * - fuzzing: random text and randomly edited sources give an AST or a NixParseError, never another
 *   exception; edited sources are also checked against Nix (accept/reject agreement);
 * - depth and size: 100,000 nested constructs, a 10 MB file;
 * - errors, comments, spans, the `nix` template tag, pipes and the CLI.
 */
import { execFile, execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as nodePath from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Assign, Attrs, Expr, Lambda, List } from "nix-ast";
import { NixParseError, exprSchema, isPathShape, nix, parse, print, ref, variable } from "nix-ast";
import { arbitrary, canonical, formatNixFloat, normalize, nixpkgsLib, parseNixSettled } from "nix-ast/testing";
import { CI } from "../fc-params.js";
import { requireNix, requireResource } from "../require-tool.js";
import { corpusFiles, show, strip } from "./parse-helpers.js";

const hasNix = requireNix("the parser's proofs against Nix");

/** `nix-instantiate --parse` on many files in one process: one line per file. */
function nixParseFiles(files: readonly string[]): string[] {
  const out = execFileSync("nix-instantiate", ["--parse", ...files], { encoding: "latin1", maxBuffer: 1 << 28 });
  const lines = out.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  expect(lines.length).toBe(files.length);
  return lines;
}

/** Nix's verdict on one file: null when it parses, else its error (undefined variables count as parsing). */
function nixVerdict(file: string): Promise<string | null> {
  return nixRun(file).then((r) => r.error);
}

/** Runs `nix-instantiate --parse` on one file: its output (when it printed one) and syntax error. */
function nixRun(file: string): Promise<{ error: string | null; out: string | null }> {
  return new Promise((resolve) => {
    // Bytes, not UTF-8: `''\é` splits a character across two string pieces in Nix's output,
    // which only compare equal once both sides are byte strings (see canonicalOf).
    execFile("nix-instantiate", ["--parse", file], { encoding: "latin1" }, (err, out, stderr) => {
      if (!err) resolve({ error: null, out });
      else if (/undefined variable/.test(stderr)) resolve({ error: null, out: null });
      else resolve({ error: stderr.trim().split("\n")[0] ?? "error", out: null });
    });
  });
}

async function pool<T, R>(items: readonly T[], n: number, f: (x: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await f(items[i]!);
      }
    }),
  );
  return out;
}

/** Parse result: an AST, or a NixParseError; any other exception fails the test. */
function tryParse(src: string, opts: { pipes?: boolean } = {}): Expr | NixParseError {
  try {
    return parse(src, opts);
  } catch (e) {
    if (e instanceof NixParseError) return e;
    throw new Error(`parse threw ${String(e)} on ${JSON.stringify(src.slice(0, 200))}`, { cause: e });
  }
}

function canonicalOf(file: string, ast: Expr): string {
  // As bytes (one char per byte), like the output of nixRun.
  return normalize(Buffer.from(canonical(ast, { cwd: nodePath.dirname(file) }), "utf8").toString("latin1"));
}

// ------------------------------------------------------------------------------------------------

describe("corpus", () => {
  const valid = corpusFiles("valid");
  const invalid = corpusFiles("invalid");

  it("has the files", () => {
    expect(valid.length).toBeGreaterThanOrEqual(10);
    expect(invalid.length).toBeGreaterThanOrEqual(50);
  });

  it.skipIf(!hasNix)("valid files: canonical form equals nix-instantiate --parse", () => {
    const theirs = nixParseFiles(valid);
    valid.forEach((f, i) => {
      const ast = parse(readFileSync(f, "utf8"), { file: f });
      expect(canonicalOf(f, ast), f).toBe(normalize(theirs[i]!));
    });
  });

  // Nix 2.8 treats NUL as the end of input (and truncates strings at it); we reject it (docs/parser.md).
  const DIVERGENT = new Set(["nul-byte.nix"]);

  it.skipIf(!hasNix)("invalid files: Nix rejects each one, and so do we", async () => {
    const verdicts = await pool(invalid, 4, nixVerdict);
    invalid.forEach((f, i) => {
      const name = nodePath.basename(f);
      const ours = tryParse(readFileSync(f, "utf8"));
      expect(ours, `${name} must be rejected`).toBeInstanceOf(NixParseError);
      // A known divergence must still diverge (else it belongs with the others).
      if (DIVERGENT.has(name)) expect(verdicts[i], `Nix accepts ${name}`).toBeNull();
      else expect(verdicts[i], `Nix must reject ${name}`).not.toBeNull();
    });
  });

  it("round trip: print(parse(src)) parses to the same tree", () => {
    for (const f of valid) {
      const ast = parse(readFileSync(f, "utf8"));
      const again = parse(print(ast));
      expect(show(strip(again)), f).toBe(show(strip(ast)));
    }
  });
});

describe("nixpkgs lib", () => {
  const lib = nixpkgsLib();
  const haveLib = requireResource(
    "nixpkgs' lib",
    lib,
    "the parser against every file of nixpkgs' lib (canonical form, printer round trip)",
    "set NIXPKGS_LIB to its lib/ folder, see README",
  );
  const files: string[] = [];
  const walk = (d: string): void => {
    for (const n of readdirSync(d).sort()) {
      const p = nodePath.join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (n.endsWith(".nix")) files.push(p);
    }
  };
  if (haveLib) walk(lib);

  it.skipIf(!haveLib || !hasNix)("every file parses and matches Nix's canonical form", () => {
    const theirs = nixParseFiles(files);
    let matched = 0;
    files.forEach((f, i) => {
      const ast = parse(readFileSync(f, "utf8"), { file: f });
      expect(canonicalOf(f, ast), f).toBe(normalize(theirs[i]!));
      matched++;
    });
    expect(matched).toBe(files.length);
    expect(matched).toBeGreaterThan(250);
  });

  it.skipIf(!haveLib)("round trip through the printer", () => {
    expect(files.length).toBeGreaterThan(250);
    for (const f of files) {
      const ast = parse(readFileSync(f, "utf8"));
      let printed: string;
      try {
        printed = print(ast);
      } catch (e) {
        throw new Error(`print failed on ${f}: ${String(e)}`);
      }
      const again = tryParse(printed);
      if (again instanceof NixParseError) throw new Error(`${f}: printed form does not parse: ${again.message}`);
      expect(show(strip(again)), f).toBe(show(strip(ast)));
    }
  });
});

describe("round trip of arbitrary ASTs", () => {
  it("parse(print(ast)) equals ast (modulo strip)", () => {
    fc.assert(
      fc.property(arbitrary.expr(), (ast) => {
        const printed = print(ast);
        const back = tryParse(printed);
        if (back instanceof NixParseError) throw new Error(`${back.message}\n--- printed ---\n${printed}`);
        expect(show(strip(back))).toBe(show(strip(ast)));
      }),
      { numRuns: CI ? 2000 : 1000 },
    );
  });
  it("parse(print(ast)) keeps every comment, and those before an interpolation's or a name's '}' there", () => {
    fc.assert(
      fc.property(arbitrary.expr(), (ast) => {
        const back = parse(print(ast));
        // The printer may write a comment in another form (a one-line block comment as `#`) or
        // place (a trailing one leading): texts are compared, whitespace aside, as a multiset.
        expect(commentTexts(back).sort()).toEqual(commentTexts(ast).sort());
        expect(closeComments(back)).toEqual(closeComments(ast));
      }),
      { numRuns: CI ? 2000 : 1000 },
    );
  });
});

/** The texts of every comment in a tree, whitespace runs as one space. */
function commentTexts(e: unknown, out: string[] = []): string[] {
  if (Array.isArray(e)) {
    for (const x of e) commentTexts(x, out);
    return out;
  }
  if (typeof e !== "object" || e === null) return out;
  const o = e as Record<string, unknown>;
  if ((o.kind === "line" || o.kind === "block" || o.kind === "doc") && typeof o.text === "string") {
    out.push(o.text.replace(/\s+/g, " ").trim());
  }
  for (const [k, v] of Object.entries(o)) if (k !== "span") commentTexts(v, out);
  return out;
}

/** The `interpolationComments` and `pathComments` of a tree, in order, as comment texts. */
function closeComments(e: unknown, out: string[][] = []): string[][] {
  if (Array.isArray(e)) {
    for (const x of e) closeComments(x, out);
    return out;
  }
  if (typeof e !== "object" || e === null) return out;
  // Keys in a fixed order: the parser sets these fields after the node's others.
  for (const [k, v] of Object.entries(e).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if ((k === "interpolationComments" || k === "pathComments") && Array.isArray(v)) {
      for (const cs of v) if (cs !== null) out.push(commentTexts(cs));
    } else if (k !== "span") closeComments(v, out);
  }
  return out;
}

// ------------------------------------------------------------------------------------------------

const NIXISH = [
  ..."abcxyz019_-'.,;:=?@!+-*/<>|&~$\"{}[]()#\\ \n\t",
  "''",
  "${",
  "/*",
  "*/",
  "let",
  "in",
  "if",
  "then",
  "else",
  "with",
  "assert",
  "rec",
  "inherit",
  "or",
  "...",
  "./a",
  "<p>",
  "x:y",
  "1.5",
  "é",
  "\r",
];

function seeds(): string[] {
  const out = corpusFiles("valid").map((f) => readFileSync(f, "utf8"));
  const lib = nixpkgsLib();
  if (lib !== undefined) {
    for (const n of ["strings.nix", "lists.nix", "attrsets.nix", "trivial.nix"]) {
      try {
        out.push(readFileSync(nodePath.join(lib, n), "utf8").slice(0, 6000));
      } catch {
        // optional
      }
    }
  }
  return out;
}

/** A random edit of a source: delete, duplicate or insert a Nix-ish fragment at random places. */
const edited = (base: readonly string[]) =>
  fc
    .tuple(
      fc.constantFrom(...base),
      fc.array(
        fc.tuple(fc.nat(), fc.nat({ max: 8 }), fc.constantFrom(...NIXISH), fc.constantFrom("del", "ins", "dup")),
        { minLength: 1, maxLength: 4 },
      ),
    )
    .map(([src, edits]) => {
      let s = src;
      for (const [at, len, frag, op] of edits) {
        const i = s.length === 0 ? 0 : at % s.length;
        if (op === "del") s = s.slice(0, i) + s.slice(i + len);
        else if (op === "ins") s = s.slice(0, i) + frag + s.slice(i);
        else s = s.slice(0, i) + s.slice(i, i + len) + s.slice(i);
      }
      return s;
    });

describe("fuzzing", () => {
  const runs = CI ? 10_000 : 1_500;

  it(`random text: AST or NixParseError (${runs} cases)`, () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...NIXISH), { maxLength: 40 }), (frags) => {
        const src = frags.join("");
        tryParse(src);
        tryParse(src, { pipes: true });
      }),
      { numRuns: runs },
    );
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 60 }), (src) => {
        tryParse(src);
      }),
      { numRuns: runs },
    );
  });

  it(`edited valid sources: AST or NixParseError (${runs} cases)`, () => {
    fc.assert(
      fc.property(edited(seeds()), (src) => {
        const r = tryParse(src);
        if (!(r instanceof NixParseError)) {
          // Whatever parses also prints and parses back to itself.
          const again = tryParse(print(r));
          if (again instanceof NixParseError) throw new Error(`reprint of ${JSON.stringify(src)} fails: ${again.message}`);
        }
      }),
      { numRuns: runs },
    );
  });

  // One Nix process per case (1,500 under CI): minutes on a loaded machine.
  it.skipIf(!hasNix)("edited sources: we accept exactly what Nix accepts", { timeout: 900_000 }, async () => {
    const n = CI ? 1500 : 200;
    const small = corpusFiles("valid").map((f) => readFileSync(f, "utf8"));
    const cases = fc.sample(edited(small), { numRuns: n }).filter((c) => !c.includes("\0"));
    const dir = mkdtempSync(nodePath.join(tmpdir(), "nix-ast-fuzz-"));
    const files = cases.map((c, i) => {
      const f = nodePath.join(dir, `case${i}.nix`);
      writeFileSync(f, c);
      return f;
    });
    const runs = await pool(files, 4, nixRun);
    const verdicts = runs.map((r) => r.error);
    const disagreements: string[] = [];
    let compared = 0;
    cases.forEach((_c, i) => {
      // Read back what was written: an edit may split a surrogate pair, which the file stores as U+FFFD.
      const c = readFileSync(files[i]!, "utf8");
      const ours = tryParse(c);
      const weReject = ours instanceof NixParseError;
      const nixRejects = verdicts[i] !== null;
      if (weReject !== nixRejects) {
        disagreements.push(
          `${files[i]}: nix ${nixRejects ? `rejects (${verdicts[i]})` : "accepts"}, we ${weReject ? `reject (${(ours as NixParseError).reason})` : "accept"}`,
        );
      } else if (!weReject && runs[i]!.out !== null) {
        // Both accept: the trees agree too.
        const theirs = runs[i]!.out!;
        compared++;
        // What both parsers accept has a canonical form: canonical throws only on trees Nix rejects.
        const ourCanon = canonicalOf(files[i]!, ours as Expr);
        const nixCanon = normalize(theirs);
        if (ourCanon !== nixCanon) {
          disagreements.push(
            `${files[i]}: trees differ\n  source: ${JSON.stringify(c.slice(0, 300))}\n  ours: ${ourCanon.slice(0, 300)}\n  nix:  ${nixCanon.slice(0, 300)}`,
          );
        }
      }
    });
    expect(disagreements).toEqual([]);
    expect(compared).toBeGreaterThan(0);
  });
});

// ------------------------------------------------------------------------------------------------

describe("depth and size", () => {
  const N = 100_000;

  it("100,000 nested parentheses, lists, sets, lambdas, strings", () => {
    const cases = [
      "(".repeat(N) + "1" + ")".repeat(N),
      "[".repeat(N) + "]".repeat(N),
      "{a=".repeat(N) + "1" + ";}".repeat(N),
      "x: ".repeat(N) + "x",
      "with a; ".repeat(N) + "1",
      "if a then b else ".repeat(N) + "c",
      "-".repeat(N) + "1",
      "!".repeat(N) + "a",
      "a" + " + a".repeat(N),
      "a" + " ++ a".repeat(N),
      "a" + " -> a".repeat(N),
      "f" + " a".repeat(N),
      "a" + ".b".repeat(N),
      '"${'.repeat(N) + "x" + '}"'.repeat(N),
      "''${".repeat(N) + "x" + "}''".repeat(N),
      "a.b or ".repeat(N) + "c",
      "let a = 1; in ".repeat(N) + "a",
      "(".repeat(N), // error at the end, found without overflow
    ];
    for (const src of cases) {
      const r = tryParse(src);
      if (src === "(".repeat(N)) expect(r).toBeInstanceOf(NixParseError);
      else expect(r, src.slice(0, 30)).not.toBeInstanceOf(NixParseError);
    }
  });

  it("a 10 MB file, in linear time", () => {
    const entry = (i: number) =>
      `  "pkg-${i}" = { pname = "pkg-${i}"; version = "1.${i % 100}"; deps = [ a.b c ]; meta.license = licenses.mit; };\n`;
    const make = (n: number) => {
      let s = "{\n";
      for (let i = 0; i < n; i++) s += entry(i);
      return s + "}\n";
    };
    const big = make(100_000);
    expect(big.length).toBeGreaterThan(10_000_000);
    const small = make(10_000);
    const time = (src: string) => {
      const t = performance.now();
      const ast = parse(src) as Attrs;
      return { ms: performance.now() - t, n: ast.bindings.length };
    };
    time(small);
    const a = time(small);
    const b = time(big);
    expect(b.n).toBe(100_000);
    // Ten times the input must not take much more than ten times as long (allow noise).
    expect(b.ms / a.ms).toBeLessThan(40);
  });
});

// ------------------------------------------------------------------------------------------------

/** The exact decimal expansion of k × 2^-1074 (a subnormal or the smallest normals). */
const exactTiny = (k: bigint): string => {
  const digits = (k * 5n ** 1074n).toString().padStart(1074, "0");
  return `0.${digits}`;
};

describe.skipIf(!hasNix)("float literals: we refuse exactly what Nix 2.8's strtod refuses", () => {
  it("around the smallest normal, the largest double, and exact subnormals", async () => {
    const digits = (n: number) => fc.stringMatching(new RegExp(`^[0-9]{${n}}$`));
    const near = fc.sample(
      fc.oneof(
        // Just below and above 2^-1022 = 2.2250738585072013830902…e-308.
        fc.tuple(fc.constantFrom("2225073858507201", "2225073858507200", "2225073858507202"), digits(6)).map(
          ([a, b]) => `${a[0]}.${a.slice(1)}${b}e-308`,
        ),
        fc.tuple(fc.integer({ min: 1, max: 9 }), digits(4), fc.integer({ min: 300, max: 330 })).map(
          ([a, b, e]) => `${a}.${b}e-${e}`,
        ),
        fc.tuple(digits(6), fc.integer({ min: 306, max: 310 })).map(([b, e]) => `1.7976931348623${b}e${e}`),
        fc.tuple(fc.constantFrom("0.", "0.000", "."), fc.integer({ min: 0, max: 5000 })).map(([z, e]) => `${z}0e-${e}`),
      ),
      { numRuns: 60 },
    );
    const lits = [
      "2.2250738585072012014e-308", // refused by Nix although it rounds to the smallest normal
      "2.2250738585072014e-308",
      "2.22507385850720138e-308",
      "4.9e-324",
      "1.0e-320",
      "1.e-400",
      "0.0e-999",
      "1.7976931348623157e308",
      "1.7976931348623159e308",
      exactTiny(1n), // 2^-1074 written exactly: no underflow signal
      exactTiny(2n ** 52n - 1n),
      exactTiny(2n ** 52n),
      `${exactTiny(1n)}1`,
      ...near,
    ];
    // One process per literal (a refused literal fails its whole batch), four at a time.
    const settled = await pool(lits, 4, async (lit) => (await parseNixSettled([lit]))[0]!);
    const wrong = lits.flatMap((lit, i) => {
      const theirs = settled[i];
      const nixAccepts = theirs?.ok === true;
      const ours = tryParse(lit);
      const weAccept = !(ours instanceof NixParseError);
      // Accepted: the same float (Nix prints it in %g form).
      const sameValue = !weAccept || (ours.type === "Float" && theirs?.ok === true && formatNixFloat(ours.value) === theirs.value.trim());
      return nixAccepts === weAccept && (!nixAccepts || sameValue) ? [] : [`${lit.slice(0, 60)}: nix ${nixAccepts}, ours ${weAccept}`];
    });
    expect(wrong).toEqual([]);
    // Both verdicts occur, so the comparison means something.
    expect(settled.some((r) => r.ok) && settled.some((r) => !r.ok)).toBe(true);
  });
});

// ------------------------------------------------------------------------------------------------

function err(src: string, opts: { file?: string; pipes?: boolean } = {}): NixParseError {
  try {
    parse(src, opts);
  } catch (e) {
    if (e instanceof NixParseError) return e;
    throw e;
  }
  throw new Error(`expected a NixParseError for ${src}`);
}

describe("errors", () => {
  it("reads like a compiler's", () => {
    const e = err("{\n  b = 1;\n  a = ; }", { file: "file.nix" });
    expect(e.line).toBe(3);
    expect(e.column).toBe(7);
    expect(e.offset).toBe(17);
    expect(e.unexpected).toBe("';'");
    expect(e.expected).toEqual(["an expression"]);
    expect(e.file).toBe("file.nix");
    expect(e.message).toBe("file.nix:3:7: unexpected ';', expected an expression\n  3 |   a = ; }\n    |       ^");
  });

  it.each([
    ["{ a = 1 }", 1, 9, "'}'", ["';'"]],
    ["1 +", 1, 4, "end of file", ["an expression"]],
    ["if a then b", 1, 12, "end of file", ["'else'"]],
    ["{ a.b = 1; a.b = 2; }", 1, 12, "'a'", []],
    ["9223372036854775808", 1, 1, "'9223372036854775808'", []],
    ["./a/ ", 1, 5, "' '", []],
    ["1 == 2 == 3", 1, 8, "'=='", ["an operator of another precedence (this one is not associative)"]],
    ['"abc', 1, 5, "end of file", ["'\"'"]],
    ["a\n\tb )", 2, 4, "')'", ["an operator", "end of file"]],
  ] as const)("%j", (src, line, column, unexpected, expected) => {
    const e = err(src);
    expect([e.line, e.column, e.unexpected, e.expected]).toEqual([line, column, unexpected, expected]);
    expect(e.excerpt.split("\n")).toHaveLength(2);
    expect(e.excerpt.split("\n")[1]!.endsWith("^")).toBe(true);
  });

  it("semantic errors say what is wrong", () => {
    expect(err("{ a = 1; a = 2; }").reason).toBe("attribute 'a' already defined at <input>:1:3");
    expect(err("{ a, a }: a").reason).toBe("duplicate formal function argument 'a'");
    expect(err("let ${a} = 1; in 1").reason).toBe("dynamic attributes not allowed in let");
    expect(err("{ inherit ${a}; }").reason).toBe("dynamic attributes not allowed in inherit");
    expect(err("./a/").reason).toBe("path has a trailing slash");
    expect(err("4.9e-324").reason).toBe("invalid float '4.9e-324'");
    expect(err("1 /* x").reason).toBe("unterminated comment");
  });

  it("keeps the excerpt short on a long line, the caret under the problem", () => {
    const e = err("[ " + "1 ".repeat(5000) + "} ]");
    const [line, caret] = e.excerpt.split("\n") as [string, string];
    expect(line.length).toBeLessThan(130);
    expect(line[caret.length - 1]).toBe("}");
  });
});

// ------------------------------------------------------------------------------------------------

describe("the tree", () => {
  it("follows Nix's grammar for the lexing traps of docs/parser.md", () => {
    const p = (src: string) => show(strip(parse(src)));
    expect(p("-1")).toBe(show({ type: "Unary", op: "-", expr: { type: "Int", value: 1n } }));
    expect(p("f a b")).toBe(p("(f a) b"));
    const sel = parse("a.b.c") as Extract<Expr, { type: "Select" }>;
    expect(sel.path).toEqual(["b", "c"]);
    expect(parse("(a.b).c")).toMatchObject({ type: "Select", expr: { type: "Paren" } });
    expect(parse("a-b")).toMatchObject({ type: "Var", name: "a-b" });
    expect(parse("a/b")).toMatchObject({ type: "Path", parts: ["a/b"] });
    expect(parse("x:x")).toMatchObject({ type: "Uri", value: "x:x" });
    expect(parse("x: x")).toMatchObject({ type: "Lambda" });
    expect(parse("1e3")).toMatchObject({ type: "Apply", fn: { type: "Int" }, arg: { type: "Var", name: "e3" } });
    expect(parse("01.5")).toMatchObject({ type: "Apply", fn: { type: "Int", value: 1n }, arg: { type: "Float", value: 0.5 } });
    expect(parse("1.")).toMatchObject({ type: "Float", value: 1 });
    expect(parse("f -1")).toMatchObject({ type: "Binary", op: "-" });
    expect(parse("{ or = 1; }")).toMatchObject({ bindings: [{ path: ["or"] }] });
    expect(parse('{ "a b" = 1; }')).toMatchObject({ bindings: [{ path: [{ type: "Str", parts: ["a b"] }] }] });
    expect(parse("{ ${x} = 1; }")).toMatchObject({ bindings: [{ path: [{ type: "Var", name: "x" }] }] });
    expect(parse("__curPos")).toMatchObject({ type: "CurPos" });
    expect(parse("let { body = 1; }")).toMatchObject({ type: "LegacyLet" });
    expect(parse("x or")).toMatchObject({ type: "Apply", arg: { type: "Var", name: "or" } });
    expect(parse('"$${x}"')).toMatchObject({ type: "Str", parts: ["$${x}"] });
    expect(parse("''\n  a\n    b\n''")).toMatchObject({ type: "IndStr", parts: ["a\n  b\n"] });
    expect(parse("''''\\'''${x}''")).toMatchObject({ type: "IndStr", parts: ["'${x}"] });
    expect(parse("./${x}.nix")).toMatchObject({ type: "Path", parts: ["./", { type: "Var" }, ".nix"] });
    expect(parse("<nixpkgs/lib>")).toMatchObject({ type: "SearchPath", path: "nixpkgs/lib" });
    expect(parse("{ a, b ? 1, ... }@p: a")).toMatchObject({
      param: { type: "FormalsParam", ellipsis: true, bind: { name: "p", position: "after" } },
    });
  });

  it("computes span positions from offsets and serialises them as plain objects", () => {
    const src = readFileSync(corpusFiles("valid").find((f) => f.endsWith("misc.nix"))!, "utf8");
    // Positions by a plain scan, as the parser made them before spans were lazy.
    const at = (offset: number) => {
      const before = src.slice(0, offset);
      const nl = before.lastIndexOf("\n");
      return { line: before.split("\n").length, column: offset - (nl + 1) + 1, offset };
    };
    for (const file of [undefined, "misc.nix"]) {
      const ast = file === undefined ? parse(src) : parse(src, { file });
      let spans = 0;
      const visit = (x: unknown): void => {
        if (Array.isArray(x)) return x.forEach(visit);
        if (typeof x !== "object" || x === null) return;
        const o = x as Record<string, unknown>;
        const sp = o.span as { start: { offset: number }; end: { offset: number } } | undefined;
        if (sp !== undefined) {
          spans++;
          const plain = JSON.parse(JSON.stringify(sp)) as unknown;
          const want = { start: at(sp.start.offset), end: at(sp.end.offset), ...(file === undefined ? {} : { file }) };
          expect(plain).toStrictEqual(want);
          expect(sp.start).toStrictEqual(want.start);
        }
        for (const [k, v] of Object.entries(o)) if (k !== "span") visit(v);
      };
      visit(ast);
      expect(spans).toBeGreaterThan(50);
    }
  });

  it("keeps Nix's static checks through parentheses and plain strings", () => {
    // Verified with nix-instantiate --parse: parentheses and `${"a"}`/`${''a''}` names are static.
    expect(() => parse("{ a = ({ b = 1; }); a.c = 2; }")).not.toThrow();
    expect(() => parse("{ a = { b = 1; }; x = { c = 1; }; a.c = 1; }")).not.toThrow();
    expect(() => parse("{ x = { b = 1; }; a = rec { c = 1; }; x.d = 1; }")).not.toThrow();
    expect(() => parse('{ "${"a"}" = 1; a = 2; }')).not.toThrow();
    const dup = (src: string) => {
      try {
        parse(src);
      } catch (e) {
        return (e as NixParseError).reason;
      }
      return null;
    };
    expect(dup("{ ${''a''} = 1; a = 2; }")).toBe("attribute 'a' already defined at <input>:1:3");
    expect(dup('{ ${("a")} = 1; a = 2; }')).toBe("attribute 'a' already defined at <input>:1:3");
    // An indented string whose only piece is a plain string is one too (Nix's stripIndentation).
    expect(dup("{ ${''${\"a\"}''} = 1; a = 2; }")).toBe("attribute 'a' already defined at <input>:1:3");
    expect(dup("{ ${''${''a''}''} = 1; a = 2; }")).toBe("attribute 'a' already defined at <input>:1:3");
    expect(dup("{ a = { b = 1; } // {}; a.c = 1; }")).toBe("attribute 'a.c' already defined at <input>:1:3");
  });

  it("puts a span on every node", () => {
    const src = readFileSync(corpusFiles("valid").find((f) => f.endsWith("misc.nix"))!, "utf8");
    const ast = parse(src, { file: "misc.nix" });
    let nodes = 0;
    const visit = (x: unknown): void => {
      if (Array.isArray(x)) return x.forEach(visit);
      if (typeof x !== "object" || x === null) return;
      const o = x as Record<string, unknown>;
      if (typeof o.type === "string" && o.type !== "IdentParam" && o.type !== "FormalsParam") {
        nodes++;
        const sp = o.span as { start: { offset: number }; end: { offset: number }; file: string };
        expect(sp, String(o.type)).toBeDefined();
        expect(sp.file).toBe("misc.nix");
        expect(sp.start.offset).toBeLessThanOrEqual(sp.end.offset);
      }
      for (const [k, v] of Object.entries(o)) if (k !== "span") visit(v);
    };
    visit(ast);
    expect(nodes).toBeGreaterThan(50);
    const let_ = (ast as Lambda).body;
    expect(let_.span?.start).toMatchObject({ line: 3, column: 1 });
  });

  it("attaches comments and blank lines", () => {
    const src = readFileSync(corpusFiles("valid").find((f) => f.endsWith("comments.nix"))!, "utf8");
    const ast = parse(src) as Extract<Expr, { type: "With" }>;
    expect(ast.comments?.map((c) => c.kind)).toEqual(["doc", "line"]);
    expect(ast.comments?.[0]?.text).toBe("\n  A doc comment on the whole file.\n");
    expect(ast.trailing).toEqual({ kind: "line", text: " trailing file comment" });
    const set = ast.body as Attrs;
    const [a, b, c, d, e, g] = set.bindings as Assign[];
    expect(a!.comments).toEqual([{ kind: "line", text: " before a" }]);
    expect(a!.trailing).toEqual({ kind: "line", text: " after a" });
    expect(b!.comments).toEqual([{ kind: "block", text: " block before b " }]);
    const list = b!.value as List;
    expect(list.items[0]!.trailing).toEqual({ kind: "line", text: " one" });
    expect(list.items[1]!.blankBefore).toBe(true);
    expect(list.items[1]!.comments).toEqual([{ kind: "line", text: " before two" }]);
    expect(list.items[1]!.trailing).toEqual({ kind: "block", text: " trailing block " });
    expect(c!.blankBefore).toBe(true);
    expect(c!.value.comments).toEqual([{ kind: "block", text: " inline " }]);
    expect(d!.value.comments).toEqual([{ kind: "line", text: " value comment" }]);
    expect(e!.comments).toEqual([{ kind: "block", text: "\n    multi-line block\n  " }]);
    expect(g!.comments).toEqual([{ kind: "block", text: "" }]);
    const formals = ((g!.value as Lambda).param as Extract<Lambda["param"], { type: "FormalsParam" }>).formals;
    expect(formals[0]!.comments).toEqual([{ kind: "line", text: " the a" }]);
    const last = set.bindings[set.bindings.length - 1]!;
    expect(last.trailing).toEqual({ kind: "line", text: " dangling at the end" });
  });
});

// ------------------------------------------------------------------------------------------------

describe("nix template tag", () => {
  it("holes become nodes, never text", () => {
    const evil = '"; inject = true; x = "${builtins.abort 1}';
    const e = nix`{ name = ${evil}; list = [ ${1} ${ref("pkgs.hello")} ]; }`;
    expect(e).toMatchObject({
      type: "Attrs",
      bindings: [
        { path: ["name"], value: { type: "Str", parts: [evil] } },
        { path: ["list"], value: { type: "List", items: [{ type: "Int", value: 1n }, { type: "Select" }] } },
      ],
    });
    expect((e as Attrs).bindings).toHaveLength(2);
  });

  it("holes in attribute names, strings, indented strings and paths", () => {
    const key = "odd key.with dots";
    expect(nix`{ ${key} = 1; a.${key} = 2; }`).toMatchObject({ bindings: [{ path: [key] }, { path: ["a", key] }] });
    expect(nix`{ inherit ${key}; }`).toMatchObject({ bindings: [{ names: [key] }] });
    expect(nix`"hello ${"world"}!"`).toMatchObject({ type: "Str", parts: ["hello ", { type: "Str", parts: ["world"] }, "!"] });
    expect(nix`''
      run ${"x"}
    ''`).toMatchObject({ type: "IndStr", parts: ["run ", { type: "Str" }, "\n"] });
    expect(nix`./src/${"a b"}`).toMatchObject({ type: "Path", parts: ["./src/", { type: "Str" }] });
    expect(nix`x.${variable("k")}`).toMatchObject({ type: "Select", path: [{ type: "Var", name: "k" }] });
    expect(nix`f ${[1, 2]}`).toMatchObject({ type: "Apply", arg: { type: "List" } });
  });

  it("a syntax error points into the template", () => {
    let e: unknown;
    try {
      nix`{
        a = ${1};
        b = ;
      }`;
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(NixParseError);
    const pe = e as NixParseError;
    expect([pe.line, pe.column]).toEqual([3, 13]);
    expect(pe.message).toContain("b = ;");
    expect(pe.message.split("\n")[2]!.endsWith("^")).toBe(true);
  });

  it("reads the template raw", () => {
    expect(nix`"a\nb"`).toMatchObject({ parts: ["a\nb"] });
    expect(nix`"a\${b}"`).toMatchObject({ parts: ["a${b}"] });
  });
});

describe("pipes", () => {
  it("are rejected by default and parsed with { pipes: true }", () => {
    expect(err("a |> f").unexpected).toBe("'|>'");
    expect(parse("a |> f |> g", { pipes: true })).toMatchObject({
      type: "Binary",
      op: "|>",
      left: { type: "Binary", op: "|>" },
    });
    expect(parse("g <| f <| a", { pipes: true })).toMatchObject({
      type: "Binary",
      op: "<|",
      right: { type: "Binary", op: "<|" },
    });
    expect(parse("a + 1 |> f", { pipes: true })).toMatchObject({ op: "|>", left: { op: "+" } });
    expect(parse("a -> b |> f", { pipes: true })).toMatchObject({ op: "|>", left: { op: "->" } });
    expect(err("a |> f <| b", { pipes: true }).reason).toMatch(/cannot be mixed/);
    expect(parse("(a |> f) <| b", { pipes: true })).toMatchObject({ op: "<|" });
  });
});

describe("CLI", () => {
  const cli = fileURLToPath(new URL("../../packages/nix-ast/dist/cli.js", import.meta.url));
  it("nix-ast parse prints the AST as JSON; errors go to stderr with exit code 1", () => {
    const ok = spawnSync("node", [cli, "parse", "-"], { input: "{ a = 1; }", encoding: "utf8" });
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ type: "Attrs", bindings: [{ type: "Assign", path: ["a"] }] });
    const bad = spawnSync("node", [cli, "parse", "-"], { input: "{ a = ; }", encoding: "utf8" });
    expect(bad.status).toBe(1);
    expect(bad.stdout).toBe("");
    expect(bad.stderr).toContain("<stdin>:1:7: unexpected ';', expected an expression");
  });
});

/**
 * Indented strings, enumerated rather than sampled: the lexer's decisions about what belongs to the
 * opening `''`, which indentation is stripped, and which escapes apply depend on exact whitespace,
 * so every short combination is asked of Nix (seed-free, the same cases every run).
 */
function indentedStringCases(): string[] {
  const ws = [" ", "\t", "\n", "\r\n"];
  // Every sequence of up to three of them after the opening quotes.
  let layer = [""];
  const openings = [""];
  for (let n = 1; n <= 3; n++) {
    layer = layer.flatMap((o) => ws.map((w) => o + w));
    openings.push(...layer);
  }
  const bodies = ["", "a", " a", "\ta\n  b", "  a\n\tb\n", "''$x", "'''", "''\\t", "${\"x\"}", "$", "a''\\\n b", "  \n  a", "${x} b"];
  const closings = ["''", "\n''", "  ''", "\t''"];
  const out = new Set<string>();
  for (const o of openings) for (const b of bodies) for (const c of closings) out.add(`let x = "q"; in ''${o}${b}${c}`);
  return [...out];
}

describe.skipIf(!hasNix)("indented strings: every short combination of whitespace, escapes and content against Nix", () => {
  it("canonical form equals nix-instantiate --parse for each", () => {
    const cases = indentedStringCases();
    expect(cases.length).toBeGreaterThan(1000);
    const dir = mkdtempSync(nodePath.join(tmpdir(), "nix-ast-indstr-"));
    const files = cases.map((src, i) => {
      const f = nodePath.join(dir, `c${i}.nix`);
      writeFileSync(f, src);
      return f;
    });
    const theirs = nixParseFiles(files);
    const wrong: string[] = [];
    files.forEach((f, i) => {
      const ast = tryParse(cases[i]!);
      if (ast instanceof NixParseError) wrong.push(`${JSON.stringify(cases[i])}: we refuse it (${ast.message})`);
      else if (canonicalOf(f, ast) !== normalize(theirs[i]!)) wrong.push(`${JSON.stringify(cases[i])}: ours ${canonicalOf(f, ast)}, Nix ${theirs[i]}`);
    });
    expect(wrong).toEqual([]);
  });
});

/**
 * Every short path shape: a first token of each kind lexer.l has (`{PATH}` with and without a
 * trailing slash, `{PATH_SEG}` and `~/` before `${`, `{HPATH}`), then up to three
 * pieces of slash, path characters and interpolation, then a following character.
 */
function pathCases(): string[] {
  const starts = ["a/b", "a/b/", "./", "/a", "/", "~/a", "~/", "a/"];
  const pieces = ["/", "a", "${x}"];
  let mids = [""];
  const allMids = [""];
  const short: string[] = [];
  for (let n = 0; n < 3; n++) {
    if (n === 2) short.push(...allMids);
    mids = mids.flatMap((m) => pieces.map((p) => m + p));
    allMids.push(...mids);
  }
  // At the end of the file, every middle; before a non-path character (`$` without `{`, `~` that
  // may start a home path), the middles up to two pieces (one Nix process per case is slow).
  return starts.flatMap((s) => [
    ...allMids.map((m) => ({ src: `a: aa: x: ${s}${m}`, text: s + m })),
    ...short.flatMap((m) => [`a: aa: x: ${s}${m}$`, `a: aa: x: ${s}${m}~/a`].map((src) => ({ src, text: null }))),
  ]);
}

describe.skipIf(!hasNix)("paths: every short shape of pieces, interpolations and following characters against Nix", () => {
  it("same verdict, and the canonical form equals nix-instantiate --parse for each", { timeout: 300_000 }, async () => {
    const shapes = pathCases();
    const cases = shapes.map((c) => c.src);
    expect(cases).toContain("a: aa: x: a/b//${x}");
    const dir = mkdtempSync(nodePath.join(tmpdir(), "nix-ast-paths-"));
    const files = cases.map((src, i) => {
      const f = nodePath.join(dir, `c${i}.nix`);
      writeFileSync(f, src);
      return f;
    });
    const runs = await pool(files, 4, nixRun);
    const wrong: string[] = [];
    let accepted = 0;
    files.forEach((f, i) => {
      const src = cases[i]!;
      const ours = tryParse(src);
      const theirs = runs[i]!;
      if (theirs.error !== null) {
        if (!(ours instanceof NixParseError)) wrong.push(`${JSON.stringify(src)}: Nix rejects it (${theirs.error}), we accept it`);
        return;
      }
      accepted++;
      if (ours instanceof NixParseError) wrong.push(`${JSON.stringify(src)}: Nix accepts it, we refuse it (${ours.reason})`);
      // Every variable is bound (`a: aa: x: …`), so Nix printed a tree.
      else if (theirs.out === null) wrong.push(`${JSON.stringify(src)}: Nix printed no tree`);
      else if (canonicalOf(f, ours) !== normalize(theirs.out!)) wrong.push(`${JSON.stringify(src)}: ours ${canonicalOf(f, ours)}, Nix ${theirs.out}`);
      // The tree is valid for the schema too (which checks a path's shape with isPathShape).
      else if (!exprSchema.safeParse(ours).success) wrong.push(`${JSON.stringify(src)}: the schema refuses our tree`);
    });
    // isPathShape (schema, builders) says a path exactly where Nix parses the whole text as one path.
    shapes.forEach(({ src, text }, i) => {
      if (text === null) return;
      const ours = tryParse(src);
      let body: Expr | null = ours instanceof NixParseError ? null : ours;
      while (body?.type === "Lambda") body = body.body;
      const isPath = runs[i]!.error === null && body?.type === "Path";
      const parts = text.split("${x}").flatMap((t, j) => (j === 0 ? [t] : [ref("x"), t]));
      if (isPathShape(parts) !== isPath) wrong.push(`${JSON.stringify(text)}: isPathShape says ${!isPath}`);
    });
    expect(shapes.filter((c) => c.text !== null).length).toBeGreaterThan(300);
    expect(wrong).toEqual([]);
    // Both verdicts occur, so the comparison means something.
    expect(accepted).toBeGreaterThan(100);
    expect(cases.length - accepted).toBeGreaterThan(100);
  });
});
