{
  lib,
  buildPythonPackage,
  fetchFromGitHub,
  setuptools,
  django,
}:
buildPythonPackage rec {
  pname = "django-simple-csp";
  version = "0.4.dev1";
  pyproject = true;

  src = fetchFromGitHub {
    owner = "fsinfuhh";
    repo = "django-simple-csp";
    rev = "207afedec1bf28af5de070da919061474b1f6a21";
    hash = "sha256-1rvdplHPjVZ6li831/sQT+lL4rE8ME1eLfeSd0EKHb4=";
  };

  build-system = [ setuptools ];
  dependencies = [ django ];

  pythonImportsCheck = [ "django_simple_csp" ];

  meta = {
    description = "Content Security Policy headers and nonces for Django";
    homepage = "https://github.com/fsinfuhh/django-simple-csp";
    license = lib.licenses.mit;
    maintainers = [ ];
  };
}
