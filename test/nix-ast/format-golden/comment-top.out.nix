# header
{ a = 1; }
