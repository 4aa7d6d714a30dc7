[
  (a && f x)
  (xs ++ lib.optional c "s")
  (
    a-a-rather-long-name-that-takes-up-space
    && isLocalHost i.email.host
    && g b-a-rather-long-name-that-takes-up-space
  )
]
