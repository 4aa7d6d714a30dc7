with { };
[
  ./a
  ../a
  ./.
  ../.
  a/b
  /a
  /.
  /a/b.c/d-e+f_g
  ~/a
  ~/.config/x
  <nixpkgs>
  <nixpkgs/lib>
  ./${x}
  ./${x}.nix
  /a${x}b
  a/b${x}
  a/b/${x}
  ./a/${x}/b/${y}
  ~/${x}
  ./${x}${y}
  ./${x}//y
  1/2
  a.b/c
  -/a
  +/a
  (./a + "/b")
  (/. + "/dir with space")
]
