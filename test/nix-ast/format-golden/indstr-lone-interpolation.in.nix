{
  expr = ''
    ${toShellVars { STRing01 = "just a 'string'"; _array_ = [ "with" "more strings" ]; }}
  '';
  message = ''
    Use one of:

    ${lib.concatMapStringsSep "\n" ({ name, ... }: "- `lib.gvariant.${name}` for `${name}` values, as in the schema") validConstructors}
  '';
}
