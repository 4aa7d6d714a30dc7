[
  1
  2
  # the end
]
