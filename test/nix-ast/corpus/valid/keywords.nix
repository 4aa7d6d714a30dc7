with { };
[
  (if a then b else c)
  (if a then b else if c then d else e)
  (if if a then b else c then d else e)
  (with a; with b; c)
  (assert a; assert b; c)
  (assert a -> b; c)
  (let a = 1; in let b = 2; in a + b)
  (with a; x: with b; { c }: if c then x else let d = 1; in d)
  (a: with a; assert a; let b = a; in if b then b else b)
  (f (x: x) (with a; b) (if a then b else c) (let in 1))
]
