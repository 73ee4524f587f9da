// The process entry of the compiled CLI and bot: `aigov …`, `npm start`, the Docker image and the systemd unit
// all start here (`node dist/src/cli/run.js …`).
import { setFlagsFromString } from "node:v8";

// Keeps V8's young generation at its starting size instead of letting it double up to 2 × 64 MB on a machine
// with plenty of memory after a burst of allocation (building the name index, a registry import, an export),
// and keeping it. Nearly everything those bursts allocate lives to the end, so a bigger young generation only
// holds copies on their way to the old one. Measured (README, Performance): a 100,000-model import peaked at
// 619 MB and 430 MB with it, the bot at 10,000 models went from 213 to 158 MB resident, for no measurable CPU.
// Set here, before the app's modules load, because this is the one place every way of starting passes through;
// `--max-semi-space-size` would do the same but can only be given on node's command line.
setFlagsFromString("--semi-space-growth-factor=1");

const { readProcessEnvironment } = await import("../config.ts");
const { processIo } = await import("./cli-io.ts");
const { runCli } = await import("./main.ts");
process.exitCode = await runCli(process.argv.slice(2), processIo, readProcessEnvironment());
