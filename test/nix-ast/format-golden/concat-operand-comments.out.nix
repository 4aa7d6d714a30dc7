{ config, pkgs }:
{
  fonts =
    config.fonts.fonts
    ++
    # Not these in fonts.conf:
    # they would look bad.
    [
      pkgs.fontA
      pkgs.fontB
    ];
  other =
    config.fonts.fonts
    # on the operator's line
    ++ [ pkgs.fontA ];
}
