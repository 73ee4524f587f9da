import { readFile } from "node:fs/promises";
import { stringify } from "yaml";
import type { Db } from "../../db/connection.ts";
import { AppError } from "../../errors.ts";
import type { Registry } from "./registry.ts";
import { diffRegistries, type RegistryChange } from "./registry-diff.ts";
import { findRegistryRevision, loadRegistry, writeRegistryChanges } from "./registry-repository.ts";
import { formatProblem, type RegistryProblem, validateRegistryText } from "./registry-validator.ts";

export interface ImportSummary {
  added: RegistryChange[];
  changed: RegistryChange[];
  removed: RegistryChange[];
  revision: number;
}

export type ExportFormat = "yaml" | "json";

export interface RegistryService {
  /** Reads and checks a file; throws registry_invalid listing every problem. */
  readRegistryFile(path: string): Promise<Registry>;
  checkRegistryFile(
    path: string,
  ): Promise<{ ok: true; registry: Registry } | { ok: false; problems: RegistryProblem[] }>;
  importRegistry(registry: Registry, actor: string): Promise<ImportSummary>;
  exportRegistry(format: ExportFormat): Promise<string>;
  /** The current registry, cached until the next import from any process. */
  currentRegistry(): Promise<Registry>;
  currentRevision(): Promise<number>;
}

export function createRegistryService(deps: { db: Db; now: () => Date }): RegistryService {
  const { db, now } = deps;
  let cached: { revision: number; registry: Registry } | null = null;

  const checkRegistryFile: RegistryService["checkRegistryFile"] = async (path) => {
    let source: string;
    try {
      source = await readFile(path, "utf8");
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message;
      throw new AppError("registry_file_unreadable", `Cannot read registry file ${path}: ${reason}`);
    }
    return validateRegistryText(source);
  };

  return {
    checkRegistryFile,

    async readRegistryFile(path) {
      const result = await checkRegistryFile(path);
      if (result.ok) return result.registry;
      const lines = result.problems.map((problem) => formatProblem(problem, path));
      throw new AppError(
        "registry_invalid",
        `${path} has ${result.problems.length} problem${result.problems.length === 1 ? "" : "s"}:\n${lines.join("\n")}`,
        lines,
      );
    },

    async importRegistry(registry, actor) {
      return db.transaction().execute(async (trx) => {
        const before = await loadRegistry(trx);
        const diff = diffRegistries(before, registry);
        await writeRegistryChanges(trx, { registry, diff, actor, at: now().toISOString() });
        const byAction = (action: RegistryChange["action"]) => diff.changes.filter((c) => c.action === action);
        return {
          added: byAction("added"),
          changed: byAction("changed"),
          removed: byAction("removed"),
          revision: await findRegistryRevision(trx),
        };
      });
    },

    async exportRegistry(format) {
      const file = toRegistryFile(await loadRegistry(db));
      return format === "json" ? `${JSON.stringify(file, null, 2)}\n` : stringify(file, { lineWidth: 0 });
    },

    async currentRegistry() {
      const revision = await findRegistryRevision(db);
      if (cached?.revision !== revision) cached = { revision, registry: await loadRegistry(db) };
      return cached.registry;
    },

    currentRevision: () => findRegistryRevision(db),
  };
}

/**
 * The registry as a person would write it: no null keys and no empty lists,
 * except `use_cases: []`, which means "no use case" where absent means "any".
 */
function toRegistryFile(registry: Registry): Record<string, unknown> {
  return {
    version: registry.version,
    governance: withoutEmpty(registry.governance),
    data_classes: registry.data_classes.map(withoutEmpty),
    use_cases: registry.use_cases.map(withoutEmpty),
    vendors: registry.vendors.map(withoutEmpty),
    models: registry.models.map(withoutEmpty),
    systems: registry.systems.map(withoutEmpty),
  };
}

function withoutEmpty(item: object): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(item).filter(
      ([key, value]) => value !== null && !(Array.isArray(value) && value.length === 0 && key !== "use_cases"),
    ),
  );
}
