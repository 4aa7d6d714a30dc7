[
  a.b.c
  (a.b).c
  a.b or c.d
  a.b or (f x)
  (f x).y
  1 .a
  1.5 .a
  (-1).a
  (./a).b
  { a = 1; }.a
  a.or."x y".${k}
  (a.b or c).d
]
