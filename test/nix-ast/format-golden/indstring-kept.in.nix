''
  line one
    indented ''${x}
  ${y}
''
