name: {
  ${"test_${name}"} = 1;
  "plain_${name}" = 2;
  x.${"y"} = 3;
}
