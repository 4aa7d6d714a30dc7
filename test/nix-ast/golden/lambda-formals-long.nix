{
  lib,
  stdenv,
  fetchurl,
  withFoo ? false,
  extra ? [
    1
    2
  ],
  ...
}:
{
  a = 1;
}
