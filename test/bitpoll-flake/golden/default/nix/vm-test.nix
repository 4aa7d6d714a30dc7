{
  pkgs,
  module,
  package,
}:
pkgs.testers.runNixOSTest {
  name = "bitpoll";
  nodes = {
    machine = {
      imports = [ module ];
      environment = {
        systemPackages = [
          pkgs.curl
          pkgs.sqlite
        ];
      };
      services = {
        bitpoll = {
          enable = true;
          package = package;
          baseUrl = "http://localhost";
          nginx = {
            enable = true;
            hostName = "localhost";
          };
          backup = {
            enable = true;
          };
          settings = {
            CALENDAR_ENABLED = false;
          };
        };
      };
    };
  };
  testScript = ''
    machine.wait_for_unit("bitpoll.socket")
    machine.wait_for_unit("nginx.service")
    machine.succeed("curl --fail --silent http://localhost/ | grep -i bitpoll")
    machine.wait_for_unit("bitpoll.service")
    machine.succeed("test $(stat -c %a /var/lib/bitpoll/secret_key) = 600")
    machine.succeed("test $(stat -c %a /var/lib/bitpoll/field_encryption_key) = 600")
    machine.succeed(
        "bitpoll-manage shell -c 'from bitpoll.poll.models import Poll; "
        "Poll.objects.create(title=\"VM test poll\", url=\"vm-test-poll\", type=\"universal\")'"
    )
    machine.succeed("curl --fail --silent http://localhost/poll/vm-test-poll/ | grep 'VM test poll'")
    machine.succeed("systemctl start bitpoll-backup.service")
    machine.succeed("ls /var/backup/bitpoll/backup-*/db.sqlite3")
    machine.succeed("ls /var/backup/bitpoll/backup-*/field_encryption_key")
    machine.succeed("sqlite3 /var/backup/bitpoll/backup-*/db.sqlite3 \"select title from poll_poll\" | grep 'VM test poll'")
    machine.fail("grep -r \"$(cat /var/lib/bitpoll/secret_key)\" /nix/store/*-bitpoll-settings.py")
  '';
}
