/**
 * Runs the parser. Its direct twin (`parser.direct.ts`, made by scripts/direct-twins.mjs from
 * `parser.ts`: the same code with plain calls where `parser.ts` has generators) goes first: it
 * builds the same tree about a sixth faster (docs/parser.md, "Depth"). It nests on the JS call
 * stack, a few thousand levels deep at most; input that nests deeper (or a caller already deep in
 * its own stack) makes it fail with the engine's stack overflow, which this catches, and then
 * `parser.ts`, whose nesting lives on an explicit stack, parses the input again from the start.
 *
 * Nothing of the failed attempt survives it: the retry has a new parser and lexer, and a caller
 * that collects tokens (`onToken`) is told to start over (`onRestart`). A {@link NixParseError} is
 * the same from both (they read the same tokens in the same order): it is not retried.
 *
 * @module
 */
import type { Expr } from "../ast/nodes.js";
import { NixParseError, errorAt } from "./errors.js";
import { Parser } from "./parser.js";
import type { InternalParseOptions } from "./parser.js";
import { Parser as DirectParser } from "./parser.direct.js";

/** Options of {@link parseWith}: the parser's, and a restart signal for token collectors. */
export interface DriverOptions extends InternalParseOptions {
  /** Called before the input is parsed again from the start (see the module documentation). */
  readonly onRestart?: () => void;
}

/**
 * Parses Nix source into the AST.
 *
 * @throws {@link NixParseError} on invalid input, and nothing else.
 */
export function parseWith(source: string, opts: DriverOptions): Expr {
  try {
    try {
      return new DirectParser(source, opts).parse() as Expr;
    } catch (e) {
      if (e instanceof NixParseError) throw e;
      // A stack overflow (a RangeError in V8 and Safari, an InternalError in Firefox), or anything
      // else: the explicit-stack parser answers (and throws again what is not about depth).
      opts.onRestart?.();
      return new Parser(source, opts).parse();
    }
  } catch (e) {
    if (e instanceof RangeError) {
      // Out of memory for strings/arrays, or of stack for a caller already deep in its own: report
      // it as a parse error rather than crash the caller, with the RangeError as its cause (so that
      // a caller that takes parse errors for "no", as the formatter's facts do, can tell).
      throw Object.assign(errorAt(source, 0, opts.file, "input", [], `input too large: ${e.message}`), { cause: e });
    }
    throw e;
  }
}
