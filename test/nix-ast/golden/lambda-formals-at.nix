[
  (args@{ a }: args)
  (
    {
      a,
      b,
      c,
      ...
    }@args:
    args
  )
]
