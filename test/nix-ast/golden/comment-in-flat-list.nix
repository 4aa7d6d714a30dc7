[
  [
    https://example.org/x #
  ]
  [
    {
      a = b; # c
    }
  ]
]
