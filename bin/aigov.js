#!/usr/bin/env node
// The CLI and the bot run straight from the TypeScript sources, so `npx aigov`
// works right after `npm ci` with no build step.
import { register } from "tsx/esm/api";

register();
const { runCli } = await import("../src/cli/main.ts");
process.exitCode = await runCli(process.argv.slice(2));
