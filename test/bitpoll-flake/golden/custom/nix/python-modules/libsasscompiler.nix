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

  # The import check loads modules that read Django's settings; Django's defaults suffice.
  env.DJANGO_SETTINGS_MODULE = "django.conf.global_settings";

  build-system = [ setuptools ];
  dependencies = [
    django-pipeline
    libsass
  ];

  pythonImportsCheck = [ "libsasscompiler" ];

  meta = {
    description = "SASS/SCSS compiler for django-pipeline using libsass, without Ruby or Node";
    homepage = "https://github.com/sonic182/libsasscompiler";
    license = lib.licenses.mit;
    maintainers = [ ];
  };
}
