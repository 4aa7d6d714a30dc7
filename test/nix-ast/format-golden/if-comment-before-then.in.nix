if
  attrNames options == [ "_module" ]
# No options were declared at all
then
  a
else if
  final.isLinux # default
then
  "glibc"
else
  b
