#!/usr/bin/env -S node --max-semi-space-size=4
// Runs the compiled CLI (`npm run build`, done by `npm ci` in a clone).
// --max-semi-space-size caps V8's young generation at 2 × 4 MB. Without it, on a machine with a lot of memory,
// V8 grows it to 2 × 64 MB after a burst of allocation (building the name index, an export) and keeps it:
// resident memory 213 → 164 MB for the bot at 10,000 models (README, Performance). It cannot be set once
// Node runs, so it is given here, in `npm start`, and as NODE_OPTIONS in the Dockerfile and the systemd unit.
import { existsSync } from "node:fs";
import { setFlagsFromString } from "node:v8";

// Keeps V8's young generation at its starting size instead of letting it double (up to 32 MB a half) while a
// large file is read. Nearly everything a registry import allocates lives until the end (the parsed file, the
// registry, the rows), so a bigger young generation only holds copies on their way to the old one: 100,000 models
// peaked at 574 MB to validate and 619 MB to import, and 338 MB and 430 MB with this, for about the same CPU time.
// It applies to `aigov start` too, whose start-up import of a registry file is the same work. Set at run time
// because that is the only place the launcher can: `--max-semi-space-size` would have to be on node's command line.
setFlagsFromString("--semi-space-growth-factor=1");

const entry = new URL("../dist/src/cli/run.js", import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write("aigov: the compiled build is missing (dist/). Run `npm run build` in the aigov folder.\n");
  process.exit(1);
}
await import(entry.href);
