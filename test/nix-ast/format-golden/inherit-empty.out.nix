{
  inherit ;
  a = {
    inherit (x) ;
  };
}
