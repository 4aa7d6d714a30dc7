# file header
{
  # leading
  a = 1; # trailing

  /**
    Documentation of b.

    More.
  */
  b = 2;
  c = [
    # item
    1
    2 # two

    3
  ];
  # single block
  d = 4;
}
