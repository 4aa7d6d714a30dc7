/**
 * Golden tests: the full generated tree, for the default configuration and for a customised one,
 * compared file by file with `golden/<case>/`. `UPDATE_GOLDEN=1` rewrites the expected trees.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { bitpollFlake, loadConfig } from "bitpoll-flake";
import { GOLDEN, listFiles } from "./helpers.js";

const CASES = {
  default: () => bitpollFlake(),
  custom: () => bitpollFlake(loadConfig(new URL("./fixtures/custom.json", import.meta.url).pathname)),
} as const;

const update = process.env.UPDATE_GOLDEN === "1";

describe.each(Object.entries(CASES))("golden tree %s", (name, make) => {
  const dir = join(GOLDEN, name);
  const tree = make().files();

  if (update) {
    rmSync(dir, { recursive: true, force: true });
    for (const [path, f] of tree.files) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), f.text);
    }
  }

  it("has exactly the expected files", () => {
    expect([...tree.files.keys()].sort()).toEqual(listFiles(dir));
  });

  it.each([...tree.files.keys()])("%s matches the golden copy", (path) => {
    expect(tree.files.get(path)!.text).toBe(readFileSync(join(dir, path), "utf8"));
  });
});
