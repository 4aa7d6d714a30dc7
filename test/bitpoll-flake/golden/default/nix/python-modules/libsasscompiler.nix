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
