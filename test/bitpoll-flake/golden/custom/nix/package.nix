{
  lib,
  stdenvNoCC,
  python3,
  fetchFromGitHub,
  makeWrapper,
  gettext,
  uwsgi,
  withOpenID ? false,
  withLdap ? true,
  withPostgres ? true,
  withRedis ? false,
  withPrometheus ? false,
  withWhiteNoise ? false,
}:
let
  # Bitpoll needs Django 6 and packages nixpkgs lacks. Replacing `django` in the whole set keeps
  # one Django in the environment (two would collide).
  python = python3.override {
    self = python;
    packageOverrides = lib.composeManyExtensions [
      (import ./python-overlay.nix)
      (pyfinal: _pyprev: { django = pyfinal.django_6; })
    ];
  };
  pythonEnv = python.withPackages (
    ps:
    [
      ps.asgiref
      ps.bleach
      ps.tinycss2
      ps.caldav
      ps.cryptography
      ps.django
      ps.django-encrypted-model-fields
      ps.django-friendly-tag-loader
      ps.django-markdownify
      ps.django-pipeline
      ps.django-simple-csp
      ps.django-token-bucket
      ps.django-widget-tweaks
      ps.icalendar
      ps.libsass
      ps.libsasscompiler
      ps.lxml
      ps.markdown
      ps.niquests
      ps.python-dateutil
      ps.pytz
      ps.pyyaml
      ps.sqlparse
      ps.tzdata
      ps.urllib3
      ps.urllib3-future
    ]
    ++ lib.optionals withOpenID [
      ps.simple-openid-connect
      ps.cryptojwt
    ]
    ++ lib.optionals withLdap [ ps.django-auth-ldap ]
    ++ lib.optionals withPostgres [ ps.psycopg2 ]
    ++ lib.optionals withRedis [ ps.redis ]
    ++ lib.optionals withPrometheus [ ps.django-prometheus ]
    ++ lib.optionals withWhiteNoise [ ps.whitenoise ]
    ++ [
      ps.django-prometheus
      ps.sentry-sdk
    ]
  );
  uwsgiPython = uwsgi.override {
    plugins = [ "python3" ];
    python3 = python;
  };
in
stdenvNoCC.mkDerivation (finalAttrs: {
  pname = "bitpoll";
  version = "0.11.0";

  src = fetchFromGitHub {
    owner = "fsinfuhh";
    repo = "Bitpoll";
    rev = "6d863fecf2489bbb8e6239936849a594bef489f1";
    hash = "sha256-1111111111111111111111111111111111111111111=";
  };

  # Static files get their own output, for the web server to serve.
  outputs = [
    "out"
    "static"
  ];

  nativeBuildInputs = [
    gettext
    makeWrapper
    pythonEnv
  ];

  # Bitpoll has no build system. The settings shim reads the file named by
  # BITPOLL_SETTINGS_FILE; while building, that is a throwaway one.
  buildPhase = ''
    runHook preBuild

    substitute ${./settings_local.py} bitpoll/settings_local.py --subst-var static
    export BITPOLL_SETTINGS_FILE=${./build_settings.py}
    python manage.py compilemessages
    python manage.py collectstatic --no-input

    runHook postBuild
  '';

  installPhase = ''
    runHook preInstall

    mkdir -p $out/share/bitpoll
    cp -r . $out/share/bitpoll
    python -m compileall -q $out/share/bitpoll

    makeWrapper ${pythonEnv.interpreter} $out/bin/bitpoll-manage \
      --add-flags $out/share/bitpoll/manage.py \
      --prefix PYTHONPATH : $out/share/bitpoll \
      --set DJANGO_SETTINGS_MODULE bitpoll.settings

    makeWrapper ${lib.getExe uwsgiPython} $out/bin/bitpoll-server \
      --prefix PYTHONPATH : $out/share/bitpoll \
      --set DJANGO_SETTINGS_MODULE bitpoll.settings \
      --add-flags "--plugins python3 --pyhome ${pythonEnv} --chdir $out/share/bitpoll --module bitpoll.wsgi:application"

    runHook postInstall
  '';

  passthru = {
    inherit python pythonEnv;
    # Which feature arguments this build has: the NixOS module overrides the package with
    # those an instance needs, or names them when it cannot.
    features = {
      inherit
        withOpenID
        withLdap
        withPostgres
        withRedis
        withPrometheus
        withWhiteNoise
        ;
    };
  };

  meta = {
    description = "Web application for scheduling meetings and general polling";
    homepage = "https://github.com/fsinfuhh/Bitpoll";
    license = lib.licenses.gpl3Only;
    platforms = lib.platforms.linux;
    mainProgram = "bitpoll-server";
    maintainers = [ ];
  };
})
