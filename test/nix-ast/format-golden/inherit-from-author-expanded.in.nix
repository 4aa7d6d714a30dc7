{
  inherit (x)
    a b;
}
