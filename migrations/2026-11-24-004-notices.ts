import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("notices")
    .addColumn("id", "integer", (col) => col.primaryKey().autoIncrement())
    .addColumn("dedupe_key", "text", (col) => col.notNull().unique())
    .addColumn("kind", "text", (col) => col.notNull())
    .addColumn("incident_id", "integer", (col) => col.references("incidents.id"))
    .addColumn("model_id", "text")
    .addColumn("threshold_days", "integer")
    .addColumn("decided_at", "text", (col) => col.notNull())
    .addColumn("decided_by", "text", (col) => col.notNull())
    .execute();
  await db.schema.createIndex("notices_incident_idx").on("notices").column("incident_id").execute();

  await db.schema
    .createTable("notice_deliveries")
    .addColumn("id", "integer", (col) => col.primaryKey().autoIncrement())
    .addColumn("notice_id", "integer", (col) => col.notNull().references("notices.id"))
    .addColumn("dedupe_key", "text", (col) => col.notNull().unique())
    .addColumn("purpose", "text", (col) => col.notNull())
    .addColumn("parent_id", "integer", (col) => col.references("notice_deliveries.id"))
    .addColumn("target_kind", "text", (col) => col.notNull())
    .addColumn("target", "text", (col) => col.notNull())
    .addColumn("system_ids", "text", (col) => col.notNull().defaultTo("[]"))
    .addColumn("detail", "text")
    .addColumn("state", "text", (col) => col.notNull())
    .addColumn("attempts", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("next_attempt_at", "text", (col) => col.notNull())
    .addColumn("lease_until", "text")
    .addColumn("last_error", "text")
    .addColumn("channel", "text")
    .addColumn("ts", "text")
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("sent_at", "text")
    .execute();
  await db.schema
    .createIndex("notice_deliveries_due_idx")
    .on("notice_deliveries")
    .columns(["state", "next_attempt_at"])
    .execute();
  await db.schema.createIndex("notice_deliveries_notice_idx").on("notice_deliveries").column("notice_id").execute();

  await db.schema
    .createTable("notice_acks")
    .addColumn("notice_id", "integer", (col) => col.notNull().references("notices.id"))
    .addColumn("system_id", "text", (col) => col.notNull())
    .addColumn("user_id", "text", (col) => col.notNull())
    .addColumn("at", "text", (col) => col.notNull())
    .addPrimaryKeyConstraint("notice_acks_pk", ["notice_id", "system_id"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["notice_acks", "notice_deliveries", "notices"]) await db.schema.dropTable(table).execute();
}
