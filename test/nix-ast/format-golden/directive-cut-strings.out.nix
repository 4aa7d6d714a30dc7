{
  # The region starts inside an interpolation and ends after the string:
  # every line of the string stays at its source column.
  script = ''
      echo ${
/*nixfmt:disable*/
        pkg
      }/bin
  done
  '';
  kept   =   [ 1 2 ];
/*nixfmt:enable*/

  formatted = [
    1
    2
  ];

  # The region starts before the string and ends inside an interpolation.
/*nixfmt:disable*/
  head   =   ''
      first ${
/*nixfmt:enable*/
        a + b
      }
    second
  '';

  # One line, cut: it keeps its two single quotes.
/*nixfmt:disable*/
  one = ''${
/*nixfmt:enable*/
    name
  }'';

  # Balanced inside one interpolation: not cut, reindented and converted.
  balanced = "${
/*nixfmt:disable*/
    f   x
/*nixfmt:enable*/
  }";
}
