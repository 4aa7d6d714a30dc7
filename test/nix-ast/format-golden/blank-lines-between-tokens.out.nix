{
  conf

    =

      pkgs.writeText

        "name"

        "text";

  type =
    types.unspecified

    //

      {
        merge = mergeEqualOption;
      };

  apply =
    pkgs:

    pkgs.extend (
      self:

      super:
      { }
    );

  patches =
    (old.patches

      or

      [ ]
    )
    ++ extra;

  plain = {
    a = 1;
  };
}
