/*
  A block
  comment
*/
{ a = 1; }
