let
  inherit (lib)
    # sorted by use
    mapAttrs
    filterAttrs # not the builtin
    foldl
    ;
  inherit # from the scope
    x
    y

    z # last
    ;
  inherit (pkgs) # the package set
    hello
    # the cow
    cowsay
    # before the semicolon
    ;
  inherit # keyword
    (pkgs.lib)
    strings
    ;
in
x
