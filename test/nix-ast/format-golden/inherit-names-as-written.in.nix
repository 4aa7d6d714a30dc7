let
  foo = 1;
  "bar" = 2;
  ${"baz"} = 3;
  or = 4;
  "in" = 5;
in
{
  inherit ${"foo"} "bar";
  inherit or ${ "baz" } "in";
  x = { inherit (  { a = 1; }  ) "a"; };
}
