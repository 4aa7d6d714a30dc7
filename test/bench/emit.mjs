// One measurement in a fresh process, so peak memory belongs to this emitter and size alone.
// Usage: node emit.mjs <nix-ast|nix-ast-tree|nijs> <records> <repeats>
//        node emit.mjs <tool> growth     time growth 10k -> 100k records, interleaved (timing.mjs)
//   nix-ast       printValue(data): plain data written straight from the value
//   nix-ast-tree  print(fromValue(data)): the same text through a whole AST
import { records } from "./records.mjs";
import { interleavedGrowth } from "./timing.mjs";

const [tool, nArg, repArg] = process.argv.slice(2);

async function emitter(data) {
  if (tool === "nix-ast") {
    const { printValue } = await import("../../packages/nix-ast/dist/index.js");
    return () => printValue(data);
  }
  if (tool === "nix-ast-tree") {
    const { fromValue, print } = await import("../../packages/nix-ast/dist/index.js");
    return () => print(fromValue(data));
  }
  if (tool === "nijs") {
    const { default: nijs } = await import("nijs");
    return () => nijs.jsToNix(data, true);
  }
  throw new Error(`unknown tool ${tool}`);
}

if (nArg === "growth") {
  const g = interleavedGrowth(await emitter(records(10_000)), await emitter(records(100_000)), 10, 5);
  process.stdout.write(JSON.stringify({ tool, ...g }) + "\n");
} else {
  const n = Number(nArg);
  const repeats = Number(repArg ?? 3);
  const emit = await emitter(records(n));
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
}
