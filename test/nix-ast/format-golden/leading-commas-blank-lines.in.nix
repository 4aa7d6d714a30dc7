{ a ? 1

, # the second
  b ? 2

, c

, ... }:
a
