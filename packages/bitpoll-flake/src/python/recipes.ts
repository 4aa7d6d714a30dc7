/**
 * How to build each Python package Bitpoll needs that nixpkgs lacks (see docs/bitpoll-flake.md): build system,
 * dependencies, import check and metadata. The *source* of each (version, fetcher, hash) is a pin
 * (`pins.ts`); a recipe is what stays true across versions.
 *
 * Build systems and dependencies were read from each project's own `pyproject.toml`/`setup.py`;
 * names are the attribute names of nixpkgs' Python package set.
 *
 * @module
 */

import type { Feature } from "../module/features.js";

export type { Feature } from "../module/features.js";

/** The build instructions of one Python package of the overlay. */
export interface PythonRecipe {
  /** Attribute name in the Python package set, also the derivation's `pname`. */
  readonly pname: string;
  /** PEP 517 build backend packages (`build-system`). */
  readonly buildSystem: readonly string[];
  /** Runtime dependencies (`dependencies`). */
  readonly dependencies: readonly string[];
  /** Modules that must import after the build (`pythonImportsCheck`). */
  readonly imports: readonly string[];
  /**
   * What importing {@link imports} runs, and why it passes in the build sandbox (no network, no
   * Django project); printed beside `pythonImportsCheck`.
   */
  readonly importCheck?: string;
  /**
   * A Django settings module for the import check, as Python source, when the imported modules
   * read settings Django's defaults lack. It is written outside `$out` after the install and named
   * by `DJANGO_SETTINGS_MODULE`; nothing of it is installed.
   */
  readonly importCheckSettings?: string;
  /** Extra build environment (`env.NAME = …`); the value `"@version@"` stands for `version`. */
  readonly env?: readonly EnvVar[];
  readonly description: string;
  readonly homepage: string;
  /** An attribute of `lib.licenses`. */
  readonly license: string;
  /** The feature that needs this package; unset means always needed. */
  readonly feature?: Feature;
}

/** One `env.NAME` entry of a recipe, with the reason it is there (printed as a comment). */
export interface EnvVar {
  readonly name: string;
  readonly value: string;
  readonly why: string;
  /** Only for sources of this kind (a PyPI sdist carries its version; a git tree does not). */
  readonly onlyFor?: "github" | "pypi";
}

/** The recipes of every package the overlay builds, in dependency order. */
export const RECIPES: readonly PythonRecipe[] = Object.freeze([
  {
    pname: "django-pipeline",
    buildSystem: ["setuptools", "setuptools-scm"],
    // 3.1.0's setup.py declares no install_requires (setuptools-scm is only a setup requirement);
    // Django is what its modules import.
    dependencies: ["django"],
    imports: ["pipeline"],
    importCheck:
      "`pipeline/__init__.py` only reads its own version through importlib.metadata (from the installed dist-info): no Django settings, no network.",
    env: [
      {
        name: "SETUPTOOLS_SCM_PRETEND_VERSION",
        value: "@version@",
        why: "setuptools-scm reads the version from git metadata, which a fetched tree lacks.",
        onlyFor: "github",
      },
    ],
    description: "Asset packaging library for Django",
    homepage: "https://github.com/jazzband/django-pipeline",
    license: "mit",
  },
  {
    pname: "libsasscompiler",
    buildSystem: ["setuptools"],
    dependencies: ["django-pipeline", "libsass"],
    imports: ["libsasscompiler"],
    importCheck:
      "`libsasscompiler/__init__.py` imports `sass` (libsass, a C extension) and `pipeline.compilers`, whose `pipeline.conf` reads `settings.DEBUG`, `STATIC_ROOT`, `STATIC_URL` and `PIPELINE` when imported. Django's defaults have no `PIPELINE`, so the check gets a settings module defining it (written outside $out, not installed); everything else is Django's defaults, nothing touches the network or a project.",
    importCheckSettings: "PIPELINE = {}\n",
    description: "SASS/SCSS compiler for django-pipeline using libsass, without Ruby or Node",
    homepage: "https://github.com/sonic182/libsasscompiler",
    license: "mit",
  },
  {
    pname: "django-friendly-tag-loader",
    buildSystem: ["setuptools"],
    dependencies: ["django"],
    imports: ["friendlytagloader"],
    importCheck: "`friendlytagloader/__init__.py` is empty (the tags live in `templatetags`, loaded by Django's template engine): nothing runs.",
    description: "Django template tag loading that tolerates missing tag libraries",
    homepage: "https://github.com/ataylor32/django-friendly-tag-loader",
    license: "mit",
  },
  {
    pname: "django-token-bucket",
    buildSystem: ["setuptools"],
    dependencies: ["django"],
    imports: ["django_token_bucket"],
    importCheck: "`django_token_bucket/__init__.py` is empty (models and migrations load only inside a Django project): nothing runs.",
    description: "Token bucket rate limiting for Django",
    homepage: "https://github.com/fsinfuhh/django_token_bucket",
    license: "mit",
  },
  {
    pname: "django-simple-csp",
    buildSystem: ["setuptools"],
    dependencies: ["django"],
    imports: ["django_simple_csp"],
    importCheck: "`django_simple_csp/__init__.py` is empty (the middleware is a submodule Django loads from MIDDLEWARE): nothing runs.",
    description: "Content Security Policy headers and nonces for Django",
    homepage: "https://github.com/fsinfuhh/django-simple-csp",
    license: "mit",
  },
  {
    pname: "cryptojwt",
    // uv-dynamic-versioning's setup hook exports UV_DYNAMIC_VERSIONING_BYPASS=$version before the
    // build (pkgs/development/python-modules/uv-dynamic-versioning/setup-hook.sh), so no git is needed.
    buildSystem: ["hatchling", "uv-dynamic-versioning"],
    dependencies: ["cryptography", "requests"],
    imports: ["cryptojwt"],
    importCheck: "`cryptojwt/__init__.py` imports its own `exception` and `utils` modules (the standard library and cryptography): no Django, no network.",
    description: "JSON Web Token (JWT, JWS, JWE, JWK) implementation",
    homepage: "https://github.com/IdentityPython/JWTConnect-Python-CryptoJWT",
    license: "asl20",
    feature: "openid",
  },
  {
    pname: "simple-openid-connect",
    buildSystem: ["flit-core"],
    dependencies: ["cryptojwt", "furl", "pydantic", "requests"],
    imports: ["simple_openid_connect"],
    importCheck:
      "`simple_openid_connect/__init__.py` only sets `__version__`; the Django integration (a submodule) is loaded by Django from INSTALLED_APPS at run time: nothing runs.",
    description: "Simple and opinionated OpenID Connect relying party implementation",
    homepage: "https://github.com/fsinfuhh/py_simple_openid_connect",
    license: "mit",
    feature: "openid",
  },
] satisfies readonly PythonRecipe[]);

/**
 * Bitpoll's runtime Python dependencies (its `requirements.txt`) as nixpkgs attribute names. The
 * optional ones belong to the feature that needs them (`FEATURES` in `module/features.ts`).
 */
export const RUNTIME = Object.freeze({
  always: Object.freeze([
    "asgiref",
    "bleach",
    // bleach[css]: the CSS sanitizer extra.
    "tinycss2",
    "caldav",
    "cryptography",
    "django",
    "django-encrypted-model-fields",
    "django-friendly-tag-loader",
    "django-markdownify",
    "django-pipeline",
    "django-simple-csp",
    "django-token-bucket",
    "django-widget-tweaks",
    "icalendar",
    "libsass",
    "libsasscompiler",
    "lxml",
    "markdown",
    "niquests",
    "python-dateutil",
    "pytz",
    "pyyaml",
    "sqlparse",
    "tzdata",
    // Bitpoll imports `urllib3.util`, so the real urllib3 goes beside urllib3-future.
    "urllib3",
    "urllib3-future",
  ]),
} as const);
