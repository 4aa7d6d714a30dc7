{
  inherit a b;
  inherit
    c
    d
    e
    f
    ;
  inherit (pkgs) x y;
  inherit (lib.trivial)
    p
    q
    r
    s
    t
    ;
  inherit "\"odd\" name";
}
