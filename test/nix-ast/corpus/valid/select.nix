with { };
[
  a.b
  a.b.c
  (a.b).c
  a.b.c or d
  a.b or c.d
  a.b or c or d
  a."b c"
  a.${b}
  a.${b}.c
  a."${b}c"
  a.or
  a.or or b
  (x or y)
  (f or)
  (map or [ 1 ])
  (f a.b c.d or e)
  ({ a = 1; }.a)
  ([ 1 ])
  (rec { a = 1; }.a)
  ("s".x or 1)
]
