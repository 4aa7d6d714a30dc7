{
  cfg,
  lib,
  version,
}:
{
  check =
    # why
    assert cfg.enable;
    assert cfg.port > 0 # positive
    ;
    assert lib.versionAtLeast version "2" # new enough
    ; # checked
    cfg;
  own =
    assert cfg.x
    # written alone
    ;
    cfg.y;
}
