import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const src = (p: string) => fileURLToPath(new URL(`./packages/${p}`, import.meta.url));

// Tests run against the TypeScript sources; the CLI tests run the built `dist/` (`pretest` builds).
export default defineConfig({
  resolve: {
    alias: [
      { find: /^nix-ast\/testing$/, replacement: src("nix-ast/src/testing/index.ts") },
      { find: /^nix-ast\/nixos$/, replacement: src("nix-ast/src/nixos/index.ts") },
      { find: /^nix-ast\/edit$/, replacement: src("nix-ast/src/edit/index.ts") },
      { find: /^nix-ast\/prettier$/, replacement: src("nix-ast/src/prettier/index.ts") },
      { find: /^nix-ast$/, replacement: src("nix-ast/src/index.ts") },
      { find: /^bitpoll-flake$/, replacement: src("bitpoll-flake/src/index.ts") },
    ],
  },
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    setupFiles: ["test/setup.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Two cores here: forks keep memory per suite bounded.
    pool: "forks",
  },
});
