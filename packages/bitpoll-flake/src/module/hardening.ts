/**
 * The sandbox every Bitpoll unit runs in, as plain data: the module emits it into
 * `systemd.services.<unit>.serviceConfig`, the OCI/Quadlet unit reuses it, and the tests score the
 * same values with `systemd-analyze security --offline=true`.
 *
 * Measured with systemd 252 (see `docs/bitpoll-module.md`): 0.2 without outbound network, 1.0 with
 * outbound network limited to public addresses (the default while `CALENDAR_ENABLED` is on), 1.1 with
 * unrestricted outbound network.
 *
 * @module
 */

/** A unit-file value: booleans print as `true`/`false`, lists as repeated lines. */
export type UnitValue = string | number | boolean | readonly string[];

/** `[Service]` settings shared by the web service, its backup job and the container unit. */
export const SANDBOX: { readonly [key: string]: UnitValue } = {
  // Files and the file system: read-only OS, nothing of /home, private /tmp and /dev.
  UMask: "0077",
  ProtectSystem: "strict",
  ProtectHome: true,
  PrivateTmp: true,
  PrivateDevices: true,
  DevicePolicy: "closed",
  PrivateMounts: true,
  // Kernel and host state the app never needs.
  PrivateUsers: true,
  ProtectClock: true,
  ProtectKernelTunables: true,
  ProtectKernelModules: true,
  ProtectKernelLogs: true,
  ProtectControlGroups: true,
  ProtectHostname: true,
  ProtectProc: "invisible",
  ProcSubset: "pid",
  KeyringMode: "private",
  // Privileges: none to start with, no way to gain any.
  NoNewPrivileges: true,
  CapabilityBoundingSet: "",
  AmbientCapabilities: "",
  RestrictNamespaces: true,
  RestrictRealtime: true,
  RestrictSUIDSGID: true,
  LockPersonality: true,
  // CPython without a JIT never maps writable+executable memory; cryptography is Rust, not cffi callbacks.
  MemoryDenyWriteExecute: true,
  RemoveIPC: true,
  SystemCallArchitectures: "native",
  SystemCallFilter: ["@system-service", "~@privileged @resources"],
  // A refused call fails with EPERM instead of killing a worker mid-request.
  SystemCallErrorNumber: "EPERM",
};

/** How much of the network a unit may reach. */
export type OutboundNetwork = "none" | "public" | "any";

/** The outbound network modes, in the order of the `network.outbound` enum. */
export const OUTBOUND_MODES: readonly OutboundNetwork[] = ["none", "public", "any"];

/**
 * Ranges that are not the public internet: loopback, RFC 1918, CGNAT, link-local (cloud metadata at
 * 169.254.169.254), benchmarking, multicast and reserved. CalDAV URLs come from users, so the
 * default sandbox keeps them from reaching into the LAN (server-side request forgery).
 */
export const NON_PUBLIC_IPV4: readonly string[] = [
  "0.0.0.0/8",
  "10.0.0.0/8",
  "100.64.0.0/10",
  "127.0.0.0/8",
  "169.254.0.0/16",
  "172.16.0.0/12",
  "192.0.0.0/24",
  "192.168.0.0/16",
  "198.18.0.0/15",
  "224.0.0.0/3",
];

/** IPv6 global unicast: excludes loopback, link-local, unique-local and multicast. */
export const PUBLIC_IPV6 = "2000::/3";

function parseV4(cidr: string): { base: number; len: number } {
  const [addr, len] = cidr.split("/");
  const octets = (addr ?? "").split(".").map(Number);
  const base = octets.reduce((acc, o) => acc * 256 + o, 0);
  return { base, len: Number(len) };
}

function showV4({ base, len }: { base: number; len: number }): string {
  const o = [24, 16, 8, 0].map((s) => Math.floor(base / 2 ** s) % 256);
  return `${o.join(".")}/${len}`;
}

/** `0.0.0.0/0` minus the given ranges, as the smallest list of CIDR blocks, in address order. */
export function ipv4Complement(excluded: readonly string[]): string[] {
  const ex = excluded.map(parseV4);
  const out: string[] = [];
  const walk = (base: number, len: number): void => {
    const size = 2 ** (32 - len);
    const inside = ex.some((e) => e.len <= len && Math.floor(base / 2 ** (32 - e.len)) === Math.floor(e.base / 2 ** (32 - e.len)));
    if (inside) return;
    const overlaps = ex.some((e) => e.len > len && e.base >= base && e.base < base + size);
    if (!overlaps) {
      out.push(showV4({ base, len }));
      return;
    }
    walk(base, len + 1);
    walk(base + size / 2, len + 1);
  };
  walk(0, 0);
  return out;
}

/** The allow list for `network.outbound = "public"`: every public IPv4 block and IPv6 global unicast. */
export const PUBLIC_ADDRESSES: readonly string[] = [...ipv4Complement(NON_PUBLIC_IPV4), PUBLIC_IPV6];

/**
 * The network part of the sandbox for a mode; `extraAllowed` are addresses the admin adds (a LAN
 * mail relay, a database host, the resolver). Listening sockets come from socket activation, so even
 * `"none"` serves TCP listeners: the socket unit, not the service, owns them.
 */
export function networkSandbox(mode: OutboundNetwork, extraAllowed: readonly string[] = []): { readonly [key: string]: UnitValue } {
  switch (mode) {
    case "none":
      return extraAllowed.length === 0
        ? { PrivateNetwork: true, RestrictAddressFamilies: "AF_UNIX", IPAddressDeny: "any" }
        : {
            RestrictAddressFamilies: "AF_UNIX AF_INET AF_INET6",
            IPAddressDeny: "any",
            IPAddressAllow: [...extraAllowed],
          };
    case "public":
      return {
        RestrictAddressFamilies: "AF_UNIX AF_INET AF_INET6",
        IPAddressDeny: "any",
        IPAddressAllow: [...PUBLIC_ADDRESSES, ...extraAllowed],
      };
    case "any":
      return { RestrictAddressFamilies: "AF_UNIX AF_INET AF_INET6" };
  }
}

/** One `[Section]` of a unit file from key/value data (lists repeat the key, booleans are words). */
export function unitSection(name: string, entries: { readonly [key: string]: UnitValue | null | undefined }): string {
  const lines = [`[${name}]`];
  for (const [k, v] of Object.entries(entries)) {
    if (v === null || v === undefined) continue;
    const values = Array.isArray(v) ? (v as readonly string[]) : [v as string | number | boolean];
    for (const x of values) lines.push(`${k}=${typeof x === "boolean" ? (x ? "true" : "false") : String(x)}`);
  }
  return `${lines.join("\n")}\n`;
}
