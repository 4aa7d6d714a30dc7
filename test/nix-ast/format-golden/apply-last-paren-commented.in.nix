{
  overrideArgs = mirrorArgs (
    # Change the arguments with which a certain function is called.
    newArgs: makeOverridable f (overrideWith newArgs)
  );
}
