f a b c
