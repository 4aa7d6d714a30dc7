[
  (
    # about the function
    { b, e, ... }: b
  )
  (
    # after the brace
    { b, e }: b
  )
  [
    a # one two
  ]
]
