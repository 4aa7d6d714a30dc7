# Everything mixed, in a realistic package-like shape.
{ lib, stdenv, fetchurl, ... }@args:
let
  version = "1.2.3";
  inherit (lib) optional optionals;
  src = fetchurl {
    url = "https://example.org/pkg-${version}.tar.gz";
    sha256 = "0000000000000000000000000000000000000000000000000000";
  };
in
stdenv.mkDerivation rec {
  pname = "pkg";
  inherit version src;
  buildInputs = [ stdenv.cc ] ++ optional (args ? openssl) args.openssl;
  postInstall = ''
    mkdir -p $out/bin
    cp ${src} $out/share/''${pname}
  '';
  meta = with lib; {
    description = "A package";
    license = licenses.mit;
    platforms = platforms.unix;
  };
  passthru.tests = { a = 1; };
  passthru.updateScript = ./update.sh;
}
