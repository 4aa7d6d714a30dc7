/**
 * Source pins: which release of Bitpoll and of each Python package the flake fetches, and the hash
 * Nix checks it against. The defaults live in `data/pins.json` (facts gathered for the team); a
 * configuration file or {@link BitpollFlake.withPin} can change any of them.
 *
 * A hash that is not known is `null`, never guessed: the generated Nix then carries `lib.fakeHash`
 * and the generator warns, naming the pin and how to obtain the real value ({@link missingHashes}).
 *
 * @module
 */
import { readFileSync } from "node:fs";
import { z } from "zod";

/** An SRI sha256 hash as Nix writes it: `sha256-` and 44 base64 characters. */
export const SriHash = z
  .string()
  .regex(/^sha256-[A-Za-z0-9+/]{43}=$/, "expected an SRI hash: sha256- followed by 44 base64 characters");

/** A full 40-digit git commit id (tags move; commits do not). */
export const GitRev = z.string().regex(/^[0-9a-f]{40}$/, "expected a full 40-digit lowercase git commit id");

/** A version string as PyPI and git tags spell them. */
export const Version = z.string().regex(/^[0-9A-Za-z][0-9A-Za-z.+_-]*$/, "expected a version such as 1.2.3");

const Name = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "expected a GitHub or PyPI name");

/** A tree fetched from GitHub with `fetchFromGitHub` (hash: NAR hash of the unpacked tree). */
export const GithubSource = z.strictObject({
  type: z.literal("github"),
  owner: Name,
  repo: Name,
  rev: GitRev,
  hash: SriHash.nullable(),
});

/** An sdist fetched from PyPI with `fetchPypi` (hash: of the sdist file). */
export const PypiSource = z.strictObject({
  type: z.literal("pypi"),
  /** The name in the sdist's file name (`django_token_bucket-0.2.4.tar.gz`), which fetchPypi needs. */
  pname: Name,
  hash: SriHash.nullable(),
});

/** Where a Python package's source comes from. */
export const Source = z.discriminatedUnion("type", [GithubSource, PypiSource]);

/** The pin of one Python package the overlay builds. */
export const PythonPin = z.strictObject({
  version: Version,
  source: Source,
  /** Why this version (printed beside `version`), e.g. when it differs from what Bitpoll asks for. */
  note: z.string().optional(),
});

/** The pin of Bitpoll itself, always a GitHub release commit. */
export const BitpollPin = z.strictObject({
  version: Version,
  owner: Name,
  repo: Name,
  rev: GitRev,
  hash: SriHash.nullable(),
});

/** Every pin the flake needs. */
export const Pins = z.strictObject({
  about: z.string().optional(),
  nixpkgs: z.string(),
  bitpoll: BitpollPin,
  python: z.record(z.string(), PythonPin),
});

/** A GitHub source pin. */
export type GithubSource = z.infer<typeof GithubSource>;
/** A PyPI source pin. */
export type PypiSource = z.infer<typeof PypiSource>;
/** A source pin. */
export type Source = z.infer<typeof Source>;
/** A Python package pin. */
export type PythonPin = z.infer<typeof PythonPin>;
/** Bitpoll's pin. */
export type BitpollPin = z.infer<typeof BitpollPin>;
/** All pins. */
export type Pins = z.infer<typeof Pins>;

/** The default pins, read once from the package's `data/pins.json`. */
export const DEFAULT_PINS: Pins = deepFreeze(
  Pins.parse(JSON.parse(readFileSync(new URL("../data/pins.json", import.meta.url), "utf8"))),
);

/** A pin whose hash is unknown, with the way to find it. */
export interface MissingHash {
  /** `bitpoll` or the Python package name. */
  readonly pin: string;
  /** Where to set it in a configuration file. */
  readonly field: string;
  /** A command that prints the hash. */
  readonly howTo: string;
}

/** The command that yields the hash of a source. */
export function prefetchCommand(source: Source | BitpollPin, version: string): string {
  if ("type" in source && source.type === "pypi") {
    const first = source.pname.charAt(0);
    const url = `https://files.pythonhosted.org/packages/source/${first}/${source.pname}/${source.pname}-${version}.tar.gz`;
    return `nix store prefetch-file --json ${url} | jq -r .hash`;
  }
  // fetchFromGitHub hashes the unpacked tree (a NAR hash), which `nix flake prefetch` prints.
  return `nix flake prefetch --json github:${source.owner}/${source.repo}/${source.rev} | jq -r .hash`;
}

/** Lists the pins whose hash is still unknown. */
export function missingHashes(pins: Pins): MissingHash[] {
  const out: MissingHash[] = [];
  if (pins.bitpoll.hash === null) {
    out.push({ pin: "bitpoll", field: "pins.bitpoll.hash", howTo: prefetchCommand(pins.bitpoll, pins.bitpoll.version) });
  }
  for (const [name, pin] of Object.entries(pins.python)) {
    if (pin.source.hash === null) {
      out.push({ pin: name, field: `pins.python.${name}.hash`, howTo: prefetchCommand(pin.source, pin.version) });
    }
  }
  return out;
}

/** Freezes a JSON-like value all the way down, so shared defaults cannot be mutated. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
