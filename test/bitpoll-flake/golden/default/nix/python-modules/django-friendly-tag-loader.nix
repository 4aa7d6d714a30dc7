{
  lib,
  buildPythonPackage,
  fetchFromGitHub,
  setuptools,
  django,
}:
buildPythonPackage rec {
  pname = "django-friendly-tag-loader";
  version = "1.3.2";
  pyproject = true;

  src = fetchFromGitHub {
    owner = "ataylor32";
    repo = "django-friendly-tag-loader";
    rev = "b4c57cbe2b98d0dd371c2d5c8ca62c49b096f13e";
    hash = "sha256-lWXMEbZOyon7BKGD9X5PnaJx6a+QMVtatBc8bJ03phg=";
  };

  build-system = [ setuptools ];
  dependencies = [ django ];

  # `friendlytagloader/__init__.py` is empty (the tags live in `templatetags`, loaded by Django's
  # template engine): nothing runs.
  pythonImportsCheck = [ "friendlytagloader" ];

  meta = {
    description = "Django template tag loading that tolerates missing tag libraries";
    homepage = "https://github.com/ataylor32/django-friendly-tag-loader";
    license = lib.licenses.mit;
    maintainers = [ ];
  };
}
