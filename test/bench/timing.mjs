// Timing helpers shared by the benchmarks.

/**
 * Time growth from a small input to one `k` times its size, measured fairly on a shared machine:
 * each round times `k` runs on the small input and one run on the large input back to back (equal
 * work, the same moment's load), and gives their ratio times `k`; the result is the median over
 * `rounds` rounds, after one warm-up of each. Comparing the best of separate short and long runs
 * instead lets the short runs catch quiet moments and inflates the ratio (up to 3x seen here).
 *
 * @returns the growth (k for linear time) and the median single-run times in ms.
 */
export function interleavedGrowth(small, large, k, rounds = 5) {
  small();
  large();
  const ratios = [];
  const smallMs = [];
  const largeMs = [];
  for (let r = 0; r < rounds; r++) {
    let t = performance.now();
    for (let i = 0; i < k; i++) small();
    const s = (performance.now() - t) / k;
    t = performance.now();
    large();
    const l = performance.now() - t;
    ratios.push(l / s);
    smallMs.push(s);
    largeMs.push(l);
  }
  return { growth: median(ratios), smallMs: median(smallMs), largeMs: median(largeMs) };
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

/** Best wall time (ms) of `runs` runs of `fn`, after one warm-up run. */
export function bestOf(fn, runs) {
  fn();
  let min = Infinity;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    min = Math.min(min, performance.now() - t);
  }
  return min;
}
