if a then
  1
else
# If there are nested modifications
if b then
  2
else
  3
