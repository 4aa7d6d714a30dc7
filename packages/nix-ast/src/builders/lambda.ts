/**
 * JS functions as Nix lambdas: the parameter names are read from the function's own source, so
 * `(ps) => [ps.django]` becomes `ps: [ ps.django ]` and `({ lib, pkgs, ... }) => …` becomes
 * `{ lib, pkgs, ... }: …`.
 *
 * @module
 */
import type { Expr, Formal, FormalsParam, IdentParam } from "../ast/nodes.js";
import { NixBuildError } from "../errors.js";
import { checkIdentifier, formalsParam } from "./nodes.js";
import { ref, type Ref } from "./ref.js";

type Fn = (...args: Ref[]) => unknown;

/** The parameter list of a JS function's source, or undefined if it cannot be read. */
function paramSource(f: Fn): string | undefined {
  const src = Function.prototype.toString.call(f).trim();
  const arrowBare = /^(?:async\s+)?([A-Za-z_$][\w$]*)\s*=>/.exec(src);
  if (arrowBare) return arrowBare[1];
  const paren = /^(?:async\s+)?(?:function\s*\*?\s*[\w$]*\s*)?\(/.exec(src);
  if (!paren) return undefined;
  // Find the matching close parenthesis, skipping nested braces (destructuring).
  let depth = 0;
  for (let i = paren[0].length - 1; i < src.length; i++) {
    const ch = src[i];
    if (ch === "(" || ch === "{" || ch === "[") depth++;
    else if (ch === ")" || ch === "}" || ch === "]") {
      depth--;
      if (depth === 0) return src.slice(paren[0].length, i);
    }
  }
  return undefined;
}

/** Builds the Nix parameter for a JS function: one name, or a set pattern from `({ a, b, ...r })`. */
export function paramOf(f: Fn): IdentParam | FormalsParam {
  const params = paramSource(f)?.trim();
  if (params === undefined || params === "") {
    throw new NixBuildError(
      "cannot read the parameter of this function; pass a name explicitly with fn(name, body)",
      f,
    );
  }
  const set = /^\{([^{}]*)\}$/.exec(params);
  if (set) {
    const formals: Formal[] = [];
    let ellipsis = false;
    for (const raw of (set[1] ?? "").split(",")) {
      const item = raw.trim();
      if (item === "") continue;
      if (item.startsWith("...")) {
        ellipsis = true;
        continue;
      }
      if (/[=:]/.test(item)) {
        throw new NixBuildError(
          `JS defaults or renames (${item}) have no Nix form here; use fn(formals({...}), body)`,
          f,
        );
      }
      formals.push({ name: checkIdentifier(item, "formal parameter") });
    }
    return formalsParam(formals, { ellipsis });
  }
  if (!/^[A-Za-z_$][\w$]*$/.test(params)) {
    throw new NixBuildError(`a Nix lambda takes one parameter, this function takes (${params})`, f);
  }
  return { type: "IdentParam", name: checkIdentifier(params, "lambda parameter") };
}

/** The references a JS body function receives for a Nix parameter. */
export function argsFor(param: IdentParam | FormalsParam): Ref {
  if (param.type === "IdentParam") return ref(param.name);
  // A set pattern: hand the function an object of references, one per formal.
  const obj: Record<string, Ref> = {};
  for (const f of param.formals) obj[f.name] = ref(f.name);
  if (param.bind) obj[param.bind.name] = ref(param.bind.name);
  return obj as unknown as Ref;
}

/** Converts a JS function into a lambda node, using `convert` for its result. */
export function lambdaFromFunction(f: Fn, convert: (v: never) => Expr): Expr {
  const param = paramOf(f);
  const body = convert(f(argsFor(param)) as never);
  return { type: "Lambda", param, body };
}
