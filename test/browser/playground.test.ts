/**
 * The playground (docs/playground) in real Chromium: built as `npm run playground` builds it,
 * served from loopback, driven through its controls. Its output must be what nix-ast gives in
 * Node, its errors what the CLI says.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { format, fromJsonText, print, printJson } from "nix-ast";
import { nixpkgsLib } from "nix-ast/testing";
import { chromiumOrSkip, serveStatic } from "./harness.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const CLI = join(ROOT, "packages/nix-ast/bin/nix-ast.js");

function nixFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".nix"))
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile())
    .sort();
}

/** The repository's own generated files always; nixpkgs' library when NIXPKGS_LIB is set. */
function corpus(): string[] {
  const own = nixFiles(join(ROOT, "test/bitpoll-flake/golden"));
  const lib = nixpkgsLib();
  if (lib === undefined) {
    console.warn("SKIPPED part of the playground corpus: nixpkgs' library (set NIXPKGS_LIB to format it in Chromium too)");
    return own;
  }
  return [...own, ...nixFiles(lib)];
}

let browser: Browser | undefined;
let server: { url: string; close: () => Promise<void> } | undefined;
let outDir: string | undefined;

beforeAll(async () => {
  browser = await chromiumOrSkip("playground in Chromium");
  if (browser === undefined) return;
  outDir = mkdtempSync(join(tmpdir(), "nix-ast-playground-"));
  const { buildPlayground } = (await import(join(ROOT, "docs/playground/build.mjs"))) as {
    buildPlayground: (out: string) => Promise<string>;
  };
  const dir = await buildPlayground(join(outDir, "site"));
  server = await serveStatic(dir);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (outDir !== undefined) rmSync(outDir, { recursive: true, force: true });
});

async function open(fragment = ""): Promise<Page> {
  const page = await browser!.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${server!.url}index.html${fragment}`);
  await page.waitForSelector("#output[data-state]");
  expect(errors).toEqual([]);
  return page;
}

/**
 * Puts a whole file into the input as a paste does: the value, then one `input` event. (Playwright's
 * `fill` goes through the editing pipeline, which takes seconds per 50 KB; small inputs use it.)
 */
async function paste(page: Page, text: string): Promise<void> {
  await page.$eval(
    "#input",
    (el, t) => {
      (el as HTMLTextAreaElement).value = t;
      el.dispatchEvent(new Event("input", { bubbles: true }));
    },
    text,
  );
}

const output = (page: Page) => page.$eval("#output", (el) => el.textContent ?? "");
const errorText = (page: Page) => page.$eval("#error-text", (el) => el.textContent ?? "");

describe("playground in Chromium", () => {
  it("its source type-checks under strict settings", () => {
    execFileSync(join(ROOT, "node_modules/.bin/tsc"), ["-p", join(ROOT, "docs/playground")], { stdio: "pipe" });
  });

  it("formats every file of the corpus exactly as format() does in Node", async ({ skip }) => {
    if (browser === undefined) return skip();
    const page = await open();
    const files = corpus();
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const src = readFileSync(file, "utf8");
      await paste(page, src);
      expect(await output(page), relative(ROOT, file)).toBe(format(src));
    }
    // Width and strict reach the formatter.
    await page.fill("#width", "60");
    await page.check("#strict");
    for (const file of files.slice(0, 8)) {
      const src = readFileSync(file, "utf8");
      await paste(page, src);
      expect(await output(page), relative(ROOT, file)).toBe(format(src, { width: 60, strict: true }));
    }
    await page.close();
  });

  it("shows a syntax error at the line and column the CLI gives, caret and mark included", async ({ skip }) => {
    if (browser === undefined) return skip();
    const page = await open();
    const cases = ["{\n  a = 1;\n  b = ;\n}\n", "let x = 1; in\n  [ x (y ]\n", "{ a = \"é\"; } }"];
    for (const src of cases) {
      const cli = spawnSync("node", [CLI, "parse", "-"], { input: src, encoding: "utf8" });
      expect(cli.status).toBe(1);
      const [, line, column, reason] = /^<stdin>:(\d+):(\d+): (.*)$/m.exec(cli.stderr) ?? [];
      expect(reason, cli.stderr).toBeDefined();
      await page.fill("#input", src);
      const shown = await page.$eval("#error", (el) => ({
        hidden: (el as HTMLElement).hidden,
        line: (el as HTMLElement).dataset["line"],
        column: (el as HTMLElement).dataset["column"],
      }));
      expect(shown).toEqual({ hidden: false, line, column });
      const text = await errorText(page);
      // Same message and the same excerpt with its caret (only the file name differs).
      expect(text).toBe(cli.stderr.trimEnd().replace(/^<stdin>:/, "<input>:"));
      // The mark in the source sits where line and column point.
      const lines = src.split("\n");
      const offset = lines.slice(0, Number(line) - 1).reduce((n, l) => n + l.length + 1, 0) + Number(column) - 1;
      const before = await page.$eval("#backdrop", (el) => (el.firstChild?.textContent ?? ""));
      expect(before).toBe(src.slice(0, offset));
      expect(await output(page)).toBe("");
    }
    await page.close();
  });

  it("converts JSON as from-json does, with the CLI's refusals", async ({ skip }) => {
    if (browser === undefined) return skip();
    const page = await open();
    await page.check("#mode-json");
    const good = ['{"a": [1, 2.0, -0.5, "x${y}"], "b c": {"d": null, "e": true}}', "[]", '"é\\n"'];
    for (const json of good) {
      await page.fill("#input", json);
      expect(await output(page)).toBe(print(fromJsonText(json)));
      expect(await output(page)).toBe(printJson(json));
    }
    const bad = ["[1, 2,]", '{"x": 1e400}', '"\\u0000"', '{"a": [1, {"b": NaN}]}', "123456789012345678901234567890", ""];
    for (const json of bad) {
      const cli = spawnSync("node", [CLI, "from-json", "-"], { input: json, encoding: "utf8" });
      expect(cli.status, json).toBe(2);
      await page.fill("#input", json);
      expect(await errorText(page), json).toBe(cli.stderr.trimEnd().replace(/^nix-ast: /, ""));
    }
    await page.close();
  });

  it("restores its whole state from the URL fragment after a reload", async ({ skip }) => {
    if (browser === undefined) return skip();
    const page = await open();
    const src = '{ greeting = "grüße ${name}"; list = [ 1 2 3 ]; }';
    await page.fill("#width", "40");
    await page.check("#strict");
    await page.fill("#input", src);
    const before = await output(page);
    expect(before).toBe(format(src, { width: 40, strict: true }));
    const url = page.url();
    expect(url).toContain("#");
    const again = await open(url.slice(url.indexOf("#")));
    expect(await again.inputValue("#input")).toBe(src);
    expect(await again.inputValue("#width")).toBe("40");
    expect(await again.isChecked("#strict")).toBe(true);
    expect(await output(again)).toBe(before);
    await again.reload();
    await again.waitForSelector("#output[data-state]");
    expect(await again.inputValue("#input")).toBe(src);
    await page.close();
    await again.close();
  });

  it("marks a node's span when it is selected from the keyboard", async ({ skip }) => {
    if (browser === undefined) return skip();
    const page = await open();
    const src = "{ a = 1; b = [ x y ]; }\n";
    await page.fill("#input", src);
    await page.focus("#ast-panel > summary");
    await page.keyboard.press("Enter"); // opens the AST panel
    await page.waitForSelector("#ast summary.has-span");
    // Walk the tree with Tab, opening each closed node with Enter, and collect what gets marked.
    const marks: string[] = [];
    for (let i = 0; i < 120 && !marks.includes("[ x y ]"); i++) {
      await page.keyboard.press("Tab");
      const at = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        return {
          summary: el?.tagName === "SUMMARY" && el.closest("#ast") !== null,
          open: (el?.parentElement as HTMLDetailsElement | null)?.open ?? false,
          span: el?.dataset["start"] !== undefined,
          mark: document.querySelector("#backdrop mark")?.textContent ?? null,
        };
      });
      if (at.span && at.mark !== null) marks.push(at.mark);
      if (at.summary && !at.open) await page.keyboard.press("Enter");
    }
    expect(marks[0]).toBe(src.trimEnd());
    expect(marks).toContain("[ x y ]");
    await page.close();
  });

  it("fits a phone's width without sideways scrolling", async ({ skip }) => {
    if (browser === undefined) return skip();
    const page = await browser!.newPage({ viewport: { width: 375, height: 740 } });
    await page.goto(`${server!.url}index.html`);
    await page.waitForSelector("#output[data-state]");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.close();
  });
});
