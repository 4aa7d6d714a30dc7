# An example NixOS configuration using the Bitpoll module. Import it next to the flake's
# `nixosModules.default`; see README.md.
{ ... }: { services.bitpoll.enable = true; }
