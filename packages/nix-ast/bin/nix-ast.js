#!/usr/bin/env node
// Committed so npm links the command at install time, before dist/ is built. Runs the bundled
// command line (scripts/bundle-cli.mjs: it starts faster), or the modules when only `tsc` was run.
import { existsSync } from "node:fs";

const bundled = new URL("../dist/cli-bundle/cli.js", import.meta.url);
await import(existsSync(bundled) ? bundled.href : "../dist/cli.js");
