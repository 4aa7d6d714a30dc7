if
  a && b

then
  1

else if c then
  2
else

if d then
  3
else
  4
