f:
# the string
s:
f s
