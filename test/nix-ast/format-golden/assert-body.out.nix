assert x;
y
