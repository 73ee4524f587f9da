import { type Kysely, sql } from "kysely";

/**
 * Each feed round looks for feed incidents whose card was never posted (a
 * crash, a Slack outage). Partial, so it holds only those few rows and the
 * round no longer reads the latest incidents to find them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex("incidents_feed_without_card_idx")
    .on("incidents")
    .column("id")
    .where(sql.ref("source"), "=", "feed")
    .where(sql.ref("card_ts"), "is", null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("incidents_feed_without_card_idx").execute();
}
