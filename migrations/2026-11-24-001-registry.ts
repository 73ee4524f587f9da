import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("registry_state")
    .addColumn("id", "integer", (col) => col.primaryKey())
    .addColumn("revision", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("leads", "text", (col) => col.notNull().defaultTo("[]"))
    .addColumn("notice_channel", "text")
    .addColumn("imported_at", "text")
    .addColumn("imported_by", "text")
    .execute();
  await db.insertInto("registry_state").values({ id: 1, revision: 0, leads: "[]" }).execute();

  for (const table of ["data_classes", "use_cases"]) {
    await db.schema
      .createTable(table)
      .addColumn("id", "text", (col) => col.primaryKey())
      .addColumn("position", "integer", (col) => col.notNull())
      .addColumn("name", "text")
      .addColumn("aliases", "text", (col) => col.notNull().defaultTo("[]"))
      .execute();
  }

  await db.schema
    .createTable("vendors")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("position", "integer", (col) => col.notNull())
    .addColumn("name", "text", (col) => col.notNull())
    .addColumn("status_page", "text")
    .addColumn("owner", "text")
    .execute();

  await db.schema
    .createTable("models")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("position", "integer", (col) => col.notNull())
    .addColumn("name", "text", (col) => col.notNull())
    .addColumn("vendor_id", "text", (col) => col.notNull().references("vendors.id"))
    .addColumn("aliases", "text", (col) => col.notNull().defaultTo("[]"))
    .addColumn("status", "text", (col) => col.notNull())
    .addColumn("max_data_class", "text", (col) => col.notNull().references("data_classes.id"))
    .addColumn("use_cases", "text")
    .addColumn("conditions", "text")
    .addColumn("hosting", "text", (col) => col.notNull())
    .addColumn("open_weights", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("retires_on", "text")
    .addColumn("alternatives", "text", (col) => col.notNull().defaultTo("[]"))
    .addColumn("policy_url", "text")
    .addColumn("reviewed_on", "text")
    .execute();
  await db.schema.createIndex("models_vendor_idx").on("models").column("vendor_id").execute();

  await db.schema
    .createTable("systems")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("position", "integer", (col) => col.notNull())
    .addColumn("name", "text", (col) => col.notNull())
    .addColumn("owner", "text")
    .addColumn("channel", "text")
    .addColumn("data_class", "text", (col) => col.notNull().references("data_classes.id"))
    .execute();

  await db.schema
    .createTable("system_models")
    .addColumn("system_id", "text", (col) => col.notNull().references("systems.id").onDelete("cascade"))
    .addColumn("model_id", "text", (col) => col.notNull().references("models.id"))
    .addColumn("position", "integer", (col) => col.notNull())
    .addPrimaryKeyConstraint("system_models_pk", ["system_id", "model_id"])
    .execute();
  await db.schema.createIndex("system_models_model_idx").on("system_models").column("model_id").execute();

  await db.schema
    .createTable("audit_log")
    .addColumn("id", "integer", (col) => col.primaryKey().autoIncrement())
    .addColumn("at", "text", (col) => col.notNull().defaultTo(sql`CURRENT_TIMESTAMP`))
    .addColumn("actor", "text", (col) => col.notNull())
    .addColumn("action", "text", (col) => col.notNull())
    .addColumn("entity_type", "text", (col) => col.notNull())
    .addColumn("entity_id", "text", (col) => col.notNull())
    .addColumn("before", "text")
    .addColumn("after", "text")
    .execute();
  await db.schema.createIndex("audit_log_entity_idx").on("audit_log").columns(["entity_type", "entity_id"]).execute();

  await db.schema
    .createTable("slack_events")
    .addColumn("event_key", "text", (col) => col.primaryKey())
    .addColumn("received_at", "text", (col) => col.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "slack_events",
    "audit_log",
    "system_models",
    "systems",
    "models",
    "vendors",
    "use_cases",
    "data_classes",
    "registry_state",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
