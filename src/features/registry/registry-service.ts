import { stringify } from "yaml";
import type { Db } from "../../db/connection.ts";
import { buildModelCatalog, type ModelCatalog } from "./model-catalog.ts";
import type { Registry } from "./registry.ts";
import { diffRegistries, type RegistryChange } from "./registry-diff.ts";
import { toRegistryFile } from "./registry-file-format.ts";
import {
  findImportedFileHash,
  findRegistryRevision,
  loadRegistry,
  saveImportedFileHash,
  writeRegistryChanges,
} from "./registry-repository.ts";

export interface ImportSummary {
  added: RegistryChange[];
  changed: RegistryChange[];
  removed: RegistryChange[];
  revision: number;
}

export type ExportFormat = "yaml" | "json";

export interface RegistryService {
  /** `fileHash`: the content hash of the file it came from, so an unchanged file need not be read again. */
  importRegistry(registry: Registry, actor: string, options?: { fileHash?: string }): Promise<ImportSummary>;
  /** The content hash of the file last imported, null when the last import was not from a hashed file. */
  importedFileHash(): Promise<string | null>;
  exportRegistry(format: ExportFormat): Promise<string>;
  /** The current registry, cached until the next import from any process. */
  currentRegistry(): Promise<Registry>;
  currentRevision(): Promise<number>;
  /** The current registry's model catalog (name matching, alternatives): built once per revision, shared by every caller. */
  catalog(): Promise<ModelCatalog>;
}

export function createRegistryService(deps: { db: Db; now: () => Date }): RegistryService {
  const { db, now } = deps;
  let cached: { revision: number; registry: Registry } | null = null;
  let cachedCatalog: { registry: Registry; catalog: ModelCatalog } | null = null;

  async function currentRegistry(): Promise<Registry> {
    const revision = await findRegistryRevision(db);
    if (cached?.revision !== revision) cached = { revision, registry: await loadRegistry(db) };
    return cached.registry;
  }

  return {
    async importRegistry(registry, actor, options = {}) {
      return db.transaction().execute(async (trx) => {
        const before = await loadRegistry(trx);
        const diff = diffRegistries(before, registry);
        await writeRegistryChanges(trx, { registry, diff, actor, at: now().toISOString() });
        await saveImportedFileHash(trx, options.fileHash ?? null);
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

    currentRegistry,

    async catalog() {
      const registry = await currentRegistry();
      if (cachedCatalog?.registry !== registry) cachedCatalog = { registry, catalog: buildModelCatalog(registry) };
      return cachedCatalog.catalog;
    },

    currentRevision: () => findRegistryRevision(db),
    importedFileHash: () => findImportedFileHash(db),
  };
}
