import { userInfo } from "node:os";
import { parseArgs } from "node:util";
import { AppError } from "../errors.ts";
import type { RegistryChange } from "../features/registry/registry-diff.ts";
import { checkRegistryFile, draftFromLitellmFile, readRegistryFile } from "../features/registry/registry-files.ts";
import { formatProblem } from "../features/registry/registry-validator.ts";
import { count } from "../plural.ts";
import { openCliDeps } from "./cli-deps.ts";
import type { CliCommand, CliIo } from "./cli-io.ts";

function oneFile(args: string[], usage: string): { file: string; values: Record<string, string | undefined> } {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { actor: { type: "string" } },
  });
  if (positionals.length !== 1 || !positionals[0]) throw new AppError("usage", `usage: ${usage}`);
  return { file: positionals[0], values };
}

export const registryValidateCommand: CliCommand = {
  path: ["registry", "validate"],
  usage: "aigov registry validate FILE",
  summary: "check a registry file and list every problem with its line",
  async run(args, io) {
    const { file } = oneFile(args, this.usage);
    const result = await checkRegistryFile(file);
    if (!result.ok) {
      for (const problem of result.problems) io.err(formatProblem(problem, file));
      io.err(`${file}: ${count(result.problems.length, "problem")}`);
      return 1;
    }
    const { registry } = result;
    io.out(
      `${file} is valid: ${count(registry.vendors.length, "vendor")}, ${count(registry.models.length, "model")}, ${count(registry.systems.length, "system")}`,
    );
    return 0;
  },
};

export const registryImportCommand: CliCommand = {
  path: ["registry", "import"],
  usage: "aigov registry import FILE [--actor NAME]",
  summary: "sync the database with a registry file (one transaction; audited)",
  async run(args, io, env) {
    const { file, values } = oneFile(args, this.usage);
    const registry = await readRegistryFile(file);
    const deps = await openCliDeps(env, io);
    try {
      const actor = values.actor ?? `cli:${userInfo().username}`;
      const summary = await deps.registry.importRegistry(registry, actor);
      printChanges(io, summary.added, "+");
      printChanges(io, summary.changed, "~");
      printChanges(io, summary.removed, "-");
      io.out(
        `imported ${file}: ${summary.added.length} added, ${summary.changed.length} changed, ${summary.removed.length} removed (revision ${summary.revision})`,
      );
      return 0;
    } finally {
      await deps.db.destroy();
    }
  },
};

export const registryExportCommand: CliCommand = {
  path: ["registry", "export"],
  usage: "aigov registry export [--format yaml|json]",
  summary: "print the registry stored in the database",
  async run(args, io, env) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { format: { type: "string", default: "yaml" } },
    });
    if (positionals.length > 0 || (values.format !== "yaml" && values.format !== "json")) {
      throw new AppError("usage", `usage: ${this.usage}`);
    }
    const deps = await openCliDeps(env, io);
    try {
      io.out(await deps.registry.exportRegistry(values.format));
      return 0;
    } finally {
      await deps.db.destroy();
    }
  },
};

/** One write for the whole list: a line per write costs a system call each, a second for 100,000 models. */
function printChanges(io: CliIo, changes: RegistryChange[], mark: string): void {
  if (changes.length > 0) io.out(changes.map((change) => `${mark} ${change.type} ${change.id}`).join("\n"));
}

export const registryDraftCommand: CliCommand = {
  path: ["registry", "draft"],
  usage: "aigov registry draft --from-litellm FILE",
  summary: "print a registry draft (YAML) of every chat model in LiteLLM's public catalog",
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { "from-litellm": { type: "string" } },
    });
    const file = values["from-litellm"];
    if (!file || positionals.length > 0) throw new AppError("usage", `usage: ${this.usage}`);
    const draft = await draftFromLitellmFile(file);
    io.out(draft.yaml);
    io.err(`drafted ${draft.models} chat models (${draft.skipped} other catalog entries skipped)`);
    return 0;
  },
};
