# A fake package set for evaluating the Bitpoll module. Test fixture only.
#
# Derivations are attribute sets with `outPath` and `type = "derivation"`; trivial builders keep
# their text for inspection. `bitpoll` is the generated `nix/package.nix` of the tree in `flake`
# itself, called like callPackage would (with `override`), on fake builders and a fake Python
# package set in which every package says which top-level modules it provides (`importNames`) and
# which packages come with it (`dependencies`): what a `python.withPackages` environment can
# import is then the union over the closure (`importsOf`).
{ lib, flake }:
let
  t = lib.types;
  # Like pkgs.formats.json's type: JSON values, merged as attribute sets and lists.
  jsonValue = t.nullOr (t.oneOf [ t.bool t.int t.float t.str t.path (t.attrsOf jsonValue) (t.listOf jsonValue) ]) // {
    description = "JSON value";
  };
  hashOf = s: builtins.substring 0 32 (builtins.hashString "sha256" s);
  drv = name: {
    type = "derivation";
    inherit name;
    outPath = "/nix/store/${hashOf name}-${name}";
    outputs = [ "out" ];
  };
  textFile = name: text: drv name // { inherit text; };

  # nixpkgs' Python packages the generated files ask for, with the modules each provides and the
  # packages it depends on (nixpkgs' pkgs/development/python-modules/<name>/default.nix).
  nixpkgsPython = {
    asgiref = { };
    bleach.deps = [ "webencodings" ];
    webencodings = { };
    tinycss2.deps = [ "webencodings" ];
    caldav.deps = [ "icalendar" "lxml" "niquests" ];
    cryptography = { };
    # The default Django of the set (package.nix replaces `django` with django_6).
    django = { imports = [ "django" ]; deps = [ "asgiref" "sqlparse" ]; };
    django_6 = { imports = [ "django" ]; deps = [ "asgiref" "sqlparse" ]; };
    django-encrypted-model-fields = { imports = [ "encrypted_model_fields" ]; deps = [ "cryptography" ]; };
    django-markdownify = { imports = [ "markdownify" ]; deps = [ "bleach" "markdown" ]; };
    django-widget-tweaks.imports = [ "widget_tweaks" ];
    icalendar.deps = [ "python-dateutil" "tzdata" ];
    libsass.imports = [ "sass" "sassutils" ];
    lxml = { };
    markdown = { };
    niquests.deps = [ "urllib3-future" ];
    python-dateutil = { imports = [ "dateutil" ]; deps = [ "six" ]; };
    six = { };
    pytz = { };
    pyyaml.imports = [ "yaml" ];
    sqlparse = { };
    tzdata = { };
    urllib3 = { };
    # urllib3-future installs as `urllib3_future` (and shadows nothing: see RUNTIME in recipes.ts).
    urllib3-future.imports = [ "urllib3_future" ];
    gunicorn = { };
    # Optional features.
    django-auth-ldap = { imports = [ "django_auth_ldap" ]; deps = [ "python-ldap" ]; };
    python-ldap.imports = [ "ldap" "ldapurl" "ldif" "slapdtest" ];
    psycopg2 = { };
    redis = { };
    whitenoise = { };
    django-prometheus = { imports = [ "django_prometheus" ]; deps = [ "prometheus-client" ]; };
    prometheus-client.imports = [ "prometheus_client" ];
    sentry-sdk.imports = [ "sentry_sdk" ];
    # Build and run dependencies of the overlay's packages.
    requests = { };
    furl = { };
    pydantic = { };
    setuptools = { imports = [ "setuptools" "pkg_resources" ]; };
    setuptools-scm.imports = [ "setuptools_scm" ];
    hatchling = { };
    uv-dynamic-versioning.imports = [ "uv_dynamic_versioning" ];
    flit-core.imports = [ "flit_core" ];
  };

  # The fake Python package set: nixpkgs' packages, then the overlays (the generated one included).
  pythonSet =
    overrides:
    lib.fix (
      lib.extends overrides (
        final:
        lib.mapAttrs (
          name: spec:
          drv "python3.12-${name}"
          // {
            pname = name;
            importNames = spec.imports or [ name ];
            dependencies = map (d: final.${d}) (spec.deps or [ ]);
          }
        ) nixpkgsPython
        // {
          # A package the overlay builds provides what its import check imports.
          buildPythonPackage =
            args:
            drv "python3.12-${args.pname}-${args.version}"
            // {
              inherit (args) pname version;
              importNames = args.pythonImportsCheck or [ ];
              dependencies = args.dependencies or [ ];
              builtBy = "buildPythonPackage";
            };
          fetchPypi = args: { fetcher = "fetchPypi"; } // args;
          callPackage = callPackageWith (pkgs // final);
        }
      )
    );

  mkPython = overrides: {
    pkgs = pythonSet overrides;
    override =
      {
        self ? null,
        packageOverrides ? (_: _: { }),
      }:
      mkPython packageOverrides;
    withPackages =
      f:
      drv "python3-env"
      // {
        packages = f (pythonSet overrides);
        interpreter = "/nix/store/${hashOf "python3-env"}-python3-env/bin/python3";
      };
    sitePackages = "lib/python3.12/site-packages";
  };

  callPackageWith =
    scope: fn: args:
    let
      f = if builtins.isFunction fn then fn else import fn;
      result = f (builtins.intersectAttrs (builtins.functionArgs f) scope // args);
    in
    result // { override = more: callPackageWith scope fn (args // more); };

  pkgs = {
    inherit lib;
    python3 = mkPython (_: _: { });
    fetchFromGitHub = args: { fetcher = "fetchFromGitHub"; } // args;
    makeWrapper = drv "make-wrapper";
    gettext = drv "gettext";
    uwsgi.override = args: drv "uwsgi" // { overriddenWith = args; meta.mainProgram = "uwsgi"; };
    # Like nixpkgs: passthru attributes are attributes of the result, so is every output. The store
    # path depends on the feature arguments (`passthru.features`), as a real build's inputs would.
    stdenvNoCC.mkDerivation =
      f:
      let
        attrs = if builtins.isFunction f then f result else f;
        name = "${attrs.pname}-${attrs.version}";
        id = hashOf (name + builtins.toJSON (attrs.passthru.features or { }));
        result =
          attrs
          // attrs.passthru or { }
          // lib.genAttrs (builtins.filter (o: o != "out") attrs.outputs) (o: {
            type = "derivation";
            outPath = "/nix/store/${id}-${name}-${o}";
          })
          // {
            type = "derivation";
            inherit name;
            outPath = "/nix/store/${id}-${name}";
          };
      in
      result;
    coreutils = drv "coreutils-9.5";
    findutils = drv "findutils-4.10";
    sqlite = drv "sqlite-3.46";
    curl = drv "curl-8.9";
    systemd = drv "systemd-256";
    formats.json = { }: { type = jsonValue; };
    writeText = textFile;
    writeShellScript = textFile;
    writeShellScriptBin = textFile;
  };
in
pkgs
// {
  bitpoll = callPackageWith pkgs (flake + "/nix/package.nix") { };
  # The top-level modules a Bitpoll package's Python environment can import: every package of the
  # environment and, transitively, their dependencies.
  importsOf =
    package:
    let
      closure = builtins.genericClosure {
        startSet = map (p: {
          key = p.pname;
          inherit p;
        }) package.pythonEnv.packages;
        operator =
          x:
          map (d: {
            key = d.pname;
            p = d;
          }) (x.p.dependencies or [ ]);
      };
    in
    lib.unique (lib.concatMap (x: x.p.importNames) closure);
}
