f
  # arg
  x
  y
