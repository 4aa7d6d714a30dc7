writeShellScript "name" ''
  exec ${pkg.out}/bin/x "$@"
''
