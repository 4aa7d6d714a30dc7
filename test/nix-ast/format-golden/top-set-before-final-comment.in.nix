{ a = 1; }
# written after the set: the set expands
