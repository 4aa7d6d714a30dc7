/**
 * Printer goldens: each case of print-cases.ts prints exactly as `golden/<name>.nix`, and real Nix
 * reads that text as the same tree as the hand-written reference. A missing golden fails; only an
 * explicit `UPDATE_GOLDEN=1` (re)writes goldens, and then the run still compares against them.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { print } from "nix-ast";
import { requireNix } from "../require-tool.js";
import { CASES } from "./print-cases.js";
import { nixParse } from "./print-helpers.js";

const dir = fileURLToPath(new URL("./golden/", import.meta.url));
const update = process.env.UPDATE_GOLDEN === "1";
const hasNix = requireNix("the printer goldens' check that Nix reads each golden as its reference");

describe("printer goldens", () => {
  for (const c of CASES) {
    it(c.name, () => {
      const out = print(c.ast, c.width === undefined ? {} : { width: c.width });
      const file = `${dir}${c.name}.nix`;
      if (update) writeFileSync(file, out);
      expect(existsSync(file), `${file} is missing: UPDATE_GOLDEN=1 writes it`).toBe(true);
      expect(out).toBe(readFileSync(file, "utf8"));
      // Layout invariants: final newline, no trailing spaces.
      expect(out.endsWith("\n")).toBe(true);
      expect(out).not.toMatch(/[ ]+\n/);
    });
  }
});

describe.skipIf(!hasNix)("printer goldens read by real Nix", () => {
  for (const c of CASES) {
    it(c.name, () => {
      const out = print(c.ast, c.width === undefined ? {} : { width: c.width });
      // Faithful: real Nix reads the same tree as the hand-written reference.
      expect(nixParse(out)).toBe(nixParse(c.ref));
    });
  }
});
