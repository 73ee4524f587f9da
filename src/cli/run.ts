import { readProcessEnvironment } from "../config.ts";
import { processIo } from "./cli-io.ts";
import { runCli } from "./main.ts";

// The process entry of the compiled CLI and bot: `aigov …` and `node dist/src/cli/run.js …`.
process.exitCode = await runCli(process.argv.slice(2), processIo, readProcessEnvironment());
