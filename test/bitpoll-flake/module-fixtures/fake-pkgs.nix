# A fake package set: derivations are attribute sets with `outPath` and `type = "derivation"`;
# trivial builders return such sets and keep their text for inspection. Test fixture only.
{ lib }:
let
  t = lib.types;
  # Like pkgs.formats.json's type: JSON values, merged as attribute sets and lists.
  jsonValue = t.nullOr (t.oneOf [ t.bool t.int t.float t.str t.path (t.attrsOf jsonValue) (t.listOf jsonValue) ]) // {
    description = "JSON value";
  };
  drv = name: {
    type = "derivation";
    inherit name;
    outPath = "/nix/store/${builtins.substring 0 32 (builtins.hashString "sha256" name)}-${name}";
    outputs = [ "out" ];
  };
  textFile = name: text: drv name // { inherit text; };
  # Like callPackage's result: `override` rebuilds with changed arguments, recorded in
  # `overrideArgs` and in the name (so a store path tells which arguments it was built with).
  bitpollWith =
    args:
    let
      suffix = lib.concatStrings (lib.mapAttrsToList (k: v: "-${k}=${lib.boolToString v}") args);
    in
    drv "bitpoll-0.11.0${suffix}" // {
      outputs = [ "out" "static" ];
      static = drv "bitpoll-0.11.0${suffix}-static";
      version = "0.11.0";
      overrideArgs = args;
      override = more: bitpollWith (args // more);
    };
in
{
  bitpoll = bitpollWith { };
  coreutils = drv "coreutils-9.5";
  findutils = drv "findutils-4.10";
  sqlite = drv "sqlite-3.46";
  curl = drv "curl-8.9";
  systemd = drv "systemd-256";
  formats.json = { }: { type = jsonValue; };
  writeText = textFile;
  writeShellScript = textFile;
  writeShellScriptBin = textFile;
}
