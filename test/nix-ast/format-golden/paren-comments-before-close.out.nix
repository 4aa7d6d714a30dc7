{
  a = (
    something
    # after it, on its own line
  );
  b = f (
    x # on its line
  ) y;
  c = g (
    x

    # after a blank line
  );
}
