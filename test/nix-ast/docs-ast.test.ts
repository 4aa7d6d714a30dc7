import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { NODE_KINDS, astFromJson, print } from "nix-ast";

// docs/ast.md promises one example per node kind: a JSON AST and the Nix `nix-ast print` makes of
// it. This keeps the page honest: every example is validated by the schema and printed.
const page = readFileSync(fileURLToPath(new URL("../../docs/ast.md", import.meta.url)), "utf8");

interface Example {
  readonly kind: string;
  readonly json: string;
  readonly nix: string;
}

function examples(): Example[] {
  const out: Example[] = [];
  const sections = page.split(/^### /m).slice(1);
  for (const sec of sections) {
    const kind = sec.slice(0, sec.indexOf("\n")).trim();
    const json = /```json\n([\s\S]*?)```/.exec(sec);
    if (!json) continue;
    const rest = sec.slice((json.index ?? 0) + json[0].length);
    // The printed form is either a ```nix block or an inline `code` span opening the next line.
    const block = /^\s*```nix\n([\s\S]*?)```/.exec(rest);
    const inline = /^\s*`([^`]+)`/.exec(rest);
    const nix = block ? block[1]! : inline ? `${inline[1]!}\n` : "";
    out.push({ kind, json: json[1]!, nix });
  }
  return out;
}

describe("docs/ast.md", () => {
  const all = examples();

  it("has one example for every node kind", () => {
    expect(all.map((e) => e.kind).sort()).toEqual([...NODE_KINDS].sort());
  });

  it.each(all.map((e) => [e.kind, e] as const))("%s: the JSON is valid and prints as documented", (_k, e) => {
    const ast = astFromJson(JSON.parse(e.json));
    expect(print(ast)).toBe(e.nix);
  });
});
