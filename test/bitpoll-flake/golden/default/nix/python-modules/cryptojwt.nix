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

  # uv-dynamic-versioning asks git for the version; there is no git here.
  env.UV_DYNAMIC_VERSIONING_BYPASS = version;

  build-system = [
    hatchling
    uv-dynamic-versioning
  ];
  dependencies = [
    cryptography
    requests
  ];

  pythonImportsCheck = [ "cryptojwt" ];

  meta = {
    description = "JSON Web Token (JWT, JWS, JWE, JWK) implementation";
    homepage = "https://github.com/IdentityPython/JWTConnect-Python-CryptoJWT";
    license = lib.licenses.asl20;
    maintainers = [ ];
  };
}
