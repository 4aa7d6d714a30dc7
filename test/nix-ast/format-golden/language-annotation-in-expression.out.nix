{
  script = writeShellScript "run" /* bash */ ''
    echo hi
  '';
  ratio = a / /* sh */ "" p;
  applied =
    # what it runs
    /* bash */ "echo hi" A;
}
