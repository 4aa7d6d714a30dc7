/**
 * Doc tests: every ```ts block of README.md and docs/*.md compiles as a user's module would, under
 * `strict`, `noUncheckedIndexedAccess` and `exactOptionalPropertyTypes` against the built
 * declarations (`dist/`, as a consumer sees them), and runs (through tsx, against the built
 * packages) unless it is marked `no-run`. A snippet that stops compiling or throws fails here.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { examples } from "./extract.js";
import { USER_TSCONFIG, tscOutput } from "../user-tsconfig.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const dir = join(root, "test/docs/.examples");
const all = examples(root);

/** The compiler's messages, by example file. */
const diagnostics = new Map<string, string[]>();

beforeAll(() => {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // Inside the repository, so that `nix-ast` and `bitpoll-flake` resolve to the workspace packages
  // (their package.json `exports`, i.e. the built dist/) exactly as in a user's project.
  writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module" }));
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ ...USER_TSCONFIG, include: ["*.ts"] }, null, 2));
  for (const ex of all) writeFileSync(join(dir, ex.file), `${ex.code}\nexport {};\n`);
  const out = tscOutput(dir);
  for (const line of out.split("\n")) {
    const m = /^([^(]+)\((\d+),(\d+)\): (.*)$/.exec(line.trim());
    if (!m) continue;
    const list = diagnostics.get(m[1]!) ?? [];
    list.push(`${m[2]}:${m[3]} ${m[4]}`);
    diagnostics.set(m[1]!, list);
  }
}, 180_000);

describe("documentation examples", () => {
  it("there are examples on the pages that promise them", () => {
    expect(all.filter((e) => e.id.startsWith("README.md")).length).toBeGreaterThanOrEqual(3);
    expect(all.filter((e) => e.id.startsWith("docs/builders.md")).length).toBeGreaterThanOrEqual(3);
  });

  it.each(all.map((e) => [e.id, e] as const))("%s compiles under strict user settings", (_id, ex) => {
    expect(diagnostics.get(ex.file) ?? [], `${ex.id} (line ${ex.line})`).toEqual([]);
  });

  // One tsx process imports every runnable example in turn (a process each would cost seconds).
  const runnable = all.filter((e) => e.run);
  let results: Record<string, string | null> | undefined;
  const run = (): Record<string, string | null> => {
    if (results !== undefined) return results;
    const runner = join(dir, "run-examples.ts");
    writeFileSync(
      runner,
      `const out: Record<string, string | null> = {};
for (const f of ${JSON.stringify(runnable.map((e) => e.file))}) {
  try { await import("./" + f); out[f] = null; } catch (e) { out[f] = String((e as Error)?.stack ?? e); }
}
process.stdout.write("\\n@@RESULTS@@" + JSON.stringify(out));
export {};
`,
    );
    const tsx = join(root, "node_modules/tsx/dist/cli.mjs");
    const out = execFileSync(process.execPath, [tsx, runner], { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    results = JSON.parse(out.slice(out.lastIndexOf("@@RESULTS@@") + "@@RESULTS@@".length)) as Record<string, string | null>;
    return results;
  };
  it.each(runnable.map((e) => [e.id, e] as const))("%s runs", (_id, ex) => {
    expect(run()[ex.file], `${ex.id} (line ${ex.line})`).toBeNull();
  });
});
