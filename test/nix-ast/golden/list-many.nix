[
  1
  "two"
  three
]
