with lib;
assert x != null;
{
  a = x;
  b = with pkgs; [ git ];
}
