import { type Environment, loadConfig } from "../config.ts";
import type { Deps } from "../deps.ts";
import { openDeps } from "../main.ts";
import type { CliIo } from "./cli-io.ts";

/** The app's dependencies for one command, with settings from `env` and log lines on the command's stderr. */
export function openCliDeps(env: Environment, io: CliIo): Promise<Deps> {
  return openDeps(loadConfig(env), { writeLog: (line) => io.err(line) });
}

/** Runs `run` on freshly opened dependencies and closes the database afterwards, whatever happens. */
export async function withCliDeps(env: Environment, io: CliIo, run: (deps: Deps) => Promise<number>): Promise<number> {
  const deps = await openCliDeps(env, io);
  try {
    return await run(deps);
  } finally {
    await deps.db.destroy();
  }
}
