callPackage ./foo.nix {
  a = 1;
  b = 2;
}
