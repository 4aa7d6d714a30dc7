{
  weird =
    args@{
      ... # note the lack of a `lib` argument
    }:
    args.lib;
  f =
    {
      a,
      ... # more
    }:
    a;
}
