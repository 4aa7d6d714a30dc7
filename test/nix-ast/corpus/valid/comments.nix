/**
  A doc comment on the whole file.
*/
# A line comment.
with { };
{
  # before a
  a = 1; # after a
  /* block before b */
  b = [
    1 # one

    # before two
    2
    /* trailing block */
  ];

  c = /* inline */ 3;
  d =
    # value comment
    x: x;
  /*
    multi-line block
  */
  e = f /* arg */ g;
  /**/
  g = { a, # the a
    b ? 1, /* the b */
    ...
  }: a;
  h = "#not a comment /* nor this */";
  i = 1 // /* c */ { };
  # dangling at the end
}
# trailing file comment
