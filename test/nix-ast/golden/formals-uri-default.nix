{
  b ? (https://example.org/x),
  c ? (f https://example.org/y),
  d ? (a.b or https://example.org/z),
}:
b
