assert x; y
