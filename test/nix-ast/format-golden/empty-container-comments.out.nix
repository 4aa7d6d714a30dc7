{
  a = [
    # c
  ];
  b = {
    # d
  };
  l = [
    [
      # e
    ] # after
    {
      # f
    }
  ];
  x =
    if c then
      {
        # nothing
      }
    else
      y;
}
