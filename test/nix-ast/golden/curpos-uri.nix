[
  __curPos
  https://example.org/x
]
