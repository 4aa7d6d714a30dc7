stdenv.mkDerivation (finalAttrs: {
  pname = "hello";
  version = "1.0.0";
  src = fetchurl {
    url = "https://example.org/hello.tar.gz";
    hash = "sha256-AAAA";
  };
  buildInputs = [
    zlib
    openssl
  ];
  doCheck = true;
  meta = {
    license = lib.licenses.mit;
  };
})
