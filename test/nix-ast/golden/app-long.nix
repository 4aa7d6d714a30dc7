someFunction argument1-a-rather-long-name-that-takes-up-space
  argument2-a-rather-long-name-that-takes-up-space
  argument3-a-rather-long-name-that-takes-up-space
