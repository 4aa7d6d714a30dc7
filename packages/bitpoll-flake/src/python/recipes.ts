/**
 * How to build each Python package Bitpoll needs that nixpkgs lacks (docs/nix-facts.md, "Bitpoll"): build system,
 * dependencies, import check and metadata. The *source* of each (version, fetcher, hash) is a pin
 * (`pins.ts`); a recipe is what stays true across versions.
 *
 * Build systems and dependencies were read from each project's own `pyproject.toml`/`setup.py`;
 * names are the attribute names of nixpkgs' Python package set.
 *
 * @module
 */

/** A Bitpoll feature that pulls in optional packages. */
export type Feature = "openid" | "ldap" | "postgres" | "prometheus";

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

// Django apps whose modules touch `django.conf.settings` on import need a settings module for the
// import check; Django's own defaults are enough to import them.
const djangoSettingsForImport: EnvVar = {
  name: "DJANGO_SETTINGS_MODULE",
  value: "django.conf.global_settings",
  why: "The import check loads modules that read Django's settings; Django's defaults suffice.",
};

/** The recipes of every package the overlay builds, in dependency order. */
export const RECIPES: readonly PythonRecipe[] = Object.freeze([
  {
    pname: "django-pipeline",
    buildSystem: ["setuptools", "setuptools-scm"],
    // The project declares setuptools as a runtime dependency of its own.
    dependencies: ["django", "setuptools"],
    imports: ["pipeline"],
    env: [
      {
        name: "SETUPTOOLS_SCM_PRETEND_VERSION",
        value: "@version@",
        why: "setuptools-scm reads the version from git metadata, which a fetched tree lacks.",
        onlyFor: "github",
      },
      djangoSettingsForImport,
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
    env: [djangoSettingsForImport],
    description: "SASS/SCSS compiler for django-pipeline using libsass, without Ruby or Node",
    homepage: "https://github.com/sonic182/libsasscompiler",
    license: "mit",
  },
  {
    pname: "django-friendly-tag-loader",
    buildSystem: ["setuptools"],
    dependencies: ["django"],
    imports: ["friendlytagloader"],
    description: "Django template tag loading that tolerates missing tag libraries",
    homepage: "https://github.com/ataylor32/django-friendly-tag-loader",
    license: "mit",
  },
  {
    pname: "django-token-bucket",
    buildSystem: ["setuptools"],
    dependencies: ["django"],
    imports: ["django_token_bucket"],
    description: "Token bucket rate limiting for Django",
    homepage: "https://github.com/fsinfuhh/django_token_bucket",
    license: "mit",
  },
  {
    pname: "django-simple-csp",
    buildSystem: ["setuptools"],
    dependencies: ["django"],
    imports: ["django_simple_csp"],
    description: "Content Security Policy headers and nonces for Django",
    homepage: "https://github.com/fsinfuhh/django-simple-csp",
    license: "mit",
  },
  {
    pname: "cryptojwt",
    buildSystem: ["hatchling", "uv-dynamic-versioning"],
    dependencies: ["cryptography", "requests"],
    imports: ["cryptojwt"],
    env: [
      {
        name: "UV_DYNAMIC_VERSIONING_BYPASS",
        value: "@version@",
        why: "uv-dynamic-versioning asks git for the version; there is no git here.",
      },
    ],
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
    description: "Simple and opinionated OpenID Connect relying party implementation",
    homepage: "https://github.com/fsinfuhh/py_simple_openid_connect",
    license: "mit",
    feature: "openid",
  },
] satisfies readonly PythonRecipe[]);

/**
 * Bitpoll's runtime Python dependencies (its `requirements.txt`) as nixpkgs attribute names. The
 * optional ones are keyed by the feature that needs them; `server` adds the WSGI server.
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
  openid: Object.freeze(["simple-openid-connect", "cryptojwt"]),
  ldap: Object.freeze(["django-auth-ldap"]),
  postgres: Object.freeze(["psycopg2"]),
  // Prometheus metrics (the module's `metrics.enable`).
  prometheus: Object.freeze(["django-prometheus"]),
} as const);
