import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  // Optional per-vendor sources of model retirement dates.
  for (const column of ["models_url", "models_api_key_env", "litellm_url", "litellm_provider"]) {
    await db.schema.alterTable("vendors").addColumn(column, "text").execute();
  }
  await db.schema
    .createTable("feed_state")
    .addColumn("url", "text", (col) => col.primaryKey())
    .addColumn("vendor_id", "text", (col) => col.notNull())
    .addColumn("kind", "text", (col) => col.notNull())
    .addColumn("etag", "text")
    .addColumn("last_modified", "text")
    .addColumn("initialized", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("watching_since", "text")
    .addColumn("last_polled_at", "text")
    .addColumn("last_success_at", "text")
    .addColumn("consecutive_failures", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("next_poll_at", "text")
    .addColumn("last_error", "text")
    .execute();

  await db.schema
    .createTable("feed_incidents")
    .addColumn("feed_url", "text", (col) => col.notNull())
    .addColumn("external_id", "text", (col) => col.notNull())
    .addColumn("incident_id", "integer", (col) => col.references("incidents.id"))
    .addColumn("status", "text", (col) => col.notNull())
    .addColumn("name", "text", (col) => col.notNull())
    .addColumn("seen_updates", "text", (col) => col.notNull().defaultTo("[]"))
    .addColumn("first_seen_at", "text", (col) => col.notNull())
    .addPrimaryKeyConstraint("feed_incidents_pk", ["feed_url", "external_id"])
    .execute();

  await db.schema
    .createTable("feed_retirements")
    .addColumn("source_url", "text", (col) => col.notNull())
    .addColumn("model_id", "text", (col) => col.notNull())
    .addColumn("retires_on", "text", (col) => col.notNull())
    .addColumn("incident_id", "integer", (col) => col.references("incidents.id"))
    .addColumn("seen_at", "text", (col) => col.notNull())
    .addPrimaryKeyConstraint("feed_retirements_pk", ["source_url", "model_id"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["feed_retirements", "feed_incidents", "feed_state"]) await db.schema.dropTable(table).execute();
  for (const column of ["models_url", "models_api_key_env", "litellm_url", "litellm_provider"]) {
    await db.schema.alterTable("vendors").dropColumn(column).execute();
  }
}
