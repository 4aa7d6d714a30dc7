/**
 * Typed errors. Every error the library raises on bad input is a {@link NixAstError} subclass that
 * says where the problem is: a JSON path into a value (`$.services[2].port`) or a source position.
 *
 * @module
 */

/** Base class of every error nix-ast raises on bad input. */
export class NixAstError extends Error {
  override readonly name: string = "NixAstError";
}

/** A node could not be built: an invalid identifier, a keyword misused, a malformed path, … */
export class NixBuildError extends NixAstError {
  override readonly name = "NixBuildError";
  constructor(
    message: string,
    /** The offending value. */
    readonly value?: unknown,
  ) {
    super(message);
  }
}

/** A JS value has no faithful Nix form (NaN, an int beyond int64, a NUL character, a cycle, …). */
export class NixValueError extends NixAstError {
  override readonly name = "NixValueError";
  constructor(
    /** What is wrong, without the location. */
    readonly reason: string,
    /** JSON path of the offending value, such as `$.services[2].port`. */
    readonly path: string,
  ) {
    super(`${path}: ${reason}`);
  }
}

/** An AST given as JSON does not match the schema; `issues` name JSON paths. */
export class NixSchemaError extends NixAstError {
  override readonly name = "NixSchemaError";
  constructor(readonly issues: readonly { readonly path: string; readonly message: string }[]) {
    super(issues.map((i) => `${i.path}: ${i.message}`).join("\n"));
  }
}

/** The printer met a tree it cannot print faithfully (e.g. a pipe operator without `pipes`). */
export class NixPrintError extends NixAstError {
  override readonly name = "NixPrintError";
}

/** Renders a JSON path from its segments: `$`, `.key` or `["odd key"]`, `[3]`. */
export function jsonPath(segments: readonly (string | number)[]): string {
  let out = "$";
  for (const s of segments) {
    if (typeof s === "number") out += `[${s}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(s)) out += `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}
