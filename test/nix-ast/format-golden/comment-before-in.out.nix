let
  a = 1;

  # Note: we append in the opposite order
  # works.
in
a
