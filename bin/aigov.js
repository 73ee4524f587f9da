#!/usr/bin/env -S node --max-semi-space-size=4
// Runs the compiled CLI (`npm run build`, done by `npm ci` in a clone).
// --max-semi-space-size caps V8's young generation at 2 × 4 MB. Without it, on a machine with a lot of memory,
// V8 grows it to 2 × 64 MB after a burst of allocation (building the name index, an export) and keeps it:
// resident memory 213 → 164 MB for the bot at 10,000 models (README, Performance). It cannot be set once
// Node runs, so it is given here, in `npm start`, and as NODE_OPTIONS in the Dockerfile and the systemd unit.
import { existsSync } from "node:fs";

const entry = new URL("../dist/src/cli/run.js", import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write("aigov: the compiled build is missing (dist/). Run `npm run build` in the aigov folder.\n");
  process.exit(1);
}
await import(entry.href);
