baseName:
(
  match "^.*\\.sw[a-z]$" baseName != null
  ||

    # Filter out generated files.
    lib.hasSuffix ".o" baseName
  || lib.hasSuffix ".so" baseName
)
