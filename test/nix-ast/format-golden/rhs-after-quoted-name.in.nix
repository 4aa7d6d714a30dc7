{
  x = {
    "lib.fileset.fileFilter: The predicate function passed as the first argument must be able to handle extra attributes." =
      null;
  };
}
