with { };
[
  ''''
  ''a''
  ''
    two spaces stripped
      four spaces keep two
  ''
  ''
      first line with spaces only is dropped
    last line ends with spaces
    ''
  ''  not a newline opening''
  ''
    escapes: ''$ ''' ''\n ''\t ''\r ''\' ''\\ ''\x
    literal dollar-brace: ''${x} and $${x} and $
    a quote ' and '' ''\'''${x}
  ''
  ''
    ${x} at line start ends the indentation
      ${y}
    text
  ''
  ''
  	tab is not indentation
    spaces are
  ''
  ''

    blank lines do not count


      deeper
  ''
  ''
    trailing $
  ''
  ''
    ''\  escaped space at line start
  ''
  ''a'b'$c$''
  ''x${x}''
  ''${x}''
  ''
    ''${x} ''$ ${"interp"}
  ''
]
