import type { Kysely } from "kysely";

/** The nightly prune deletes old Slack event claims by age, a batch at a time, without scanning them all. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex("slack_events_received_at_idx").on("slack_events").column("received_at").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("slack_events_received_at_idx").execute();
}
