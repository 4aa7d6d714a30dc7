# Blank lines between the comments of one gap in an inherit stay (one), as nixfmt keeps them:
# trivia of the next name.
{
  inherit
    a # after a

    # one
    # two

    # three, after blank lines
    b
    /*
      block,
      two lines
    */

    # after a block comment
    c
    ;
}
