{ fetchurl }:
{
  name /* why */ = "demo";
  version = "1.0" # pinned
  ;
  src
    # from the mirror
    = fetchurl { url = "https://example.org/demo.tar.gz"; };
  b = 2 /* two */ /* still */;
  c = 3

    # alone
    ;
  e /* x */ = /* y */ 5 /* z */;
}
