{
  script = ''
    run ${
      lib.getExe pkgs.hello
      # the packaged binary
    } --greeting
  '';
  name = "${pname # the package
  }-${version}";
  balanced = ''${
/*nixfmt:disable*/
    f   x   y
/*nixfmt:enable*/
  }'';
}
