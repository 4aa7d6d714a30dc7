x:
if a then
  b
# about c
else
  c
