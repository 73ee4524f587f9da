import { describeDatabase, type Environment } from "../config.ts";
import { AppError, isAppError } from "../errors.ts";
import { askCommand } from "./ask-command.ts";
import { openCliDeps } from "./cli-deps.ts";
import type { CliCommand, CliIo } from "./cli-io.ts";
import { feedsCheckCommand } from "./feeds-command.ts";
import {
  incidentCreateCommand,
  incidentExportCommand,
  incidentListCommand,
  incidentUpdateCommand,
} from "./incident-commands.ts";
import { notifyCommand } from "./notify-command.ts";
import { policyImportCommand } from "./policy-command.ts";
import {
  registryDraftCommand,
  registryExportCommand,
  registryImportCommand,
  registryValidateCommand,
} from "./registry-commands.ts";
import { startCommand } from "./start-command.ts";

const migrateCommand: CliCommand = {
  path: ["migrate"],
  usage: "aigov migrate",
  summary: "create or upgrade the database (also done at start-up)",
  async run(args, io, env) {
    if (args.length > 0) throw new AppError("usage", `usage: ${this.usage}`);
    const deps = await openCliDeps(env, io);
    await deps.db.destroy();
    io.out(`database ${describeDatabase(deps.config.database)} is up to date`);
    return 0;
  },
};

export const COMMANDS: readonly CliCommand[] = [
  startCommand,
  migrateCommand,
  registryValidateCommand,
  registryImportCommand,
  registryExportCommand,
  registryDraftCommand,
  askCommand,
  incidentCreateCommand,
  incidentListCommand,
  incidentUpdateCommand,
  incidentExportCommand,
  notifyCommand,
  feedsCheckCommand,
  policyImportCommand,
];

function usage(): string {
  const width = Math.max(...COMMANDS.map((command) => command.usage.length));
  return [
    "aigov: AI governance in Slack. Which models are approved, for what, and what to use instead.",
    "",
    "Usage:",
    ...COMMANDS.map((command) => `  ${command.usage.padEnd(width)}  ${command.summary}`),
    "",
    "Settings come from the environment or a .env file; see README.md.",
  ].join("\n");
}

/** Runs one CLI invocation with the settings in `env` and returns its exit code. */
export async function runCli(argv: string[], io: CliIo, env: Environment): Promise<number> {
  if (argv.length === 0 || argv[0] === "--help" || argv[0] === "-h" || argv[0] === "help") {
    io.out(usage());
    return argv.length === 0 ? 2 : 0;
  }
  const command = COMMANDS.filter((candidate) => candidate.path.every((word, index) => argv[index] === word)).sort(
    (a, b) => b.path.length - a.path.length,
  )[0];
  if (!command) {
    io.err(`aigov: unknown command "${argv.join(" ")}"\n\n${usage()}`);
    return 2;
  }
  const rest = argv.slice(command.path.length);
  if (rest.includes("--help") || rest.includes("-h")) {
    io.out(`usage: ${command.usage}\n${command.summary}`);
    return 0;
  }
  try {
    return await command.run(rest, io, env);
  } catch (error) {
    if (isAppError(error)) {
      io.err(`aigov: ${error.message}`);
      return error.code === "usage" ? 2 : 1;
    }
    if (error instanceof TypeError && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS")) {
      io.err(`aigov: ${error.message}\nusage: ${command.usage}`);
      return 2;
    }
    io.err(`aigov: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 1;
  }
}
