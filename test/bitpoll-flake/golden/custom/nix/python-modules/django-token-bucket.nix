{
  lib,
  buildPythonPackage,
  fetchPypi,
  setuptools,
  django,
}:
buildPythonPackage rec {
  pname = "django-token-bucket";
  version = "0.2.5";
  pyproject = true;

  src = fetchPypi {
    inherit version;
    pname = "django_token_bucket";
    # Unknown hash: build once and copy the "got:" value here.
    hash = lib.fakeHash;
  };

  build-system = [ setuptools ];
  dependencies = [ django ];

  # `django_token_bucket/__init__.py` is empty (models and migrations load only inside a Django
  # project): nothing runs.
  pythonImportsCheck = [ "django_token_bucket" ];

  meta = {
    description = "Token bucket rate limiting for Django";
    homepage = "https://github.com/fsinfuhh/django_token_bucket";
    license = lib.licenses.mit;
    maintainers = [ ];
  };
}
