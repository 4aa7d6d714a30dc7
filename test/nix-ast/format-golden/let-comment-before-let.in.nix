{ lib }:

# about the let
let
  a = 1;
in
a
