import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("incidents")
    .addColumn("id", "integer", (col) => col.primaryKey().autoIncrement())
    .addColumn("vendor_id", "text")
    .addColumn("vendor_name", "text", (col) => col.notNull())
    .addColumn("type", "text", (col) => col.notNull())
    .addColumn("severity", "text", (col) => col.notNull())
    .addColumn("status", "text", (col) => col.notNull())
    .addColumn("title", "text", (col) => col.notNull())
    .addColumn("description", "text")
    .addColumn("impact", "text")
    .addColumn("started_at", "text", (col) => col.notNull())
    .addColumn("reporter", "text", (col) => col.notNull())
    .addColumn("source", "text", (col) => col.notNull())
    .addColumn("source_channel", "text")
    .addColumn("source_ts", "text")
    .addColumn("source_url", "text")
    .addColumn("card_channel", "text")
    .addColumn("card_ts", "text")
    .addColumn("card_url", "text")
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("updated_at", "text", (col) => col.notNull())
    .addColumn("resolved_at", "text")
    .execute();
  await db.schema
    .createIndex("incidents_source_message_idx")
    .on("incidents")
    .columns(["source_channel", "source_ts"])
    .unique()
    .execute();
  await db.schema.createIndex("incidents_status_idx").on("incidents").column("status").execute();
  await db.schema.createIndex("incidents_card_idx").on("incidents").columns(["card_channel", "card_ts"]).execute();

  await db.schema
    .createTable("incident_models")
    .addColumn("incident_id", "integer", (col) => col.notNull().references("incidents.id").onDelete("cascade"))
    .addColumn("model_id", "text", (col) => col.notNull())
    .addColumn("position", "integer", (col) => col.notNull())
    .addPrimaryKeyConstraint("incident_models_pk", ["incident_id", "model_id"])
    .execute();
  await db.schema.createIndex("incident_models_model_idx").on("incident_models").column("model_id").execute();

  await db.schema
    .createTable("incident_events")
    .addColumn("id", "integer", (col) => col.primaryKey().autoIncrement())
    .addColumn("incident_id", "integer", (col) => col.notNull().references("incidents.id"))
    .addColumn("at", "text", (col) => col.notNull())
    .addColumn("actor", "text", (col) => col.notNull())
    .addColumn("kind", "text", (col) => col.notNull())
    .addColumn("old_value", "text")
    .addColumn("new_value", "text")
    .addColumn("note", "text")
    .execute();
  await db.schema.createIndex("incident_events_incident_idx").on("incident_events").column("incident_id").execute();

  await db.schema
    .createTable("channel_settings")
    .addColumn("channel_id", "text", (col) => col.primaryKey())
    .addColumn("suggest_incidents", "integer", (col) => col.notNull().defaultTo(1))
    .addColumn("updated_by", "text", (col) => col.notNull())
    .addColumn("updated_at", "text", (col) => col.notNull())
    .execute();

  await db.schema
    .createTable("incident_suggestions")
    .addColumn("channel_id", "text", (col) => col.notNull())
    .addColumn("thread_ts", "text", (col) => col.notNull())
    .addColumn("suggested_at", "text", (col) => col.notNull())
    .addPrimaryKeyConstraint("incident_suggestions_pk", ["channel_id", "thread_ts"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["incident_suggestions", "channel_settings", "incident_events", "incident_models", "incidents"]) {
    await db.schema.dropTable(table).execute();
  }
}
