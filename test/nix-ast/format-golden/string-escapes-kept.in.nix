"a\tb\${c}"
