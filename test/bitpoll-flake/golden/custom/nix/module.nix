{
  config,
  lib,
  pkgs,
  ...
}:
let
  cfg = config.services.bitpoll;
in
{
  options.services.bitpoll = {
    enable = lib.mkEnableOption "Bitpoll, a web application for scheduling meetings and polls";
    package = lib.mkPackageOption pkgs "bitpoll" { };
  };
  config = lib.mkIf cfg.enable { environment.systemPackages = [ cfg.package ]; };
}
