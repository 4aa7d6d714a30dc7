{
  pkgs,   lib,

  # the last one went
}:
{
  stdenv,

  # gone too

}:
{ x,

  # and here
  ... }:
{ }
