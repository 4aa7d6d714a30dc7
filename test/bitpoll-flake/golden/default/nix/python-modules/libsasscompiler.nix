{
  lib,
  buildPythonPackage,
  fetchFromGitHub,
  setuptools,
  django-pipeline,
  libsass,
}:
buildPythonPackage rec {
  pname = "libsasscompiler";
  version = "0.2.1";
  pyproject = true;

  src = fetchFromGitHub {
    owner = "sonic182";
    repo = "libsasscompiler";
    rev = "50d8763c26bca48a4925cafd95cfc100b81982f1";
    hash = "sha256-Wew7ojCwQ/hUl9b6iRrB1uZJJFRSoIDHZGSFxq+VdxA=";
  };

  # The import check loads modules that read Django settings beyond Django's defaults.
  env.DJANGO_SETTINGS_MODULE = "nix_import_check_settings";
  postInstall = ''
    mkdir -p "$TMPDIR/import-check"
    echo 'PIPELINE = {}' >> "$TMPDIR/import-check/nix_import_check_settings.py"
    export PYTHONPATH="$TMPDIR/import-check''${PYTHONPATH:+:$PYTHONPATH}"
  '';

  build-system = [ setuptools ];
  dependencies = [
    django-pipeline
    libsass
  ];

  # `libsasscompiler/__init__.py` imports `sass` (libsass, a C extension) and
  # `pipeline.compilers`, whose `pipeline.conf` reads `settings.DEBUG`, `STATIC_ROOT`,
  # `STATIC_URL` and `PIPELINE` when imported. Django's defaults have no `PIPELINE`, so the check
  # gets a settings module defining it (written outside $out, not installed); everything else is
  # Django's defaults, nothing touches the network or a project.
  pythonImportsCheck = [ "libsasscompiler" ];

  meta = {
    description = "SASS/SCSS compiler for django-pipeline using libsass, without Ruby or Node";
    homepage = "https://github.com/sonic182/libsasscompiler";
    license = lib.licenses.mit;
    maintainers = [ ];
  };
}
