// Package-like records, the same for every emitter in one run (deterministic, no randomness).
export function records(n) {
  const out = {};
  for (let i = 0; i < n; i++) {
    const name = `pkg-${i}`;
    out[name] = {
      pname: name,
      version: `${i % 10}.${i % 7}.${i % 13}`,
      src: {
        url: `https://registry.example.org/${name}/-/${name}-${i % 10}.${i % 7}.tgz`,
        hash: `sha512-${Buffer.from(String(i * 7919)).toString("base64")}AbCdEf0123456789==`,
      },
      dependencies: [`dep-${i % 97}`, `dep-${i % 89}`, `dep-${(i * 3) % 101}`],
      doCheck: i % 2 === 0,
      jobs: i % 16,
      meta: {
        description: `Package number ${i}, with "quotes" and a \${literal} brace`,
        license: i % 3 === 0 ? "MIT" : "ISC",
      },
    };
  }
  return out;
}
