import type { Transaction } from "kysely";
import type { Db } from "../../db/connection.ts";
import type { Database } from "../../db/database.ts";
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

  for (const [position, item] of registry.data_classes.entries()) {
    if (needsWrite("data_class")(item)) await upsertNamed(trx, "data_classes", item, position);
  }
  for (const [position, item] of registry.use_cases.entries()) {
    if (needsWrite("use_case")(item)) await upsertNamed(trx, "use_cases", item, position);
  }
  for (const [position, item] of registry.vendors.entries()) {
    if (needsWrite("vendor")(item)) await upsertVendor(trx, item, position);
  }
  for (const [position, item] of registry.models.entries()) {
    if (needsWrite("model")(item)) await upsertModel(trx, item, position);
  }
  for (const [position, item] of registry.systems.entries()) {
    if (needsWrite("system")(item)) await upsertSystem(trx, item, position);
  }

  await deleteWhereIdIn(trx, "models", removed("model"));
  await deleteWhereIdIn(trx, "vendors", removed("vendor"));
  await deleteWhereIdIn(trx, "use_cases", removed("use_case"));
  await deleteWhereIdIn(trx, "data_classes", removed("data_class"));

  for (const batch of inBatches(changes)) {
    await trx
      .insertInto("audit_log")
      .values(
        batch.map((change) => ({
          at,
          actor,
          action: change.action,
          entity_type: change.type,
          entity_id: change.id,
          before: change.before === null ? null : json(change.before),
          after: change.after === null ? null : json(change.after),
        })),
      )
      .execute();
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

async function upsertNamed(
  trx: Transaction<Database>,
  table: "data_classes" | "use_cases",
  item: DataClass | UseCase,
  position: number,
): Promise<void> {
  const row = { id: item.id, position, name: item.name, aliases: json(item.aliases) };
  await trx
    .insertInto(table)
    .values(row)
    .onConflict((oc) => oc.column("id").doUpdateSet({ position, name: row.name, aliases: row.aliases }))
    .execute();
}

async function upsertVendor(trx: Transaction<Database>, vendor: Vendor, position: number): Promise<void> {
  const row = {
    position,
    name: vendor.name,
    status_page: vendor.status_page,
    owner: vendor.owner,
    models_url: vendor.models_url,
    models_api_key_env: vendor.models_api_key_env,
    litellm_url: vendor.litellm_url,
    litellm_provider: vendor.litellm_provider,
  };
  await trx
    .insertInto("vendors")
    .values({ id: vendor.id, ...row })
    .onConflict((oc) => oc.column("id").doUpdateSet(row))
    .execute();
}

async function upsertModel(trx: Transaction<Database>, model: Model, position: number): Promise<void> {
  const row = {
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
  };
  await trx
    .insertInto("models")
    .values({ id: model.id, ...row })
    .onConflict((oc) => oc.column("id").doUpdateSet(row))
    .execute();
}

async function upsertSystem(trx: Transaction<Database>, system: System, position: number): Promise<void> {
  const row = {
    position,
    name: system.name,
    owner: system.owner,
    channel: system.channel,
    data_class: system.data_class,
  };
  await trx
    .insertInto("systems")
    .values({ id: system.id, ...row })
    .onConflict((oc) => oc.column("id").doUpdateSet(row))
    .execute();
  await trx.deleteFrom("system_models").where("system_id", "=", system.id).execute();
  await trx
    .insertInto("system_models")
    .values(system.models.map((modelId, index) => ({ system_id: system.id, model_id: modelId, position: index })))
    .execute();
}
