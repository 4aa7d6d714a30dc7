# Stand-ins for the NixOS options the Bitpoll module sets, typed loosely: enough for
# `lib.evalModules` to evaluate the module without nixpkgs' NixOS tree. Test fixture only.
{ lib, ... }:
let
  t = lib.types;
  loose = t.attrsOf t.anything;
  opt = type: default: lib.mkOption { inherit type default; };
  # A unit: any attributes, merged recursively (several modules may define one unit).
  units = opt (t.attrsOf loose) { };
in
{
  options = {
    assertions = opt (t.listOf t.unspecified) [ ];
    warnings = opt (t.listOf t.str) [ ];
    environment.systemPackages = opt (t.listOf t.package) [ ];
    users.users = opt (t.attrsOf loose) { };
    users.groups = opt (t.attrsOf loose) { };
    systemd.services = units;
    systemd.sockets = units;
    systemd.timers = units;
    systemd.tmpfiles.rules = opt (t.listOf t.str) [ ];
    services.nginx = opt (t.submodule {
      freeformType = loose;
      options.enable = opt t.bool false;
      options.group = opt t.str "nginx";
      options.virtualHosts = opt (t.attrsOf loose) { };
    }) { };
    services.postgresql = opt (t.submodule {
      freeformType = loose;
      options.enable = opt t.bool false;
      options.package = opt t.package {
        type = "derivation";
        name = "postgresql-16";
        outPath = "/nix/store/00000000000000000000000000000000-postgresql-16";
      };
      options.ensureDatabases = opt (t.listOf t.str) [ ];
      options.ensureUsers = opt (t.listOf loose) [ ];
    }) { };
    services.redis.servers = opt (t.attrsOf loose) { };
    # Where tests read values the module keeps in its `let` (the settings file text).
    bitpollTest = opt loose { };
  };
}
