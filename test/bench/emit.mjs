// One measurement in a fresh process, so peak memory belongs to this emitter and size alone.
// Usage: node emit.mjs <nix-ast|nix-ast-tree|nijs> <records> <repeats>
//   nix-ast       printValue(data): plain data written straight from the value
//   nix-ast-tree  print(fromValue(data)): the same text through a whole AST
import { records } from "./records.mjs";

const [tool, nArg, repArg] = process.argv.slice(2);
const n = Number(nArg);
const repeats = Number(repArg ?? 3);
const data = records(n);

let emit;
if (tool === "nix-ast") {
  const { printValue } = await import("../../packages/nix-ast/dist/index.js");
  emit = () => printValue(data);
} else if (tool === "nix-ast-tree") {
  const { fromValue, print } = await import("../../packages/nix-ast/dist/index.js");
  emit = () => print(fromValue(data));
} else if (tool === "nijs") {
  const { default: nijs } = await import("nijs");
  emit = () => nijs.jsToNix(data, true);
} else throw new Error(`unknown tool ${tool}`);

emit(); // warm-up: JIT and lazy initialisation are not what we measure
let best = Infinity;
let bytes = 0;
for (let r = 0; r < repeats; r++) {
  const t0 = process.hrtime.bigint();
  const text = emit();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  bytes = Buffer.byteLength(text);
  best = Math.min(best, ms);
}
const maxRssMB = process.resourceUsage().maxRSS / 1024;
process.stdout.write(JSON.stringify({ tool, n, bytes, ms: best, maxRssMB }) + "\n");
