{
  lib,
  buildPythonPackage,
  fetchFromGitHub,
  setuptools,
  setuptools-scm,
  django,
}:
buildPythonPackage rec {
  pname = "django-pipeline";
  version = "3.1.0";
  pyproject = true;

  src = fetchFromGitHub {
    owner = "jazzband";
    repo = "django-pipeline";
    rev = "5c9ee24b2330ca318d216414704da8e4b7782b9d";
    hash = "sha256-c8FBCmD/O/1wiGpy+lrN+aJwAHHHZycbISlugkM6hVc=";
  };

  # setuptools-scm reads the version from git metadata, which a fetched tree lacks.
  env.SETUPTOOLS_SCM_PRETEND_VERSION = version;

  build-system = [
    setuptools
    setuptools-scm
  ];
  dependencies = [ django ];

  # `pipeline/__init__.py` only reads its own version through importlib.metadata (from the
  # installed dist-info): no Django settings, no network.
  pythonImportsCheck = [ "pipeline" ];

  meta = {
    description = "Asset packaging library for Django";
    homepage = "https://github.com/jazzband/django-pipeline";
    license = lib.licenses.mit;
    maintainers = [ ];
  };
}
