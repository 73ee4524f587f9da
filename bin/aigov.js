#!/usr/bin/env node
// Runs the compiled CLI (`npm run build`, done by `npm ci` in a clone).
import { existsSync } from "node:fs";

const entry = new URL("../dist/src/cli/run.js", import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write("aigov: the compiled build is missing (dist/). Run `npm run build` in the aigov folder.\n");
  process.exit(1);
}
await import(entry.href);
