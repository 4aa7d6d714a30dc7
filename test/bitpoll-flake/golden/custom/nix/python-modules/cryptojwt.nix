{
  lib,
  buildPythonPackage,
  fetchPypi,
  hatchling,
  uv-dynamic-versioning,
  cryptography,
  requests,
}:
buildPythonPackage rec {
  pname = "cryptojwt";
  version = "1.11.0";
  pyproject = true;

  src = fetchPypi {
    inherit pname version;
    hash = "sha256-UVo0XT+wkWBvKTg0c22acs/5MqAhoZYviovG3ANYz7A=";
  };

  build-system = [
    hatchling
    uv-dynamic-versioning
  ];
  dependencies = [
    cryptography
    requests
  ];

  # `cryptojwt/__init__.py` imports its own `exception` and `utils` modules (the standard library
  # and cryptography): no Django, no network.
  pythonImportsCheck = [ "cryptojwt" ];

  meta = {
    description = "JSON Web Token (JWT, JWS, JWE, JWK) implementation";
    homepage = "https://github.com/IdentityPython/JWTConnect-Python-CryptoJWT";
    license = lib.licenses.asl20;
    maintainers = [ ];
  };
}
