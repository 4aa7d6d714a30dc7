/**
 * The ```ts blocks of README.md and docs/*.md, as TypeScript modules. A block whose info string
 * says `continued` extends the block before it on the same page (compiled as one module); a block
 * marked `no-run` is compiled but not run (it writes files or needs a host).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface Example {
  /** `README.md#2`, `docs/builders.md#1`: page and block number. */
  readonly id: string;
  /** A file name for the module. */
  readonly file: string;
  readonly code: string;
  readonly run: boolean;
  /** The line of the block in its page. */
  readonly line: number;
}

export function pages(root: string): string[] {
  return ["README.md", ...readdirSync(join(root, "docs")).filter((f) => f.endsWith(".md")).sort().map((f) => `docs/${f}`)];
}

export function examples(root: string): Example[] {
  const out: Example[] = [];
  for (const page of pages(root)) {
    const text = readFileSync(join(root, page), "utf8");
    const re = /^```ts([^\n]*)\n([\s\S]*?)^```/gm;
    let n = 0;
    let prev: Example | undefined;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const info = m[1]!.trim().split(/\s+/);
      n++;
      const line = text.slice(0, m.index).split("\n").length;
      const code = info.includes("continued") && prev !== undefined ? `${prev.code}\n${m[2]!}` : m[2]!;
      const ex: Example = {
        id: `${page}#${n}`,
        file: `${page.replace(/[/.]/g, "_")}_${n}.ts`,
        code,
        run: !info.includes("no-run"),
        line,
      };
      out.push(ex);
      prev = ex;
    }
  }
  return out;
}
