{
  lib,
  buildPythonPackage,
  fetchPypi,
  setuptools,
  django-pipeline,
  libsass,
}:
buildPythonPackage rec {
  pname = "libsasscompiler";
  version = "0.2.0";
  pyproject = true;

  src = fetchPypi {
    inherit pname version;
    hash = "sha256-nQeOVPyzEZ6BGyqi/No+q7gdJcHvQRQg6ufJ6bdHti4=";
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
