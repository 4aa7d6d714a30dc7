with { };
[
  { }
  { a = 1; }
  rec { a = 1; b = a; }
  { a.b.c = 1; a.b.d = 2; a.e = 3; }
  { a = { b = 1; }; a.c = 2; }
  { a.b = 1; a = { c = 2; }; }
  { a = { b = 1; }; a = { c = 2; }; }
  { a = ({ b = 1; }); a.c = 2; }
  { ${"a"}.b = 1; a.c = 2; }
  { or = 1; "or\"" = 2; or' = 3; }
  { "a b" = 1; "" = 2; "${x}" = 3; ${x} = 4; "a${x}" = 5; ${x}.y = 6; }
  { ${x}.a = 1; ${x}.b = 2; }
  { "with \"quotes\"" = 1; "\${not}" = 2; }
  { ${''a''} = 1; b = 2; }
  { inherit a b; inherit (x) c d; inherit (x.y) "e" f; inherit "g"; inherit or; }
  { inherit ${"h"}; }
  { inherit; }
  { inherit (x); }
  { __curPos = 1; x = y.__curPos; }
  { a-b = 1; a'b = 2; _c = 3; }
  (let in 1)
  (let a = 1; b = a; in b)
  (let a.b = 1; a.c = 2; in a)
  (let a.${"x"} = 1; in a)
  (let ${"x"} = 1; in x)
  (let inherit (x) y; in y)
  (let { a = 1; body = a; })
  (let { body = 1; }.x)
  (let { ${x} = 1; body = 2; })
]
