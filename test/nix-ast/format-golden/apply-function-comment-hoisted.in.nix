{
  a = (mkIf # only when enabled
    cfg.enable);
  b = callPackage # the local copy
    ./pkg.nix { };
  c = concatStringsSep /* with spaces */ " " names;
  d = toString # no arguments comment
    # an argument's own comment
    x;
}
