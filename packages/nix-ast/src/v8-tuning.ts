/**
 * V8 settings of the commands (`cli.ts`), kept apart so that the benchmarks measure a cold parse
 * as a command runs it.
 *
 * @module
 */
import { setFlagsFromString } from "node:v8";

/**
 * The V8 flags {@link shortLived} sets: a 60x higher tier-up budget than V8's default (67,584).
 */
export const COMMAND_V8_FLAGS = "--interrupt-budget=4000000";

/**
 * Tunes V8 for commands that run the parser and printer over a few MB at most: V8's optimising
 * compiler (TurboFan) then costs more than it saves (it compiles hundreds of functions, and
 * recompiles them after deoptimisations, for code that runs a few thousand times). A 60x higher
 * tier-up budget leaves it only the hottest functions. Measured over nixpkgs' library (285 files),
 * `fmt --check` whole process: 3.4 s CPU before, 1.5 s after; on the library as one 4.5 MB file
 * 4.2 s before, 3.1 s after (docs/formatter.md). Only V8's choice of what to compile changes;
 * programs that call `format` or `parse` keep V8's defaults.
 */
export function shortLived(): void {
  setFlagsFromString(COMMAND_V8_FLAGS);
}

/**
 * Whether the command `name` (the first argument of `nix-ast`) is one {@link shortLived} tunes: the
 * commands that parse or format a few files (`fmt`, `edit`, `get`). The bundled command line sets
 * the flags before its code is compiled (`code-cache.ts`: V8 refuses a code cache made under other
 * flags).
 */
export function isShortLived(name: string | undefined): boolean {
  return name === "fmt" || name === "edit" || name === "get";
}
