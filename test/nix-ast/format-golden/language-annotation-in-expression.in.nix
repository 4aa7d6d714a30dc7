{
  script = writeShellScript "run" /* bash */ ''
    echo hi
  '';
  ratio = a / /* sh */ "" p;
  applied = /* bash */ ''echo hi'' # what it runs
    A;
}
