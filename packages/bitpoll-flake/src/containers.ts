/**
 * Unit files for hosts without NixOS, from the module author's builders (`module/container.ts`):
 * a Podman Quadlet for the OCI image (`packages.<system>.oci-image`), and a socket-activated
 * systemd service running the package from a Nix profile with the module's sandbox.
 *
 * @module
 */
import { bitpollQuadlet, bitpollSystemdUnit } from "./module/container.js";
import { DEFAULT_UNIT } from "./module/contract.js";
import { unitSection } from "./module/hardening.js";

/** Where the plain systemd unit expects the package: `nix profile install --profile … .#bitpoll`. */
export const PROFILE = "/nix/var/nix/profiles/bitpoll";

/** Where the plain systemd unit expects the settings file (written by the admin, root-owned). */
export const HOST_SETTINGS_FILE = "/etc/bitpoll/settings.py";

/** The socket the plain service is activated on (the module's default socket path). */
export const HOST_SOCKET = `/run/bitpoll/${DEFAULT_UNIT}.sock`;

/** `bitpoll.socket` for the plain service: gunicorn gets the listening socket from systemd. */
export function hostSocketUnit(): string {
  return [
    unitSection("Unit", { Description: "Socket of Bitpoll" }),
    unitSection("Socket", { ListenStream: HOST_SOCKET, SocketUser: DEFAULT_UNIT, SocketGroup: DEFAULT_UNIT, SocketMode: "0660" }),
    unitSection("Install", { WantedBy: "sockets.target" }),
  ].join("\n");
}

/** The files under `container/` and `systemd/` of the generated tree. */
export function containerFiles(version: string): { readonly path: string; readonly text: string }[] {
  return [
    // `nix build .#oci-image && podman load < result` tags the image with the package version.
    { path: "container/bitpoll.container", text: bitpollQuadlet({ image: `localhost/bitpoll:${version}` }) },
    { path: "systemd/bitpoll.service", text: bitpollSystemdUnit(PROFILE, HOST_SETTINGS_FILE) },
    { path: "systemd/bitpoll.socket", text: hostSocketUnit() },
  ];
}
