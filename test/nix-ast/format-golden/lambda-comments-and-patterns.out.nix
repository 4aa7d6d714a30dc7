[
  (
    x # why
    :
    x + 1
  )
  (
    x # why
    : # then
    x
  )
  (
    # inline
    { a }: { x = a; }
  )
  (
    {

    }:
    null
  )
  ({ pkgs, ... }: {
    # nothing yet
  })
  (a: b: {
    # nothing here either
  })
]
