import { stringify } from "yaml";
import type { Db } from "../../db/connection.ts";
import type { Registry } from "./registry.ts";
import { diffRegistries, type RegistryChange } from "./registry-diff.ts";
import { toRegistryFile } from "./registry-file-format.ts";
import { findRegistryRevision, loadRegistry, writeRegistryChanges } from "./registry-repository.ts";

export interface ImportSummary {
  added: RegistryChange[];
  changed: RegistryChange[];
  removed: RegistryChange[];
  revision: number;
}

export type ExportFormat = "yaml" | "json";

export interface RegistryService {
  importRegistry(registry: Registry, actor: string): Promise<ImportSummary>;
  exportRegistry(format: ExportFormat): Promise<string>;
  /** The current registry, cached until the next import from any process. */
  currentRegistry(): Promise<Registry>;
  currentRevision(): Promise<number>;
}

export function createRegistryService(deps: { db: Db; now: () => Date }): RegistryService {
  const { db, now } = deps;
  let cached: { revision: number; registry: Registry } | null = null;

  return {
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
