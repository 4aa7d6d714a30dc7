{ self }: {
  name = "bitpoll";
  nodes.machine = {
    imports = [
      self.nixosModules.default
      ../example/configuration.nix
    ];
    environment.etc."bitpoll/test-settings.py".text = ''
      # Test-only values: this VM serves nothing.
      SECRET_KEY = "vm-test-only"
      FIELD_ENCRYPTION_KEY = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
      DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "/tmp/bitpoll.sqlite3"}}
    '';
  };
  testScript = ''
    machine.wait_for_unit("multi-user.target")
    machine.succeed("bitpoll-manage --version")
    machine.succeed("BITPOLL_SETTINGS_FILE=/etc/bitpoll/test-settings.py bitpoll-manage check")
  '';
}
