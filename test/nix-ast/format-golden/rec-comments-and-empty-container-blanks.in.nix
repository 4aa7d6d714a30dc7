{
  a = rec /* why rec */ { b = 1; c = b; };
  d = rec
    # before the brace
    { e = 1; };
  f = [ /* nothing yet */

  ];
  g = {

    /* nothing either */ };
}
