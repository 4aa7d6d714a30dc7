map (x: builtins.elemAt x 1) (
  sort
    # Compare the first element of the pairs
    (a: b: head a < head b)
    pairs
)
