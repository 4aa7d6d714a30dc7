{
  body =
    # before the minus
    -
    # after the minus
    1 ++ [ ];
}
