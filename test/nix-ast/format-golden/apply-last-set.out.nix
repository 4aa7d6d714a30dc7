mkDerivation {
  pname = "x";
  version = "1";
}
