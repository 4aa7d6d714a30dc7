# Stand-ins for nixpkgs: just enough to evaluate the generated files without it.
#
# Builders return their argument set (tagged), fetchers return their arguments, and every package
# the generated files may ask for is a stub `{ stubName = "<name>"; }`. `callPackage` passes only
# the arguments a function declares that exist in scope, as nixpkgs' does, so a file asking for an
# unknown package fails here too.
#
# `lib` may be the real nixpkgs library (NIXPKGS_LIB); otherwise a small fake stands in.
{
  lib ? null,
  systems ? [
    "x86_64-linux"
    "aarch64-linux"
  ],
}:
let
  fakeLib = rec {
    fix =
      f:
      let
        x = f x;
      in
      x;
    extends =
      overlay: f: final:
      let
        prev = f final;
      in
      prev // overlay final prev;
    composeExtensions =
      f: g: final: prev:
      let
        fApplied = f final prev;
      in
      fApplied // g final (prev // fApplied);
    composeManyExtensions = builtins.foldl' composeExtensions (_: _: { });
    genAttrs =
      names: f:
      builtins.listToAttrs (
        map (n: {
          name = n;
          value = f n;
        }) names
      );
    getExe = drv: "/fake/${drv.pname or drv.stubName}/bin/${drv.meta.mainProgram}";
    getExe' = drv: name: "/fake/${drv.pname or drv.stubName or "env"}/bin/${name}";
    optionals = cond: list: if cond then list else [ ];
    optionalAttrs = cond: attrs: if cond then attrs else { };
    fakeHash = "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
    licenses = {
      mit = "mit";
      asl20 = "asl20";
      gpl3Only = "gpl3Only";
    };
    platforms.linux = [
      "x86_64-linux"
      "aarch64-linux"
    ];
    mkDefault = value: {
      _priority = 1000;
      inherit value;
    };
    mkIf = condition: content: {
      _type = "if";
      inherit condition content;
    };
    mkEnableOption = description: {
      _option = "enable";
      inherit description;
    };
    mkPackageOption = _pkgs: name: _extra: {
      _option = "package";
      inherit name;
    };
  };

  l = if lib == null then fakeLib else lib;

  stub = name: { stubName = name; };
  # A stub that the module system accepts as a package.
  drvStub = name: {
    stubName = name;
    inherit name;
    type = "derivation";
    outPath = "/fake/${name}";
  };
  textFile = name: text: drvStub name // { inherit text; };
  stubs = names: builtins.listToAttrs (map (n: {
    name = n;
    value = stub n;
  }) names);

  # What nixpkgs' Python set has (Bitpoll's requirements and build tools).
  pythonInNixpkgs = [
    "django"
    "django_6"
    "django-widget-tweaks"
    "django-markdownify"
    "django-encrypted-model-fields"
    "django-auth-ldap"
    "caldav"
    "icalendar"
    "pytz"
    "libsass"
    "bleach"
    "tinycss2"
    "markdown"
    "lxml"
    "python-dateutil"
    "pyyaml"
    "tzdata"
    "cryptography"
    "asgiref"
    "sqlparse"
    "urllib3"
    "urllib3-future"
    "niquests"
    "psycopg2"
    "sentry-sdk"
    "django-prometheus"
    "redis"
    "whitenoise"
    "gunicorn"
    "requests"
    "furl"
    "pydantic"
    "setuptools"
    "setuptools-scm"
    "hatchling"
    "uv-dynamic-versioning"
    "flit-core"
  ];

  # Like nixpkgs' callPackage, the result has `override` (the OCI image and the module use it).
  callPackageWith =
    scope: fn: extra:
    let
      f = if builtins.isFunction fn then fn else import fn;
    in
    f (builtins.intersectAttrs (builtins.functionArgs f) scope // extra)
    // {
      override = more: callPackageWith scope fn (extra // more);
    };

  pyBase =
    pkgs: final:
    stubs pythonInNixpkgs
    // {
      buildPythonPackage = args: args // { builtBy = "buildPythonPackage"; };
      fetchPypi = args: { fetcher = "fetchPypi"; } // args;
      callPackage = callPackageWith (pkgs // final);
    };

  mkPython =
    pkgs: packageOverrides:
    let
      set = l.fix (l.extends packageOverrides (pyBase pkgs));
    in
    {
      pkgs = set;
      override =
        {
          self ? null,
          packageOverrides ? (_: _: { }),
        }:
        mkPython pkgs packageOverrides;
      withPackages = f: {
        type = "derivation";
        pname = "python3-env";
        pythonEnvOf = f set;
        interpreter = "/fake/python3-env/bin/python3";
        outPath = "/fake/python3-env";
      };
      sitePackages = "lib/python3.12/site-packages";
    };

  pkgsFor =
    system:
    let
      pkgs = {
        lib = l;
        stdenv.hostPlatform = {
          inherit system;
          isLinux = builtins.match ".*-linux" system != null;
        };
        stdenvNoCC.mkDerivation =
          f:
          let
            attrs = if builtins.isFunction f then f final else f;
            # Like nixpkgs, passthru attributes are attributes of the result.
            # Every output but `out` is an attribute too (`bitpoll.static`).
            outputAttrs = builtins.listToAttrs (
              map (o: {
                name = o;
                value = {
                  type = "derivation";
                  outPath = "/fake/${attrs.pname}-${o}";
                };
              }) (builtins.filter (o: o != "out") (attrs.outputs or [ ]))
            );
            final =
              attrs
              // attrs.passthru or { }
              // outputAttrs
              // {
                type = "derivation";
                builtBy = "mkDerivation";
                outPath = "/fake/${attrs.pname}";
              };
          in
          final;
        python3 = mkPython pkgs (_: _: { });
        fetchFromGitHub = args: { fetcher = "fetchFromGitHub"; } // args;
        makeWrapper = stub "makeWrapper";
        gettext = stub "gettext";
        nixfmt-tree = stub "nixfmt-tree";
        uwsgi.override = args: {
          pname = "uwsgi";
          overriddenWith = args;
          meta.mainProgram = "uwsgi";
        };
        callPackage = callPackageWith pkgs;
        testers.runNixOSTest = test: { nixosTest = test; };
        dockerTools = {
          buildLayeredImage = args: args // { builtBy = "buildLayeredImage"; };
          caCertificates = drvStub "cacert";
        };
        writeText = textFile;
        writeShellScript = textFile;
        coreutils = drvStub "coreutils";
        curl = drvStub "curl";
        sqlite = drvStub "sqlite";
        mkShell = args: { shell = args; };
        pythonPackagesExtensions = [ ];
      };
    in
    pkgs;

  # The flake's outputs, with stand-in inputs.
  flakeOf =
    dir:
    let
      flake = import (dir + "/flake.nix");
      nixpkgs = {
        lib = l;
        legacyPackages = l.genAttrs systems pkgsFor;
      };
      self = flake.outputs { inherit self nixpkgs; };
    in
    {
      inherit flake self;
    };
in
{
  inherit
    l
    pkgsFor
    flakeOf
    stub
    pyBase
    mkPython
    pythonInNixpkgs
    ;
  isRealLib = lib != null;
}
