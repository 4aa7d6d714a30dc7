[
  ({ a /* after a */ , /* after its comma */ b }: a)
  ({ a
   , b # after b
   # before the comma
   , c
  }: a)
  ({ /* after the brace */ a, b ? null /* after the default */ }: a)
  ({ a, ... /* after the dots */ }: a)
  ({ a }
  # before the colon
  : a)
]
