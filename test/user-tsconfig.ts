/**
 * The compiler settings of a strict user's project (`strict`, `noUncheckedIndexedAccess`,
 * `exactOptionalPropertyTypes`), under which the doc examples and the compile-time tests of the
 * typed API are checked, and a way to run `tsc` on such a project.
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../", import.meta.url));

export const USER_TSCONFIG = {
  compilerOptions: {
    target: "ES2022",
    module: "NodeNext",
    moduleResolution: "NodeNext",
    lib: ["ES2023"],
    types: ["node"],
    strict: true,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    noEmit: true,
    skipLibCheck: true,
  },
};

/** Runs `tsc -p dir --pretty false`; its output (empty when the project compiles). */
export function tscOutput(dir: string): string {
  const tsc = join(root, "node_modules/typescript/bin/tsc");
  try {
    execFileSync(process.execPath, [tsc, "-p", dir, "--pretty", "false"], { cwd: dir, encoding: "utf8" });
    return "";
  } catch (e) {
    return String((e as { stdout?: string }).stdout ?? e);
  }
}
