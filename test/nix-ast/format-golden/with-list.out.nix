with pkgs;
[
  a
  b
]
