{
  lib,
  buildPythonPackage,
  fetchFromGitHub,
  setuptools,
  django,
}:
buildPythonPackage rec {
  pname = "django-simple-csp";
  # Bitpoll's requirements.txt asks for 0.5.dev1, which no commit or tag of
  # fsinfuhh/django-simple-csp carries; its newest commit (this one) declares 0.4.dev1.
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

  # `django_simple_csp/__init__.py` is empty (the middleware is a submodule Django loads from
  # MIDDLEWARE): nothing runs.
  pythonImportsCheck = [ "django_simple_csp" ];

  meta = {
    description = "Content Security Policy headers and nonces for Django";
    homepage = "https://github.com/fsinfuhh/django-simple-csp";
    license = lib.licenses.mit;
    maintainers = [ ];
  };
}
