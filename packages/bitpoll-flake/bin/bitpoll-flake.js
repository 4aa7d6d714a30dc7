#!/usr/bin/env node
// Committed so that npm can link the command at install time, before `dist/` is built.
import { main } from "../dist/cli.js";

process.exitCode = main(process.argv.slice(2));
