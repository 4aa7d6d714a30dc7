{
  script = ''
    echo hello
    if [ -f ${x} ]; then
      cat ''${HOME}/'''quoted'''
    fi
  '';
  one = ''single line'';
  noNl = ''
    a
    b'';
}
