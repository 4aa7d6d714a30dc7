let
  a =
    let
      b = 1;
    in
    b;
in
let
  c = a;
in
{
  d = c;
  e = 2;
}
