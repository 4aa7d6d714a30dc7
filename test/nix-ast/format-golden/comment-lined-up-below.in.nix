# A comment at the end of a line that lines up with the comment or the token right below it
# leads what follows (nixfmt: convertTrivia); one that does not line up trails its line.
{
  list = [
    "
" # lined up with t below
  t
  ];
x = 1; # lined up
       # with this
  y = 2;
  z = 3; # not lined up
   w = 4;
}
