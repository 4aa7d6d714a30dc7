{
  value-a-rather-long-name-that-takes-up-space = someFunction arg1-a-rather-long-name-that-takes-up-space arg2-a-rather-long-name-that-takes-up-space;
  cond =
    if x == 1 then
      "yes-a-rather-long-name-that-takes-up-space"
    else
      "no-a-rather-long-name-that-takes-up-space";
  l =
    let
      y = 1;
    in
    y;
}
