// The peer of `nix-ast from-json` in the whole-process pairs of cli.mjs: what a user of nijs writes
// to turn a JSON file into Nix (read, JSON.parse, nijs.jsToNix, write to stdout).
// Usage: node nijs-from-json.mjs FILE > out.nix
import { readFileSync } from "node:fs";
import nijs from "nijs";

const data = JSON.parse(readFileSync(process.argv[2], "utf8"));
process.stdout.write(nijs.jsToNix(data, true));
