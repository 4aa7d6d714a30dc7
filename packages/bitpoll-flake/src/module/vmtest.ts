/**
 * The NixOS VM test of the module, as a nix-ast value for the flake's `checks`:
 * `{ pkgs, module, package }: pkgs.testers.runNixOSTest { … }`. It starts Bitpoll behind nginx,
 * waits for it, fetches a page, creates a poll with `bitpoll-manage`, runs a backup and checks it.
 * VMs cannot run on the build machines here: the test suite evaluates it against the stand-ins.
 *
 * @module
 */
import { fn, ind, list, ref, type Expr } from "nix-ast";

/** The test script (Python, run by the NixOS test driver). */
export const VM_TEST_SCRIPT = `machine.wait_for_unit("bitpoll.socket")
machine.wait_for_unit("nginx.service")
machine.succeed("curl --fail --silent http://localhost/ | grep -i bitpoll")
machine.wait_for_unit("bitpoll.service")
machine.succeed("test $(stat -c %a /var/lib/bitpoll/secret_key) = 600")
machine.succeed("test $(stat -c %a /var/lib/bitpoll/field_encryption_key) = 600")
machine.succeed(
    "bitpoll-manage shell -c 'from bitpoll.poll.models import Poll; "
    "Poll.objects.create(title=\\"VM test poll\\", url=\\"vm-test-poll\\", type=\\"universal\\")'"
)
machine.succeed("curl --fail --silent http://localhost/poll/vm-test-poll/ | grep 'VM test poll'")
machine.succeed("systemctl start bitpoll-backup.service")
machine.succeed("ls /var/backup/bitpoll/backup-*/db.sqlite3")
machine.succeed("ls /var/backup/bitpoll/backup-*/field_encryption_key")
machine.succeed("sqlite3 /var/backup/bitpoll/backup-*/db.sqlite3 \\"select title from poll_poll\\" | grep 'VM test poll'")
machine.fail("grep -r \\"$(cat /var/lib/bitpoll/secret_key)\\" /nix/store/*-bitpoll-settings.py")
`;

/** `{ pkgs, module, package }: pkgs.testers.runNixOSTest { … }`. */
export function bitpollVmTest(): Expr {
  return fn(["pkgs", "module", "package"], () =>
    ref("pkgs.testers.runNixOSTest")({
      name: "bitpoll",
      nodes: {
        machine: {
          imports: list(ref("module")),
          environment: { systemPackages: list(ref("pkgs.curl"), ref("pkgs.sqlite")) },
          services: {
            bitpoll: {
              enable: true,
              package: ref("package"),
              baseUrl: "http://localhost",
              nginx: { enable: true, hostName: "localhost" },
              backup: { enable: true },
              settings: { CALENDAR_ENABLED: false },
            },
          },
        },
      },
      testScript: ind(VM_TEST_SCRIPT),
    }),
  );
}
