/**
 * Checked constructors: the lowest layer of builders. Each validates what the type system cannot
 * (identifier syntax, keywords, path syntax, int64 range) and throws {@link NixBuildError} naming the
 * offending value. Everything above (`attrs`, `fn`, refs, `fromValue`) goes through these.
 *
 * @module
 */
import {
  INT64_MAX,
  INT64_MIN,
  isIdentifier,
  isPathLiteral,
  isSearchPath,
  isUri,
  isWellFormedText,
} from "../ast/lexical.js";
import type {
  AttrName,
  Binding,
  Expr,
  Formal,
  FormalsParam,
  StrPart,
} from "../ast/nodes.js";
import { mergeTextParts } from "../ast/nodes.js";
import { NixBuildError } from "../errors.js";

/** Throws unless `name` is a valid Nix identifier that is not a keyword. */
export function checkIdentifier(name: string, what = "identifier"): string {
  if (!isIdentifier(name)) {
    throw new NixBuildError(
      `invalid ${what} ${JSON.stringify(name)}: expected [a-zA-Z_][a-zA-Z0-9_'-]* and not a keyword`,
      name,
    );
  }
  return name;
}

/** Throws on text Nix cannot hold (NUL) or JS strings that are not valid Unicode. */
export function checkText(text: string): string {
  if (text.includes("\0")) throw new NixBuildError("Nix strings cannot contain NUL", text);
  if (!isWellFormedText(text)) {
    throw new NixBuildError(`string ${JSON.stringify(text)} has an unpaired surrogate`, text);
  }
  return text;
}

/** Checks every text part (no NUL, valid Unicode), then merges them (see {@link mergeTextParts}). */
export function normalizeParts(parts: readonly StrPart[]): StrPart[] {
  for (const p of parts) if (typeof p === "string") checkText(p);
  return mergeTextParts(parts);
}

/** An integer literal; must fit in a signed 64-bit integer. */
export function int(value: number | bigint): Expr {
  if (typeof value === "number" && !Number.isSafeInteger(value)) {
    throw new NixBuildError(`${value} is not a safe integer; pass a bigint`, value);
  }
  const v = BigInt(value);
  if (v > INT64_MAX || v < INT64_MIN) {
    throw new NixBuildError(`${v} does not fit in a Nix 64-bit integer`, value);
  }
  return { type: "Int", value: v };
}

/** A float literal; must be finite. */
export function float(value: number): Expr {
  if (!Number.isFinite(value)) throw new NixBuildError(`${value} has no Nix float form`, value);
  return { type: "Float", value };
}

/** A double-quoted string from parts (text is the value; it is escaped on output). */
export function strParts(parts: readonly StrPart[]): Expr {
  return { type: "Str", parts: normalizeParts(parts) };
}

/** An indented string `''…''` from parts (text is the value after indentation stripping). */
export function indStrParts(parts: readonly StrPart[]): Expr {
  return { type: "IndStr", parts: normalizeParts(parts) };
}

/** A variable reference. `true`, `false`, `null` and builtins like `builtins` are fine. */
export function variable(name: string): Expr {
  return { type: "Var", name: checkIdentifier(name, "variable name") };
}

/**
 * A path literal from parts: text parts are literal path characters, expressions are interpolated.
 * Rejects what Nix cannot lex as one path (spaces, trailing slash, `//`, an interpolation not
 * preceded by a slash-containing prefix).
 */
export function pathParts(parts: readonly StrPart[]): Expr {
  const norm = normalizeParts(parts);
  const first = norm[0];
  if (typeof first !== "string") {
    throw new NixBuildError("a path must start with literal text such as ./ or /", parts);
  }
  if (norm.length === 1) {
    if (!isPathLiteral(first)) throw new NixBuildError(`malformed path ${JSON.stringify(first)}`, first);
    return { type: "Path", parts: norm };
  }
  // Nix lexes `prefix${e}rest` as one path only when the whole, with each interpolation read as
  // one path character, is a path literal (so the prefix holds a slash, nothing ends in `/`).
  const shape = norm.map((p) => (typeof p === "string" ? p : "x")).join("");
  if (!isPathLiteral(shape)) {
    throw new NixBuildError(
      `malformed interpolated path ${JSON.stringify(norm.map((p) => (typeof p === "string" ? p : "${…}")).join(""))}`,
      parts,
    );
  }
  return { type: "Path", parts: norm };
}

/** A search path `<nixpkgs/lib>`. */
export function searchPath(path: string): Expr {
  if (!isSearchPath(path)) throw new NixBuildError(`malformed search path <${path}>`, path);
  return { type: "SearchPath", path };
}

/** A URI literal (deprecated in Nix; prefer a string). */
export function uri(value: string): Expr {
  if (!isUri(value)) throw new NixBuildError(`malformed URI literal ${JSON.stringify(value)}`, value);
  return { type: "Uri", value };
}

/** Validates a static attribute name: any text but NUL or lone surrogates. */
export function attrName(name: AttrName): AttrName {
  if (typeof name === "string") checkText(name);
  return name;
}

/** Throws when a set of bindings defines the same static first name twice in an incompatible way. */
export function checkBindings(bindings: readonly Binding[], inLet: boolean): readonly Binding[] {
  const seen = new Map<string, "leaf" | "nested">();
  const claim = (name: string, kind: "leaf" | "nested") => {
    const prev = seen.get(name);
    if (prev !== undefined && (prev === "leaf" || kind === "leaf")) {
      throw new NixBuildError(`attribute ${JSON.stringify(name)} is defined twice`, name);
    }
    seen.set(name, kind);
  };
  for (const b of bindings) {
    if (b.type === "Inherit") {
      for (const n of b.names) claim(n, "leaf");
      continue;
    }
    const [head, ...rest] = b.path;
    if (typeof head !== "string") {
      if (inLet) throw new NixBuildError("dynamic attributes are not allowed in let", head);
      continue;
    }
    if (inLet && b.path.some((p) => typeof p !== "string")) {
      throw new NixBuildError("dynamic attributes are not allowed in let", b.path);
    }
    claim(head, rest.length > 0 ? "nested" : "leaf");
  }
  return bindings;
}

/** A set-pattern parameter. */
export function formalsParam(
  formals: readonly Formal[],
  options: { ellipsis?: boolean; bind?: string; bindPosition?: "before" | "after" } = {},
): FormalsParam {
  const seen = new Set<string>();
  for (const f of formals) {
    checkIdentifier(f.name, "formal parameter");
    if (seen.has(f.name)) throw new NixBuildError(`duplicate formal ${f.name}`, f.name);
    seen.add(f.name);
  }
  if (options.bind !== undefined) {
    checkIdentifier(options.bind, "@-pattern name");
    if (seen.has(options.bind)) {
      throw new NixBuildError(`@-pattern name ${options.bind} duplicates a formal`, options.bind);
    }
  }
  return {
    type: "FormalsParam",
    formals,
    ellipsis: options.ellipsis ?? false,
    ...(options.bind !== undefined
      ? { bind: { name: options.bind, position: options.bindPosition ?? "after" } }
      : {}),
  };
}
