{
  f = { a
/*nixfmt:disable*/
, b    ? 3
, c
/*nixfmt:enable*/
, d
}: a;
}
