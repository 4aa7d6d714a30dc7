{
  a = f {
    x = 1;
    y = 2;
  };
  b = x: {
    y = x;
    z = 2;
  };
  c = [
    p
    q
  ];
  d = with pkgs; [
    hello
    git
  ];
  e = lib.mkIf cond { x = 1; };
}
