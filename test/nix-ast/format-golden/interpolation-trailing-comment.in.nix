# A comment after the expression of ${…}, on its line, stays inside the braces (nixfmt: the
# trailing comment of its last token), in strings, attribute names and selections.
{
  s = "${c /* g */}";
  x = a.${b.${c} # d
  };
  ${k /* e */} = 1;
}
