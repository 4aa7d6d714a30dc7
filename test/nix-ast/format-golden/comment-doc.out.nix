{
  /**
    Doc for f.
  */
  f = x: x;
}
