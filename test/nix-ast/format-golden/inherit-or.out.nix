{
  inherit (builtins) "or" and;
}
