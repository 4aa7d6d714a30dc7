[
  # first
  1
  2 # two
]
