[
  ./a
  ../b/c.nix
  /abs
  ~/home
  ./${x}.nix
  <nixpkgs/lib>
]
