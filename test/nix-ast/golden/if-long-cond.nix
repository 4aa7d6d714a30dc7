if
  condition1-a-rather-long-name-that-takes-up-space
  && (
    condition2-a-rather-long-name-that-takes-up-space
    || condition3-a-rather-long-name-that-takes-up-space
  )
then
  1
else
  2
