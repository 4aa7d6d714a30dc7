{
  inherit (x)
    a
    b
    ;
}
