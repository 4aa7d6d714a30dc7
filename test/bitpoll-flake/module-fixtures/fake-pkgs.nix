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
in
{
  bitpoll = drv "bitpoll-0.11.0" // {
    outputs = [ "out" "static" ];
    static = drv "bitpoll-0.11.0-static";
    version = "0.11.0";
  };
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
