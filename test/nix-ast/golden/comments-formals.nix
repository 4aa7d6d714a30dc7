{
  # the a
  a,
  b ? 1,
  ...
}:
a
