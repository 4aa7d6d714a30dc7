// Preloaded with `node --import` into a measured process: on exit it reports the process's peak
// memory (max RSS) on stderr as one marked line, so that cli.mjs can read it for any command.
import { writeSync } from "node:fs";

process.on("exit", () => {
  writeSync(2, `\n@@maxRSS ${process.resourceUsage().maxRSS}\n`);
});
