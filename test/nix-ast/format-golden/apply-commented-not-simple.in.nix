if a then
  b
else
  # Keep in sync with the same error below!
  throw "The option `${showOption loc}' in `${opt._file}' is already declared in ${showFiles res.declarations}."
