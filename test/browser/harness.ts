/**
 * Real Chromium for the browser tests: Debian's `chromium` driven by playwright-core (its own
 * browser download is not reachable here), and a static file server on loopback for built pages.
 *
 * Where Chromium cannot start, the tests skip with a visible notice, except under `CI=true`, where
 * that is a failure (`.ci/run` installs Chromium).
 */
import { createServer, type Server } from "node:http";
import { existsSync, readFileSync, statSync } from "node:fs";
import { extname, join, normalize, sep } from "node:path";
import type { AddressInfo } from "node:net";
import { chromium, type Browser } from "playwright-core";

/** Where Debian puts Chromium; CHROMIUM overrides. */
export const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

/** Flags for a headless Chromium on a machine without network (no background connections). */
const FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];

/** Starts Chromium, or returns why it could not (the caller skips or, under CI, fails). */
export async function launchChromium(): Promise<Browser | string> {
  if (!existsSync(CHROMIUM)) return `no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM)`;
  try {
    return await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS, timeout: 60_000 });
  } catch (e) {
    return `Chromium at ${CHROMIUM} did not start: ${(e as Error).message.split("\n")[0]}`;
  }
}

/** Chromium, or a visible skip (outside CI) / a thrown error (under CI=true). */
export async function chromiumOrSkip(suite: string): Promise<Browser | undefined> {
  const b = await launchChromium();
  if (typeof b !== "string") return b;
  if (process.env.CI === "true") throw new Error(`${suite}: ${b}; CI requires Chromium`);
  console.warn(`SKIPPED ${suite}: ${b}`);
  return undefined;
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
};

/** Serves the files of `root` on 127.0.0.1 (a free port); `close()` stops it. */
export async function serveStatic(root: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    const file = normalize(join(root, path.endsWith("/") ? `${path}index.html` : path));
    if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end("not found");
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
    res.end(readFileSync(file));
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
