lib.runTests (
  {
    a = 1;
  }

  // {
    b = 2;
  }

)
