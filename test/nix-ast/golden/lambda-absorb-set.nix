{ a, b }: {
  x = a;
  y = b;
}
