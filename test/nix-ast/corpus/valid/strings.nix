with { };
[
  ""
  "plain"
  "escapes: \n \r \t \\ \" \$ \a \{"
  "dollar: $ $$ $${x} $$${x} \${x} $\{x} $"
  "ends with a dollar $"
  "$"
  "$\\"
  "a${x}b${"${y}"}c"
  "${x}"
  "nested ${"inner ${x} more"} done"
  "multi
line
string"
  "unicode: é ü 日本 🎉"
  "brace { } and dollar-brace inside text: \${ }"
  "quote \" and backslash \\"
  "tab	literal"
]
