{
  pkg = callPackage ./generic.nix {
    # nothing to override yet
  };
  over =
    (callPackage ./generic.nix {
      # nothing here either
    }).overrideAttrs
      (prev: {
        # nor here
      });
}
