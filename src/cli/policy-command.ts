import { parseArgs } from "node:util";
import { AppError } from "../errors.ts";
import { openCliDeps } from "./cli-deps.ts";
import type { CliCommand } from "./cli-io.ts";

export const policyImportCommand: CliCommand = {
  path: ["policy", "import"],
  usage: "aigov policy import DIR",
  summary: "index the Markdown policy documents under DIR (replaces the previous import)",
  async run(args, io, env) {
    const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
    if (positionals.length !== 1) throw new AppError("usage", `usage: ${this.usage}`);
    const deps = await openCliDeps(env, io);
    try {
      const { files, sections } = await deps.policy.importDirectory(positionals[0] as string);
      io.out(`imported ${sections} sections from ${files} policy documents`);
      return 0;
    } finally {
      await deps.db.destroy();
    }
  },
};
