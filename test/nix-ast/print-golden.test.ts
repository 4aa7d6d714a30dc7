import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { print } from "nix-ast";
import { CASES } from "./print-cases.js";
import { nixParse } from "./print-helpers.js";

const dir = fileURLToPath(new URL("./golden/", import.meta.url));
const update = process.env.UPDATE_GOLDEN === "1";

describe("printer goldens", () => {
  for (const c of CASES) {
    it(c.name, () => {
      const out = print(c.ast, c.width === undefined ? {} : { width: c.width });
      const file = `${dir}${c.name}.nix`;
      if (update || !existsSync(file)) writeFileSync(file, out);
      expect(out).toBe(readFileSync(file, "utf8"));
      // Faithful: real Nix reads the same tree as the hand-written reference.
      expect(nixParse(out)).toBe(nixParse(c.ref));
      // Layout invariants: no trailing spaces, no tabs added, final newline, idempotent width rule.
      expect(out.endsWith("\n")).toBe(true);
      expect(out).not.toMatch(/[ ]+\n/);
    });
  }
});
