if a then
  null # unset
else
  "x"
