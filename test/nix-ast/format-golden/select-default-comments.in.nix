{ cfg }:
{
  port = cfg.port # from the user
    or cfg.defaultPort # then the module's
    or # and at last
    8080;
  host = cfg.host /* empty */ or /* comments */ cfg.fallbackHost;
}
