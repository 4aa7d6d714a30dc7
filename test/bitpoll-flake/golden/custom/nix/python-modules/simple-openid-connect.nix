{
  lib,
  buildPythonPackage,
  fetchFromGitHub,
  flit-core,
  cryptojwt,
  furl,
  pydantic,
  requests,
}:
buildPythonPackage rec {
  pname = "simple-openid-connect";
  version = "2.4.0";
  pyproject = true;

  src = fetchFromGitHub {
    owner = "fsinfuhh";
    repo = "py_simple_openid_connect";
    rev = "a04a756350f6382d56b37f045bf88a7410bdf0f8";
    hash = "sha256-7CP8/KVu61u08lzXEhZ9sFkFfKF1trKz4aRENwTSf6I=";
  };

  build-system = [ flit-core ];
  dependencies = [
    cryptojwt
    furl
    pydantic
    requests
  ];

  # `simple_openid_connect/__init__.py` only sets `__version__`; the Django integration (a
  # submodule) is loaded by Django from INSTALLED_APPS at run time: nothing runs.
  pythonImportsCheck = [ "simple_openid_connect" ];

  meta = {
    description = "Simple and opinionated OpenID Connect relying party implementation";
    homepage = "https://github.com/fsinfuhh/py_simple_openid_connect";
    license = lib.licenses.mit;
    maintainers = [ ];
  };
}
