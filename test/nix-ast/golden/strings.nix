[
  "plain"
  "q\"uote\\back"
  "dollar \${ and \$${x} $$ \${x}"
  "tab\tnl\ncr\r"
  "unicodé ✓"
]
