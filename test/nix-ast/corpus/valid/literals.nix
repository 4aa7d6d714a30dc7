# Integers, floats and their lexing traps (docs/parser.md).
with { };
[
  0
  007
  9223372036854775807
  1.
  .5
  0.5
  1.5e3
  1.e-3
  1.5E+2
  2.2250738585072014e-308
  0.0e-999
  1e3 # the int 1 applied to the variable e3
  1e-3
  01.5 # 01 then .5
  00.5
  1.5.3 # 1.5 then .3
  1.a
  (-1)
  (- 1)
  (-9223372036854775807 - 1)
  https://example.org/a?b=c&d=e
  x:x # a URI, not a lambda
  a:b/c
  git+ssh://host/x.git
  __curPos
  true
  false
  null
]
