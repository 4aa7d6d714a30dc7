# Identifiers followed by `.` or `+`: the lexer's fast path must still find the paths and URIs
# that start at them (longest match), and nothing else.
with { };
[
  lib.attrsets.foo
  (a.b.c or d)
  a.b/c
  a.b.c/d.e
  a+b/c
  (a + b)
  (a.b + c.d)
  a_b.c/d
  a'.b
  a'x.b/c
  a-b.c/d
  x.y:z
  a+b:c
  a.b_c
  a_b.c
  ({ a.b = 1; }.a.b)
  (x: x.y)
  (x.y or 1)
  a.${b}.c
  a."b".c
]
