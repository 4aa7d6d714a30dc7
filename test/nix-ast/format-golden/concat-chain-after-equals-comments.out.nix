{
  packages # every one of them
    = # the base set first
    [
      hello
    ]
    ++ extra # then the rest
    ++ optional;
  flags = # defaults
  [ "-O2" ] ++ userFlags;
}
