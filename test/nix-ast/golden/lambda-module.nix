{
  config,
  lib,
  pkgs,
  ...
}:
let
  cfg = config.services.foo;
in
{
  options = { };
  config = lib.mkIf cfg.enable { x = 1; };
}
