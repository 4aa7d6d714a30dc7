f a-a-rather-long-name-that-takes-up-space b
