# Python packages Bitpoll needs that nixpkgs lacks. Use it as `packageOverrides` of
# `python3.override`, or add it to `pythonPackagesExtensions`.
pyfinal: _pyprev: {
  django-pipeline = pyfinal.callPackage ./python-modules/django-pipeline.nix { };
  libsasscompiler = pyfinal.callPackage ./python-modules/libsasscompiler.nix { };
  django-friendly-tag-loader =
    pyfinal.callPackage ./python-modules/django-friendly-tag-loader.nix
      { };
  django-token-bucket = pyfinal.callPackage ./python-modules/django-token-bucket.nix { };
  django-simple-csp = pyfinal.callPackage ./python-modules/django-simple-csp.nix { };
  cryptojwt = pyfinal.callPackage ./python-modules/cryptojwt.nix { };
  simple-openid-connect = pyfinal.callPackage ./python-modules/simple-openid-connect.nix { };
}
