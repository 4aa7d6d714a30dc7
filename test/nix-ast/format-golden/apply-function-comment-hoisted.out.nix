{
  a = (
    # only when enabled
    mkIf cfg.enable
  );
  b =
    # the local copy
    callPackage ./pkg.nix { };
  c =
    # with spaces
    concatStringsSep " " names;
  d =
    # no arguments comment
    toString
      # an argument's own comment
      x;
}
