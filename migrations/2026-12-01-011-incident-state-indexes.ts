import type { Kysely } from "kysely";

/**
 * Reads of the current state (open suspensions, open incidents) and of recent
 * history (App Home's 90-day counts) go through these indexes: without them
 * each answer and each App Home render scanned every incident ever logged.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex("incidents_status_type_idx").on("incidents").columns(["status", "type"]).execute();
  await db.schema.createIndex("incidents_started_at_idx").on("incidents").column("started_at").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("incidents_started_at_idx").execute();
  await db.schema.dropIndex("incidents_status_type_idx").execute();
}
