if x == 1 then
  "one"
else if x == 2 then
  "two"
else if big then
  [
    1
    2
  ]
else
  "many"
