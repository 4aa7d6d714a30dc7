let {
  a = 1;
  body = a;
}
