{
  a = 1;
  # trailing remark
}
