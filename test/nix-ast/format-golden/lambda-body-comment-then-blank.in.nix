{ lib }:
/**
  Helpers.
*/

let
  a = 1;
in
a
