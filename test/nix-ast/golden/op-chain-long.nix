{
  buildInputs = [
    a
    b
  ]
  ++ lib.optionals withFoo [
    foo
    bar
  ]
  ++ [ c ];
  flags =
    cond1-a-rather-long-name-that-takes-up-space
    || cond2-a-rather-long-name-that-takes-up-space
    || cond3-a-rather-long-name-that-takes-up-space;
  u = base // {
    x = 1;
    y = 2;
  };
}
