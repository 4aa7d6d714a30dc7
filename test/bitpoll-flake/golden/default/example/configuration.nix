# An example NixOS configuration using the Bitpoll module. Import it next to the flake's
# `nixosModules.default`, which also sets `services.bitpoll.package`; see README.md.
{ ... }: {
  services.bitpoll = {
    enable = true;
    baseUrl = "https://poll.example.org";
    allowedHosts = [ "www.poll.example.org" ];
    database.type = "postgresql";
    nginx = {
      enable = true;
      enableACME = true;
    };
    backup = {
      enable = true;
      schedule = "*-*-* 03:15:00";
    };
    settings = {
      SITE_NAME = "Example polls";
      TIME_ZONE = "Europe/Berlin";
    };
  };
  # `nginx.enableACME` gets a Let's Encrypt certificate.
  security.acme = {
    acceptTerms = true;
    defaults.email = "admin@example.org";
  };
  networking.firewall.allowedTCPPorts = [
    80
    443
  ];
}
