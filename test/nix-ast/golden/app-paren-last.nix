map (x: x + 1) (
  filter predicate-a-rather-long-name-that-takes-up-space someLongListName-a-rather-long-name-that-takes-up-space
)
