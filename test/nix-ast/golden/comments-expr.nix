f
  # arg
  x y
