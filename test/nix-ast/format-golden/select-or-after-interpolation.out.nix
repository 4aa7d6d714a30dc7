{
  pick =
    n:
    {
      "1" = "one";
      "2" = "two";
    }
    .${toString (length n)}
    or (throw "this message is long enough that the default cannot stay on the selection line");
}
