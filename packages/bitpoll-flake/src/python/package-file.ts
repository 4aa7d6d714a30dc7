/**
 * One Python package as a nixpkgs-style file: a function of its dependencies that
 * `python.pkgs.callPackage` can take, returning `buildPythonPackage rec { … }`. Written the way
 * `pkgs/development/python-modules/<name>/default.nix` is, so each could be proposed upstream.
 *
 * @module
 */
import type { Expr } from "nix-ast";
import { attrs, bind, call, comment, fn, ind, inherit, list, ref, refs, select, str } from "nix-ast";
import { spacedAttrs } from "../layout.js";
import type { PythonPin, Source } from "../pins.js";
import type { EnvVar, PythonRecipe } from "./recipes.js";

/** `lib.fakeHash` when the hash is unknown (the generator warns about it), else the hash. */
export function hashExpr(hash: string | null): Expr {
  return hash === null
    ? comment(select(ref("lib"), "fakeHash"), "Unknown hash: build once and copy the \"got:\" value here.")
    : str(hash);
}

/** The fetcher a source needs, as the name of a package-set attribute. */
export function fetcherOf(source: Source): "fetchFromGitHub" | "fetchPypi" {
  return source.type === "github" ? "fetchFromGitHub" : "fetchPypi";
}

/** The `src = …` expression of a Python package. */
export function srcExpr(source: Source, pname: string): Expr {
  if (source.type === "github") {
    return call(
      ref("fetchFromGitHub"),
      attrs({ owner: source.owner, repo: source.repo, rev: source.rev, hash: hashExpr(source.hash) }),
    );
  }
  // fetchPypi builds the URL from the sdist's own name, which may differ from the pname
  // (`django_token_bucket-0.2.4.tar.gz` for django-token-bucket).
  return call(
    ref("fetchPypi"),
    attrs({
      ...(source.pname === pname ? inherit("pname", "version") : { pname: source.pname, ...inherit("version") }),
      hash: hashExpr(source.hash),
    }),
  );
}

function envBindings(env: readonly EnvVar[], source: Source) {
  return env
    .filter((v) => v.onlyFor === undefined || v.onlyFor === source.type)
    .map((v) => bind(["env", v.name], comment(v.value === "@version@" ? ref("version") : str(v.value), v.why)));
}

/** The module name of the import check's settings (see {@link PythonRecipe.importCheckSettings}). */
export const IMPORT_CHECK_SETTINGS_MODULE = "nix_import_check_settings";

/**
 * `postInstall` writing the import check's settings module outside `$out` and putting it on
 * `PYTHONPATH`, and `env.DJANGO_SETTINGS_MODULE` naming it. nixpkgs' pythonImportsCheckPhase runs
 * after the install phase in the same shell, so it sees both
 * (pkgs/development/interpreters/python/hooks/python-imports-check-hook.sh).
 */
function importCheckSettings(recipe: PythonRecipe) {
  if (recipe.importCheckSettings === undefined) return [];
  const dir = "$TMPDIR/import-check";
  const lines = recipe.importCheckSettings.trimEnd().split("\n");
  return [
    bind(
      ["env", "DJANGO_SETTINGS_MODULE"],
      comment(str(IMPORT_CHECK_SETTINGS_MODULE), "The import check loads modules that read Django settings beyond Django's defaults."),
    ),
    bind(
      "postInstall",
      ind`
        mkdir -p "${dir}"
        ${lines.map((l) => `echo ${shellQuote(l)} >> "${dir}/${IMPORT_CHECK_SETTINGS_MODULE}.py"`).join("\n")}
        export PYTHONPATH="${dir}\${PYTHONPATH:+:$PYTHONPATH}"
      `,
    ),
  ];
}

/** Text broken into lines of at most `width` characters (a comment's lines). */
function wrap(text: string, width = 94): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  if (line !== "") lines.push(line);
  return lines.join("\n");
}

/** A POSIX shell single-quoted word. */
function shellQuote(s: string): string {
  return `'${s.replaceAll("'", "'\\''")}'`;
}

/** The whole file of one overlay package. */
export function pythonPackageFile(recipe: PythonRecipe, pin: PythonPin): Expr {
  const fetcher = fetcherOf(pin.source);
  const args = ["lib", "buildPythonPackage", fetcher, ...new Set([...recipe.buildSystem, ...recipe.dependencies])];
  const { lib } = refs("lib");
  const body = call(
    ref("buildPythonPackage"),
    spacedAttrs(
      [
        [
          bind("pname", recipe.pname),
          bind("version", pin.note === undefined ? str(pin.version) : comment(str(pin.version), wrap(pin.note))),
          bind("pyproject", true),
        ],
        { src: srcExpr(pin.source, recipe.pname) },
        [...envBindings(recipe.env ?? [], pin.source), ...importCheckSettings(recipe)],
        {
          "build-system": list(...recipe.buildSystem.map((n) => ref(n))),
          dependencies: list(...recipe.dependencies.map((n) => ref(n))),
        },
        [
          bind(
            "pythonImportsCheck",
            recipe.importCheck === undefined ? list(...recipe.imports) : comment(list(...recipe.imports), wrap(recipe.importCheck)),
          ),
        ],
        {
          meta: attrs({
            description: recipe.description,
            homepage: recipe.homepage,
            license: select(lib, ["licenses", recipe.license]),
            maintainers: list(),
          }),
        },
      ].filter((g) => !Array.isArray(g) || g.length > 0),
      { rec: true },
    ),
  );
  return fn(args, body);
}
