{ config, lib }:
with

  lib;
let
  inherit

    (config.boot)

    kernelPatches
    ;
in
kernelPatches
