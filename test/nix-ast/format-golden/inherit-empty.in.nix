{
  inherit;
  a = {
    inherit (x) ;
  };
}
