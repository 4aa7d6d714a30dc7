{
  inherit (pkgs /* the package set */) hello;
  inherit ( # where they come from
    lib) mkIf mkOption;
}
