{
  option = mkOption {
    default = lib.concatStringsSep "." (options.someLongOptionName.type.getSubOptions options.someName.loc).nested.loc;
  };
}
