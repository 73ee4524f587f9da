import { sql, type Transaction } from "kysely";
import type { Db } from "../../db/connection.ts";
import type { Database } from "../../db/database.ts";
import { isPostgres } from "../../db/dialect.ts";
import type { DataClass, Model, Registry, System, UseCase, Vendor } from "./registry.ts";
import type { EntityType, RegistryDiff } from "./registry-diff.ts";

type Executor = Db | Transaction<Database>;

const json = (value: unknown) => JSON.stringify(value);
const list = (text: string): string[] => JSON.parse(text) as string[];

export async function findRegistryRevision(db: Executor): Promise<number> {
  const row = await db.selectFrom("registry_state").select("revision").where("id", "=", 1).executeTakeFirst();
  return row?.revision ?? 0;
}

export async function findImportedFileHash(db: Executor): Promise<string | null> {
  const row = await db.selectFrom("registry_state").select("file_hash").where("id", "=", 1).executeTakeFirst();
  return row?.file_hash ?? null;
}

export async function saveImportedFileHash(db: Executor, hash: string | null): Promise<void> {
  await db.updateTable("registry_state").set({ file_hash: hash }).where("id", "=", 1).execute();
}

/** Reads the whole registry back in the order it was written. */
export async function loadRegistry(db: Executor): Promise<Registry> {
  const [state, dataClasses, useCases, vendors, models, systems, links] = await Promise.all([
    db.selectFrom("registry_state").selectAll().where("id", "=", 1).executeTakeFirst(),
    db.selectFrom("data_classes").selectAll().orderBy("position").execute(),
    db.selectFrom("use_cases").selectAll().orderBy("position").execute(),
    db.selectFrom("vendors").selectAll().orderBy("position").execute(),
    db.selectFrom("models").selectAll().orderBy("position").execute(),
    db.selectFrom("systems").selectAll().orderBy("position").execute(),
    db.selectFrom("system_models").selectAll().orderBy("system_id").orderBy("position").execute(),
  ]);
  const modelsBySystem = new Map<string, string[]>();
  for (const link of links) {
    const bucket = modelsBySystem.get(link.system_id) ?? [];
    bucket.push(link.model_id);
    modelsBySystem.set(link.system_id, bucket);
  }
  return {
    version: 1,
    governance: { leads: list(state?.leads ?? "[]"), notice_channel: state?.notice_channel ?? null },
    data_classes: dataClasses.map((row) => ({ id: row.id, name: row.name, aliases: list(row.aliases) })),
    use_cases: useCases.map((row) => ({ id: row.id, name: row.name, aliases: list(row.aliases) })),
    vendors: vendors.map((row) => ({
      id: row.id,
      name: row.name,
      status_page: row.status_page,
      owner: row.owner,
      models_url: row.models_url,
      models_api_key_env: row.models_api_key_env,
      litellm_url: row.litellm_url,
      litellm_provider: row.litellm_provider,
    })),
    models: models.map((row) => ({
      id: row.id,
      name: row.name,
      vendor: row.vendor_id,
      aliases: list(row.aliases),
      status: row.status as Model["status"],
      max_data_class: row.max_data_class,
      use_cases: row.use_cases === null ? null : list(row.use_cases),
      conditions: row.conditions,
      hosting: row.hosting as Model["hosting"],
      open_weights: row.open_weights === 1,
      retires_on: row.retires_on,
      alternatives: list(row.alternatives),
      policy_url: row.policy_url,
      reviewed_on: row.reviewed_on,
    })),
    systems: systems.map((row) => ({
      id: row.id,
      name: row.name,
      owner: row.owner,
      channel: row.channel,
      data_class: row.data_class,
      models: modelsBySystem.get(row.id) ?? [],
    })),
  };
}

export interface RegistryWrite {
  registry: Registry;
  diff: RegistryDiff;
  actor: string;
  at: string;
}

/**
 * Applies a computed sync inside the caller's transaction. Order matters for
 * foreign keys: referenced rows are written before, and removed after, the
 * rows that point at them.
 */
export async function writeRegistryChanges(trx: Transaction<Database>, write: RegistryWrite): Promise<void> {
  const { registry, diff, actor, at } = write;
  const { changes } = diff;
  const removed = (type: EntityType) =>
    changes.filter((c) => c.type === type && c.action === "removed").map((c) => c.id);
  const needsWrite = (type: EntityType) => (item: { id: string }) => diff.touched[type].has(item.id);

  await deleteWhereIdIn(trx, "systems", removed("system"));

  await trx
    .updateTable("registry_state")
    .set({
      leads: json(registry.governance.leads),
      notice_channel: registry.governance.notice_channel,
      imported_at: at,
      imported_by: actor,
    })
    .where("id", "=", 1)
    .execute();

  const touched = <T extends { id: string }>(items: readonly T[], type: EntityType): [T, number][] =>
    items.flatMap((item, position): [T, number][] => (needsWrite(type)(item) ? [[item, position]] : []));
  await writeRows(
    trx,
    "data_classes",
    touched(registry.data_classes, "data_class").map(([item, position]) => namedRow(item, position)),
  );
  await writeRows(
    trx,
    "use_cases",
    touched(registry.use_cases, "use_case").map(([item, position]) => namedRow(item, position)),
  );
  await writeRows(
    trx,
    "vendors",
    touched(registry.vendors, "vendor").map(([item, position]) => vendorRow(item, position)),
  );
  for (const batch of inBatches(touched(registry.models, "model"))) {
    await writeRows(
      trx,
      "models",
      batch.map(([item, position]) => modelRow(item, position)),
    );
  }
  for (const batch of inBatches(touched(registry.systems, "system"))) {
    await writeRows(
      trx,
      "systems",
      batch.map(([item, position]) => systemRow(item, position)),
    );
    const ids = batch.map(([system]) => system.id);
    await trx.deleteFrom("system_models").where("system_id", "in", ids).execute();
    const links = batch.flatMap(([system]) =>
      system.models.map((modelId, index) => ({ system_id: system.id, model_id: modelId, position: index })),
    );
    await writeRows(trx, "system_models", links, { upsert: false });
  }

  await deleteWhereIdIn(trx, "models", removed("model"));
  await deleteWhereIdIn(trx, "vendors", removed("vendor"));
  await deleteWhereIdIn(trx, "use_cases", removed("use_case"));
  await deleteWhereIdIn(trx, "data_classes", removed("data_class"));

  for (const batch of inBatches(changes)) {
    await writeRows(
      trx,
      "audit_log",
      batch.map((change) => ({
        at,
        actor,
        action: change.action,
        entity_type: change.type,
        entity_id: change.id,
        before: change.before === null ? null : json(change.before),
        after: change.after === null ? null : json(change.after),
      })),
      { upsert: false },
    );
  }
  if (changes.length > 0) {
    await trx
      .updateTable("registry_state")
      .set((eb) => ({ revision: eb("revision", "+", 1) }))
      .where("id", "=", 1)
      .execute();
  }
}

async function deleteWhereIdIn(
  trx: Transaction<Database>,
  table: "systems" | "models" | "vendors" | "use_cases" | "data_classes",
  ids: string[],
): Promise<void> {
  for (const batch of inBatches(ids)) await trx.deleteFrom(table).where("id", "in", batch).execute();
}

/** SQLite caps bound parameters per statement (32,766), so big syncs go in slices. */
function inBatches<T>(items: readonly T[], size = 500): T[][] {
  const batches: T[][] = [];
  for (let start = 0; start < items.length; start += size) batches.push(items.slice(start, start + size));
  return batches;
}

/**
 * Inserts rows (or, with `upsert`, updates those whose id exists) through one
 * short statement that reads them from a JSON parameter. A statement per row,
 * or one with thousands of bound parameters, keeps its native memory until
 * garbage collection, which a big import outruns: 2.3 GB for 100,000 models.
 * Table and column names come from this file, never from the registry.
 */
async function writeRows(
  trx: Transaction<Database>,
  table: "data_classes" | "use_cases" | "vendors" | "models" | "systems" | "system_models" | "audit_log",
  rows: readonly Record<string, string | number | null>[],
  options: { upsert: boolean } = { upsert: true },
): Promise<void> {
  const columns = Object.keys(rows[0] ?? {});
  if (columns.length === 0) return;
  const names = sql.join(columns.map((column) => sql.id(column)));
  const conflict = options.upsert
    ? sql` on conflict (id) do update set ${sql.join(
        columns
          .filter((column) => column !== "id")
          .map((column) => sql`${sql.id(column)} = excluded.${sql.id(column)}`),
      )}`
    : sql``;
  if (isPostgres(trx)) {
    // The table's own row type gives each JSON value its column's type.
    await sql`insert into ${sql.table(table)} (${names}) select ${names} from json_populate_recordset(null::${sql.table(table)}, ${JSON.stringify(rows)}::json)${conflict}`.execute(
      trx,
    );
    return;
  }
  // Each row travels as an array of its values: a third shorter than an object, and quicker for SQLite to pick apart.
  const values = sql.join(columns.map((_column, index) => sql`value ->> ${sql.lit(index)}`));
  // "where true" lets SQLite tell the upsert's ON CONFLICT from a join's ON.
  await sql`insert into ${sql.table(table)} (${names}) select ${values} from json_each(${JSON.stringify(rows.map((row) => columns.map((column) => row[column])))}) where true${conflict}`.execute(
    trx,
  );
}

const namedRow = (item: DataClass | UseCase, position: number) => ({
  id: item.id,
  position,
  name: item.name,
  aliases: json(item.aliases),
});

const vendorRow = (vendor: Vendor, position: number) => ({
  id: vendor.id,
  position,
  name: vendor.name,
  status_page: vendor.status_page,
  owner: vendor.owner,
  models_url: vendor.models_url,
  models_api_key_env: vendor.models_api_key_env,
  litellm_url: vendor.litellm_url,
  litellm_provider: vendor.litellm_provider,
});

const modelRow = (model: Model, position: number) => ({
  id: model.id,
  position,
  name: model.name,
  vendor_id: model.vendor,
  aliases: json(model.aliases),
  status: model.status,
  max_data_class: model.max_data_class,
  use_cases: model.use_cases === null ? null : json(model.use_cases),
  conditions: model.conditions,
  hosting: model.hosting,
  open_weights: model.open_weights ? 1 : 0,
  retires_on: model.retires_on,
  alternatives: json(model.alternatives),
  policy_url: model.policy_url,
  reviewed_on: model.reviewed_on,
});

const systemRow = (system: System, position: number) => ({
  id: system.id,
  position,
  name: system.name,
  owner: system.owner,
  channel: system.channel,
  data_class: system.data_class,
});
