// One parse or format of one file in a fresh process, for cli.mjs's peak-memory figures (the
// process is run with rss.mjs preloaded). Usage: node memory.mjs parse|format FILE
import { readFileSync } from "node:fs";
import * as nodePath from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const { parse, format } = await import(nodePath.join(root, "packages/nix-ast/dist/index.js"));
const [what, file] = process.argv.slice(2);
const src = readFileSync(file, "utf8");
const out = what === "parse" ? parse(src) : format(src);
// Keep the result alive to the end, as a caller would hold it.
if (out === null) process.exitCode = 3;
